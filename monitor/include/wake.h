/*
 * Cross-core wake-up of a blocked vCPU (tests/models/wakeup.pml).
 *
 * A vCPU blocks on its own core (sched_block) waiting for events; another
 * core (or the same one) posts them with wake_post(). The poster never
 * touches the scheduling state of the vCPU: it sets bits in v->wake with a
 * release and kicks the vCPU's core; that core, at every scheduling pass,
 * takes the bits it waits for with an acquire (wake_take) and unblocks it.
 * So an event posted before the vCPU has even been marked blocked is kept,
 * not lost (the lost wake-up of issue 14 item 2), and whatever the poster
 * wrote before posting (the proxied read's result) is visible to the core
 * that resumes the vCPU (item 3; ARM ARM A3.8.2, release/acquire through
 * DMB as GCC emits it for ARMv7).
 */
#ifndef WAKE_H
#define WAKE_H

#include <stdint.h>

struct pcpu;
struct vcpu;
struct trap_frame;

#define WAKE_IO_RESULT  (1u << 0)   /* the answer of its proxied read is in io_result */
#define WAKE_IO_SLOT    (1u << 1)   /* a proxied-I/O slot of its pair is free again */
#define WAKE_CPU_ON     (1u << 2)   /* PSCI CPU_ON of an off Non-secure vCPU (nssmp.c) */

/* Any core: posts `events` for `v` and kicks v's core (sched_kick). */
void wake_post(struct vcpu *v, uint32_t events);

/* v's own core, with v blocked on v->wait_for: if one of those events has
 * been posted, takes it, writes a proxied result into `ctx` (v's register
 * file: the trap frame if v is current, else v->ctx), clears wait_for and
 * returns 1 (the caller makes v ready). Else returns 0. */
int wake_take(struct vcpu *v, struct trap_frame *ctx);

/* Core p's scheduling pass, before its decision: makes ready the vCPUs of
 * the core whose awaited events have been posted (`f` holds the context of
 * p->current). A wake-up posted at any time after the request was
 * published, even before the vCPU was marked blocked, is found here, and
 * the kick that came with it guarantees a pass. Leaves in p->blocked how
 * many are still blocked; sched_block() counts it up, and the pass skips
 * this loop while it is 0 (both on the own core only). */
void wake_pass(struct pcpu *p, struct trap_frame *f);

#endif
