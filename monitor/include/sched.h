/*
 * Scheduling of a shared core. For now round-robin among the core's READY
 * vCPUs on the private timer (EDF for SRT comes with issue 3).
 */
#ifndef SCHED_H
#define SCHED_H

#include <stdint.h>

/* Returns the position in [0, n) of the next ready vCPU after `pos` in
 * round-robin order (`pos` itself last), or -1 when none is ready.
 * `ready[i]` is nonzero when vCPU i may run. Pure. */
int sched_rr_next(const uint8_t *ready, unsigned n, unsigned pos);

struct trap_frame;
struct pcpu;

/* Starts the core's scheduler; never returns. */
__attribute__((noreturn)) void sched_start(struct pcpu *p);

/* Chooses what runs when the trap returns, switching the frame's context and
 * the address space if needed; idles until something is ready. */
void sched_resume(struct pcpu *p, struct trap_frame *f);

/* A timer interrupt of the core's scheduling timer. */
void sched_tick(struct pcpu *p);

#endif
