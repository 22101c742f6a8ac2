/*
 * The `restart` fault policy (docs/monitor.md "Fault policies"): a guest
 * that faults is reloaded from its pristine image, its RAM cleared as at
 * boot, its vCPU and every piece of monitor state it had reset.
 *
 * The reload is done in bounded steps (below) in the
 * restarting guest's own scheduled time: each time the scheduler picks it,
 * one step runs with IRQs masked, then pending interrupts are taken and the
 * scheduler decides again. So a restart costs the other guests of the core
 * no more than one step per dispatch of the restarting guest, and it is
 * charged to the restarting guest's own budget or quantum.
 */
#ifndef RESTART_H
#define RESTART_H

#include <stdint.h>

struct vcpu;
struct trap_frame;

/* One step compares at most RESTART_CHUNK bytes and writes at most
 * RESTART_WRITE_MAX (a copy step: compares and writes that much): measured
 * under QEMU (-icount), the longest step took 13.7 us of virtual time,
 * 1,710 instructions (tests/system/restart.yaml). */
#define RESTART_CHUNK     2048u
#define RESTART_WRITE_MAX 1024u

/* Starts the restart of `v`, the running vCPU of this core, after its
 * fault: resets its monitor state at once (constant work), leaves the
 * reload of its memory to restart_step(). */
void restart_begin(struct vcpu *v);

/* One step of the reload of `v`, whose address space is the current one.
 * Returns 1 when the guest is ready: `f` then holds its first context. */
int restart_step(struct vcpu *v, struct trap_frame *f);

#endif
