/*
 * Round-robin scheduling of the SRT and NRT vCPUs of a shared core on the
 * core's private timer. A vCPU keeps the core for one quantum or until it
 * yields; a stopped vCPU is skipped. The context of the running vCPU lives
 * in the trap frame; it is copied to its struct vcpu only when another one
 * takes the core.
 */
#include "arch.h"
#include "config.h"
#include "sched.h"
#include "plat.h"
#include "vcpu.h"

int sched_rr_next(const uint8_t *ready, unsigned n, unsigned pos)
{
    for (unsigned k = 1; k <= n; k++) {
        unsigned i = (pos + k) % n;
        if (ready[i])
            return (int)i;
    }
    return -1;
}

#ifndef HOST_TEST

void trap_irq(struct pcpu *p);

static struct vcpu *vcpu_at(const struct cfg_core *c, unsigned pos)
{
    return &vcpus[c->vcpus[pos]];
}

static void dispatch(struct pcpu *p, struct vcpu *next, unsigned pos,
                     struct trap_frame *f)
{
    struct vcpu *prev = p->current;
    if (prev == next)
        return;
    if (prev && prev->state == VCPU_READY)
        prev->ctx = *f;
    *f = next->ctx;
    const struct cfg_guest *g = next->cfg;
    arch_mmu_switch(g->l1, g->asid, g->dacr);
    p->current = next;
    p->rr_pos = pos;
}

void sched_tick(struct pcpu *p)
{
    p->need_resched = 1;
}

void sched_resume(struct pcpu *p, struct trap_frame *f)
{
    const struct cfg_core *c = &system_config.cores[p->id];
    if (p->current && p->current->state == VCPU_READY && !p->need_resched)
        return;

    for (;;) {
        uint8_t ready[CONFIG_MAX_GUESTS];
        for (unsigned i = 0; i < c->n_vcpus; i++)
            ready[i] = vcpu_at(c, i)->state == VCPU_READY;
        int next = sched_rr_next(ready, c->n_vcpus, p->rr_pos);
        if (next >= 0) {
            p->need_resched = 0;
            if (vcpu_at(c, (unsigned)next) != p->current)
                plat_timer_restart();     /* a full quantum for the newcomer */
            dispatch(p, vcpu_at(c, (unsigned)next), (unsigned)next, f);
            return;
        }
        /* Nothing ready: wait with IRQs masked; WFI still wakes on a
         * pending interrupt, which is then taken by polling. */
        arch_wait_for_interrupt();
        trap_irq(p);
    }
}



void sched_start(struct pcpu *p)
{
    const struct cfg_core *c = &system_config.cores[p->id];
    for (unsigned i = 0; i < c->n_vcpus; i++) {
        struct vcpu *v = vcpu_at(c, i);
        v->ctx.pc = v->cfg->entry;
        v->ctx.sp_usr = v->cfg->stack_top;
        v->ctx.cpsr = PSR_MODE_USR;           /* ARM state, IRQs unmasked */
    }
    struct trap_frame f = {0};
    p->current = 0;
    p->rr_pos = c->n_vcpus - 1;               /* so position 0 runs first */
    plat_timer_start_periodic(c->quantum_ticks);
    sched_resume(p, &f);
    arch_enter_user(&f);
}

#endif
