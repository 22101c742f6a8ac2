/* Hypercall dispatch (ABI in abi/hypercall.h). */
#ifndef HVC_H
#define HVC_H

struct vcpu;
struct pcpu;
struct trap_frame;

/* Serves the hypercall in `f` (r0 = number, r1-r3 = arguments) for `v`,
 * leaving the result in f->r[0]. */
void hvc_dispatch(struct pcpu *p, struct vcpu *v, struct trap_frame *f);

/* The SVC entry (vectors.S svc_entry): the hypercall of the running
 * User-mode guest in the trap frame `f`, the calls made most (HC_NULL,
 * HC_CORE_ID, HC_TIME, HC_IO_IN) without hvc_dispatch()'s large frame,
 * then the end of the entry (trap_resume, trap.h). */
void hvc_svc(struct trap_frame *f);

#endif
