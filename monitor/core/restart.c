/*
 * The `restart` fault policy (restart.h).
 *
 * What a restart resets (docs/monitor.md "Fault policies"):
 *  - the vCPU context: the first instruction of the image, the initial
 *    stack, User mode, ARM state; TPIDRURW 0, the exclusive monitor
 *    cleared (as at a first dispatch);
 *  - its virtual interrupts: the queue, the handler registration, the
 *    deadline-miss handler, an upcall in progress;
 *  - its virtual timer;
 *  - its proxied I/O: requests it made are dropped; requests it had
 *    fetched as a service go back to its queue, so the new instance answers
 *    them (ioemu_reset_guest); its virtual UART's input;
 *  - its console line (a partial line is dropped);
 *  - its channel ends: a channel it writes is cleared (zeroed: the ring's
 *    header too, so its readers see "not initialised" until the new
 *    instance lays the ring out again); a channel it reads needs nothing,
 *    the reader's position lives in its own RAM, which is cleared;
 *  - its RAM: zeroed, then the pristine image copied in, as at boot (only
 *    the 32-byte blocks that differ are written);
 *  - SRT: its current job ends; the next job starts at its next release and
 *    its counters (jobs, misses, overruns) continue. Parameters changed by
 *    HC_SET_RT go back to system.yaml's, from that release.
 * Faults and restarts are counted, not reset.
 */
#include "arch.h"
#include "config.h"
#include "edf.h"
#include "ioemu.h"
#include "restart.h"
#include "sched.h"
#include "virq.h"
#include "vcpu.h"

enum { PHASE_CLEAR = 0, PHASE_COPY = 1, PHASE_DONE = 2 };

void restart_begin(struct vcpu *v)
{
    const struct cfg_guest *g = v->cfg;
    v->restarts++;
    v->restarting = 1;
    v->restart_phase = PHASE_CLEAR;
    v->restart_item = 0;
    v->restart_off = 0;

    v->in_upcall = 0;
    v->virq_entry = 0;
    v->virq_shared = 0;
    v->miss_entry = 0;
    v->vtimer = 0;
    virq_reset(v);
    ioemu_reset_guest(v);
    v->line.len = 0;

    struct edf_vcpu *ev = v->ev;
    struct pcpu *p = this_pcpu();
    ev->miss_pending = 0;
    if (ev->level == EDF_SRT) {
        ev->job_active = 0;                   /* the next job starts at its release */
        ev->state = EDF_WAITING;
        unsigned i = (unsigned)(ev - p->ev);
        if (edf_admissible(&p->edf, i, g->period, g->budget, g->deadline))
            edf_set_params(ev, g->period, g->budget, g->deadline);
    } else {
        ev->state = EDF_READY;
    }
    p->need_resched = 1;
}

/*
 * Memory is made equal to its boot content, 32 bytes at a time, writing
 * only the blocks that differ: the guest's code, which it does not change,
 * is then never rewritten (no dirty cache lines on silicon; under QEMU no
 * retranslation of the guest's code at every restart). Every cleared range
 * is 4 KB aligned and sized (RAM, channels).
 */
static uint32_t clear_words(uint32_t va, uint32_t len)
{
    uint32_t off = 0, written = 0;
    for (; off < len && written < RESTART_WRITE_MAX; off += 32u) {
        const uint32_t *w = (const uint32_t *)(va + off);
        if (w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) {
            arch_zero_block(va + off, 32u);
            written += 32u;
        }
    }
    return off;                                /* bytes done */
}

static void copy_bytes(uint32_t va, const uint8_t *src, uint32_t len)
{
    uint32_t bulk = 0;
    if (((va | (uint32_t)src) & 3u) == 0) {
        bulk = len & ~31u;
        for (uint32_t off = 0; off < bulk; off += 32u) {
            const uint32_t *d = (const uint32_t *)(va + off);
            const uint32_t *s = (const uint32_t *)(src + off);
            if ((d[0] ^ s[0]) | (d[1] ^ s[1]) | (d[2] ^ s[2]) | (d[3] ^ s[3]) |
                (d[4] ^ s[4]) | (d[5] ^ s[5]) | (d[6] ^ s[6]) | (d[7] ^ s[7]))
                arch_copy_block(va + off, src + off, 32u);
        }
    }
    volatile uint8_t *d = (volatile uint8_t *)va;
    for (uint32_t i = bulk; i < len; i++)
        if (d[i] != src[i])
            d[i] = src[i];
}

/* The bytes of the image at the start of the first region: the clear
 * leaves them to the copy. */
static uint32_t image_bytes(const struct cfg_guest *g)
{
    if (g->n_load == 0)
        return 0;
    return (uint32_t)(g->load[0].image_end - g->load[0].image);
}

/* The bytes of load entry `c` that come from the image. */
static uint32_t load_len(const struct cfg_copy *c)
{
    uint32_t image_len = (uint32_t)(c->image_end - c->image);
    if (c->offset >= image_len)
        return 0;
    uint32_t n = image_len - c->offset;
    return n < c->size ? n : c->size;
}

int restart_step(struct vcpu *v, struct trap_frame *f)
{
    const struct cfg_guest *g = v->cfg;
    if (v->restart_phase == PHASE_CLEAR) {
        if (v->restart_item >= g->n_restart_clear) {
            v->restart_phase = PHASE_COPY;
            v->restart_item = 0;
            v->restart_off = 0;
            return 0;
        }
        const struct cfg_region *r = &g->restart_clear[v->restart_item];
        if (v->restart_off == 0 && r->va == g->ram[0].va) {
            uint32_t skip = image_bytes(g) & ~31u;
            v->restart_off = skip < r->size ? skip : r->size;
        }
        uint32_t n = r->size - v->restart_off;
        if (n == 0) {
            v->restart_item++;
            return 0;
        }
        if (n > RESTART_CHUNK)
            n = RESTART_CHUNK;
        v->restart_off += clear_words(r->va + v->restart_off, n);
        if (v->restart_off >= r->size) {
            v->restart_item++;
            v->restart_off = 0;
        }
        return 0;
    }
    if (v->restart_phase == PHASE_COPY) {
        if (v->restart_item >= g->n_load) {
            v->restart_phase = PHASE_DONE;
            return 0;
        }
        const struct cfg_copy *c = &g->load[v->restart_item];
        uint32_t total = load_len(c);
        uint32_t n = total - v->restart_off;
        if (n > RESTART_WRITE_MAX)
            n = RESTART_WRITE_MAX;
        if (n) {
            /* load[].offset is relative to the first region's start. */
            uint32_t va = g->ram[0].va + c->offset + v->restart_off;
            copy_bytes(va, c->image + c->offset + v->restart_off, n);
            arch_clean_dcache_range(va, n);
        }
        v->restart_off += n;
        if (v->restart_off >= total) {
            v->restart_item++;
            v->restart_off = 0;
        }
        return 0;
    }
    /* PHASE_DONE: the image is in; the instruction side must see it
     * before the guest runs (arch_sync_icache). */
    arch_sync_icache();
    struct trap_frame fresh = {0};
    fresh.pc = g->entry;
    fresh.sp_usr = g->stack_top;
    fresh.cpsr = PSR_MODE_USR;                /* ARM state, IRQs unmasked */
    arch_frame_copy(&v->ctx, &fresh);
    arch_frame_copy(f, &fresh);
    /* Its User-visible registers as at its first dispatch: `v` is the
     * current vCPU here, so the hardware holds its TPIDRURW (sched.c). */
    v->tpidrurw = 0;
    (void)arch_user_state_switch(0, v->index);
    v->restarting = 0;
    return 1;
}
