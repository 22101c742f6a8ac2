/* The event trace (trace.h): one ring per core, written by that core only. */
#include "trace.h"

#ifdef CONFIG_TRACE

#include "arch.h"
#include "config.h"
#include "plat.h"
#include "vcpu.h"

/* Found by `make trace` through the ELF's symbol table. */
struct trace_ring trace_rings[CONFIG_MAX_CORES];
static uint8_t why[CONFIG_MAX_CORES];
static uint8_t holder[CONFIG_MAX_CORES];     /* last vCPU recorded as holding the core */

void trace_init(unsigned core)
{
    struct trace_ring *r = &trace_rings[core];
    r->records = TRACE_RING_RECORDS;
    r->hz = system_config.ptimer_hz;
    r->head = 0;
    r->magic = TRACE_MAGIC;
    holder[core] = TRACE_NONE;
}

void trace_event(unsigned type, unsigned vcpu, uint32_t arg)
{
    unsigned core = arch_cpu_id();
    struct trace_ring *r = &trace_rings[core];
    uint64_t now = plat_time_now();
    uint32_t head = r->head;
    struct trace_record *rec = &r->rec[head % TRACE_RING_RECORDS];
    rec->time_lo = (uint32_t)now;
    rec->time_hi = (uint32_t)(now >> 32);
    rec->type = (uint8_t)type;
    rec->vcpu = (uint8_t)vcpu;
    rec->core = (uint16_t)core;
    rec->arg = arg;
    /* The reader is offline (a memory dump of a stopped machine): order
     * matters only for a reader on the other core, which would pair this
     * release with an acquire of head. */
    __atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
}

static uint32_t seen[CONFIG_MAX_CORES][CONFIG_MAX_GUESTS][3];   /* jobs, misses, overruns */

void trace_why(unsigned core, unsigned w)
{
    why[core] = (uint8_t)w;
}

/* Releases, misses and spent budgets are decided by edf.c, pure logic
 * with no hooks: they show as its counters moving between two passes. */
void trace_edf(struct pcpu *p)
{
    for (unsigned i = 0; i < p->edf.n; i++) {
        const struct edf_vcpu *ev = &p->ev[i];
        uint32_t *s = seen[p->id][i];
        unsigned g = p->slot[i]->index;
        if (ev->misses != s[1])
            trace_event(TR_MISS, g, (uint32_t)ev->missed_release);
        if (ev->overruns != s[2])
            trace_event(TR_BUDGET, g, 0);
        if (ev->jobs != s[0])
            trace_event(TR_RELEASE, g, (uint32_t)ev->release);
        s[0] = ev->jobs;
        s[1] = ev->misses;
        s[2] = ev->overruns;
    }
}

void trace_dispatch(struct pcpu *p, unsigned vcpu)
{
    if (holder[p->id] == vcpu)
        return;
    holder[p->id] = (uint8_t)vcpu;
    trace_event(TR_DISPATCH, vcpu, why[p->id]);
}

void trace_idle(struct pcpu *p)
{
    why[p->id] = TW_IDLE;
    if (holder[p->id] == TRACE_NONE)
        return;                     /* still idle: one record per idle period */
    holder[p->id] = TRACE_NONE;
    trace_event(TR_IDLE, TRACE_NONE, 0);
}

#endif
