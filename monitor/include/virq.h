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

struct vcpu;
struct trap_frame;
struct virq_queue;

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

/* The hypercalls of the interface. */
int32_t virq_register(struct vcpu *v, uint32_t entry, uint32_t shared);
int32_t virq_return(struct vcpu *v, struct trap_frame *f);
int32_t virq_ack(struct vcpu *v, uint32_t id);

#endif
