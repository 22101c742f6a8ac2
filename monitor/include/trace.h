/*
 * The monitor's event trace (`build: {trace: true}`, docs/trace.md): per
 * core, a fixed ring of records in the monitor's own memory, each stamped
 * with the global timer. Only the core that owns a ring writes it, so
 * recording takes no lock and never waits; when the ring is full the
 * oldest records are overwritten (a flight recorder). `make trace` reads
 * the rings out of the emulated memory at the end of a run and renders
 * them (scripts/tracetool/).
 *
 * Compiled in only when the generator's build.mk says TRACE := 1
 * (-DCONFIG_TRACE): otherwise every TRACE() is an empty statement whose
 * arguments are not evaluated, so tracing costs nothing when off.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdint.h>

/* Event types. `vcpu` is a guest index (0xff: none); `arg` as noted. The
 * numbers are the record format: scripts/tracetool/decode.py knows them. */
enum trace_type {
    TR_RELEASE      = 1,   /* SRT job released; arg = its release time (ticks, low 32 bits) */
    TR_DISPATCH     = 2,   /* vcpu now holds the core; arg = reason (enum trace_why) */
    TR_JOB_DONE     = 3,   /* SRT job finished (HC_JOB_DONE / HC_YIELD) */
    TR_BUDGET       = 4,   /* SRT job stopped: its budget is spent (an overrun) */
    TR_MISS         = 5,   /* SRT job missed its deadline; arg = the missed release (low 32) */
    TR_IRQ          = 6,   /* interrupt taken; arg = ID | owner << 16 (0xfe monitor) */
    TR_VIRQ_RAISE   = 7,   /* vIRQ queued for vcpu; arg = vIRQ ID */
    TR_VIRQ_DELIVER = 8,   /* upcall entered in vcpu; arg = vIRQ ID, or 0x10000 for a miss handler */
    TR_UPCALL_RET   = 9,   /* vcpu returned from its upcall */
    TR_HYPERCALL    = 10,  /* hypercall; arg = its number */
    TR_TRAP_IO      = 11,  /* trap-and-emulate access; arg = guest address */
    TR_PROXY_REQ    = 12,  /* proxied I/O request queued by vcpu; arg = request id */
    TR_PROXY_REPLY  = 13,  /* service vcpu answered; arg = request id */
    TR_FAULT        = 14,  /* vcpu faulted; arg = trap kind */
    TR_RESTART      = 15,  /* vcpu restarted */
    TR_IDLE         = 16,  /* no vCPU ready: the core waits */
};

/* Why a vCPU was dispatched (TR_DISPATCH's arg): what the scheduling
 * pass was woken by. */
enum trace_why {
    TW_START   = 0,        /* the core's first dispatch */
    TW_TIMER   = 1,        /* the core's scheduling timer: release, deadline, budget, quantum */
    TW_CALL    = 2,        /* the previous vCPU's hypercall (yield, job done, block, stop) */
    TW_FAULT   = 3,        /* the previous vCPU faulted */
    TW_EVENT   = 4,        /* an event for one of the core's vCPUs (kick, vIRQ, unblock) */
    TW_IDLE    = 5,        /* the core was idle */
};

#define TRACE_NONE 0xffu

struct trace_record {
    uint32_t time_lo;      /* global timer, ticks */
    uint32_t time_hi;
    uint8_t type;          /* enum trace_type */
    uint8_t vcpu;
    uint16_t core;
    uint32_t arg;
};
_Static_assert(sizeof(struct trace_record) == 16, "the record format is 16 bytes");

#define TRACE_RING_RECORDS 8192u           /* per core: 128 KiB */
#define TRACE_MAGIC 0x54524331u            /* "TRC1" */

struct trace_ring {
    uint32_t magic;                        /* TRACE_MAGIC once the core records */
    uint32_t records;                      /* TRACE_RING_RECORDS */
    volatile uint32_t head;                /* records ever written */
    uint32_t hz;                           /* timer ticks per second */
    struct trace_record rec[TRACE_RING_RECORDS];
};

struct pcpu;

#ifdef CONFIG_TRACE
void trace_init(unsigned core);
void trace_event(unsigned type, unsigned vcpu, uint32_t arg);
void trace_why(unsigned core, unsigned why);      /* what woke the next pass */
void trace_edf(struct pcpu *p);                   /* releases, misses, overruns since the last pass */
void trace_dispatch(struct pcpu *p, unsigned vcpu);   /* recorded when the holder changes */
void trace_idle(struct pcpu *p);
#define TRACE(type, vcpu, arg) trace_event((type), (vcpu), (arg))
#define TRACE_WHY(core, why) trace_why((core), (why))
#define TRACE_EDF(p) trace_edf(p)
#define TRACE_DISPATCH(p, vcpu) trace_dispatch((p), (vcpu))
#define TRACE_IDLE(p) trace_idle(p)
#else
#define TRACE(type, vcpu, arg) ((void)0)
#define TRACE_WHY(core, why) ((void)0)
#define TRACE_EDF(p) ((void)0)
#define TRACE_DISPATCH(p, vcpu) ((void)0)
#define TRACE_IDLE(p) ((void)0)
static inline void trace_init(unsigned core) { (void)core; }
#endif

#endif
