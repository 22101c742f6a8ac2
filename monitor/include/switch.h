/*
 * The guest switch of a shared core (switch.c, sched.c): the context switch
 * itself, shared by the scheduling pass (sched_resume) and the fast switch
 * of HC_YIELD / HC_JOB_DONE (sched_switch_call).
 */
#ifndef SWITCH_H
#define SWITCH_H

#include <stdint.h>
#include "abort.h"
#include "arch.h"
#include "tlb.h"
#include "vcpu.h"
#include "vfp.h"

/* Gives the core and the trap frame to `next` (no-op if it runs already):
 * an asynchronous abort still pending is the previous vCPU's, its context
 * is saved, next's loaded, and every piece of CP15 and core state a User
 * guest can see is switched (arch_mmu_switch, arch_user_state_switch,
 * the VFP's owner, the locked TLB entries). */
static inline void sched_dispatch(struct pcpu *p, struct vcpu *next, struct trap_frame *f)
{
    struct vcpu *prev = p->current;
    if (prev == next)
        return;
    /* An asynchronous abort still pending belongs to the vCPU that ran
     * until now, not to the next one (abort.h). */
    uint32_t fsr;
    if (arch_async_abort_take(&fsr))
        abort_async(prev, fsr);
    if (prev && prev->state == VCPU_READY)
        arch_frame_copy(&prev->ctx, f);
    arch_frame_copy(f, &next->ctx);
    const struct cfg_guest *g = next->cfg;
    arch_mmu_switch(g->l1, g->asid, g->dacr);
    uint32_t old_tls = arch_user_state_switch(next->tpidrurw, next->index);
    if (prev)
        prev->tpidrurw = old_tls;
    if (p->vfp_owner)                   /* else no hard-float guest ran here: EN is off */
        vfp_dispatch(p, next);
    if (g->n_tlb_lock) {
        if (!tlb_locked(g))
            tlb_lock_guest(g);      /* once: its fixed slots stay locked (tlb.c) */
        next->tlb_locks++;          /* runs on its locked entries: no walk */
    }
    p->current = next;
}

/* Whether virq_deliver() may have an upcall to make: its own first tests,
 * inline (a relaxed read of the queue's count, as virq_any()). */
static inline int upcall_due(const struct vcpu *v)
{
    if (v->in_upcall)
        return 0;
    return __atomic_load_n(&v->virqs.count, __ATOMIC_RELAXED) != 0 ||
           (v->ev && v->ev->miss_pending);
}

/* sched.c's program_timer, for the fast switch. */
void sched_program_timer(struct pcpu *p, uint64_t t, uint64_t now, int exact);

/* HC_YIELD (nr) or HC_JOB_DONE of v, the running User guest of a shared
 * core, from hvc_svc: the call, its result in r0, and the switch that
 * follows, in full (the frame then holds what runs next). */
void sched_switch_call(struct pcpu *p, struct vcpu *v, struct trap_frame *f, uint32_t nr);

#endif
