/* Hypercall dispatch (ABI in abi/hypercall.h). */
#ifndef HVC_H
#define HVC_H

struct vcpu;
struct pcpu;
struct trap_frame;

/* Serves the hypercall in `f` (r0 = number, r1-r3 = arguments) for `v`,
 * leaving the result in f->r[0]. */
void hvc_dispatch(struct pcpu *p, struct vcpu *v, struct trap_frame *f);

#endif
