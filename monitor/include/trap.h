/* Exception entry from guests (vectors.S -> trap.c). */
#ifndef TRAP_H
#define TRAP_H

#include "arch.h"
#include "sched.h"
#include "vcpu.h"

/* Takes the pending interrupts of this core's CPU interface: at most
 * TRAP_IRQ_MAX (trap.c) per call; the rest stay pending for the next. */
void trap_irq(struct pcpu *p);

void trap_entry(struct trap_frame *f, unsigned kind);
void smc_entry_c(struct trap_frame *f);

/* The SVC and data-abort entries of vectors.S (FAST_USER_FRAME) are
 * hvc_svc() (hvc.h) and ioemu_dabt() (ioemu.h), each ended by
 * trap_resume(). */

/*
 * The end of an entry: sched_resume() unless it would do nothing. It does
 * nothing when no scheduling pass is asked for, the guest is still ready,
 * no vIRQ is queued for a handler it registered and no deadline-miss
 * upcall is due (then its fast branch only finds virq_deliver() with
 * nothing to deliver: it delivers neither without a handler). The
 * guest here is a User-mode one of a shared core, in the Secure world
 * (its sched_start set v->ev; a Non-secure guest's exceptions go to its
 * own vectors and come back through ns_exit_c). The queue count is read
 * relaxed, as virq_any() does: a vIRQ raised by the other core meanwhile
 * comes with its kick (SGI), taken as soon as the guest runs. This mirrors
 * sched_resume()'s fast branch: state that branch resets or acts on at
 * every exit must either imply need_resched or be tested here too.
 */
static inline void trap_resume(struct pcpu *p, struct vcpu *v, struct trap_frame *f)
{
    if (p->need_resched || v->state != VCPU_READY ||
        (__atomic_load_n(&v->virqs.count, __ATOMIC_RELAXED) != 0 && v->virq_entry) ||
        (v->miss_entry && v->ev->miss_pending))      /* most guests have no miss handler */
        sched_resume(p, f);
}

#endif
