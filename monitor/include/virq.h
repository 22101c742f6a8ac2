/*
 * Virtual interrupts of User-mode guests (RESEARCH.md "OVM"): an interrupt
 * for the running guest is delivered at once, one for a guest that does not
 * run is queued and delivered, in arrival order, when it is next
 * dispatched. Delivery is an upcall: the guest's context is saved in the
 * monitor and the guest resumes at its registered entry with r0 = the vIRQ
 * ID; HC_VIRQ_RETURN restores the saved context.
 */
#ifndef VIRQ_H
#define VIRQ_H

#include <stdint.h>
#include "abi/hypercall.h"
#include "arch.h"
#include "trace.h"
#include "vcpu.h"

/* Queue operations. Pure: unit-tested on the host. */
int virq_queue_push(struct virq_queue *q, unsigned id);     /* 0 if already queued */
int virq_queue_pop(struct virq_queue *q);                   /* -1 if empty */

/* Queues vIRQ `id` for `v`, from code running on core `here`; a guest of
 * another core is kicked (sched_kick). */
void virq_raise(struct vcpu *v, unsigned id, unsigned here);

/* On v's own core: pops the oldest pending vIRQ of `v` (-1 if none) and
 * says in *more how many remain. */
int virq_take(struct vcpu *v, unsigned *more);
/* Empties the queue of `v` (its restart). */
void virq_reset(struct vcpu *v);

/* On the way back to `v` (whose context is in `f`): delivers a pending
 * deadline-miss upcall or virtual interrupt if the guest can take one. */
void virq_deliver(struct vcpu *v, struct trap_frame *f);

/* The upcall: the guest's context `f` is kept in v->upcall_saved and it
 * resumes at `entry` (bit 0: Thumb) with r0 = a0, r1 = a1, IRQs unmasked
 * and sp 8-byte aligned (AAPCS 5.2.1.2); HC_VIRQ_RETURN restores it. */
static inline void virq_upcall_enter(struct vcpu *v, struct trap_frame *f, uint32_t entry,
                                     uint32_t a0, uint32_t a1)
{
    arch_frame_copy(&v->upcall_saved, f);
    v->in_upcall = 1;
    f->r[0] = a0;
    f->r[1] = a1;
    f->lr_usr = 0;
    f->sp_usr &= ~7u;                         /* AAPCS: 8-byte aligned */
    f->pc = entry & ~1u;
    f->cpsr = PSR_MODE_USR | ((entry & 1u) ? PSR_T : 0u);
}

/* Whether vIRQ `id` for `v`, raised on v's core while v runs, may enter
 * its handler at once, bypassing the queue: what virq_raise() followed by
 * virq_deliver() at this entry's end would give. It may if the ID is one
 * the queue takes, v has a handler and is not in an upcall, nothing is
 * queued (that goes first: arrival order), no deadline-miss upcall is due
 * (it takes precedence) and the guest has not masked its vIRQs (`sh`, its
 * virq_shared, read only once a handler is registered: virq_register
 * checked its address with the entry's). Pure but for the relaxed read of
 * the count, as virq_any(): unit-tested on the host. */
static inline int virq_can_enter(const struct vcpu *v, unsigned id,
                                 const struct virq_shared *sh)
{
    if (id >= CFG_VIRQ_COUNT || v->in_upcall || v->virq_entry == 0)
        return 0;
    if (__atomic_load_n(&v->virqs.count, __ATOMIC_RELAXED) != 0)
        return 0;
    if (v->ev && v->ev->miss_pending && v->miss_entry)
        return 0;
    return !sh->masked;
}

#ifndef HOST_TEST
/*
 * The direct delivery (issue 11): if virq_can_enter(), delivers `id` into
 * the running guest's context `f` and returns 1; else 0, and the caller
 * queues it with virq_raise(). On an empty queue the push and the pop under
 * the lock would be a no-op pair: the ID leaves the queue as it entered,
 * `pending` is 0 (virq_deliver's `more`). The count is read relaxed,
 * without the lock: a push of the other core that the read does not see is
 * ordered after this delivery (its kick brings the core back: the DMB after
 * the SGI's acknowledge, irqfast.c), an order the locked queue could also
 * have given; one that it sees sends this vIRQ through the queue, behind
 * it (tests/models/virq.pml). Only a vIRQ of this core for the vCPU whose
 * context is in `f` comes here; one for another vCPU, or from the other
 * core, goes through virq_raise().
 */
static inline int virq_enter(struct vcpu *v, struct trap_frame *f, unsigned id)
{
    struct virq_shared *sh = (struct virq_shared *)v->virq_shared;
    if (!virq_can_enter(v, id, sh))
        return 0;
    sh->pending = 0;
    TRACE(TR_VIRQ_RAISE, v->index, id);
    TRACE(TR_VIRQ_DELIVER, v->index, id);
    virq_upcall_enter(v, f, v->virq_entry, id, 0);
    return 1;
}
#endif

/* The hypercalls of the interface. */
int32_t virq_register(struct vcpu *v, uint32_t entry, uint32_t shared);
int32_t virq_return(struct vcpu *v, struct trap_frame *f);
int32_t virq_ack(struct vcpu *v, uint32_t id);

#endif
