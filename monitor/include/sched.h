/*
 * The scheduler of a shared core: the monitor's side of edf.h. It keeps the
 * running vCPU's context in the trap frame, switches contexts and address
 * spaces, fires virtual timers and programs the core's one-shot timer to
 * the next scheduling event (no periodic tick).
 */
#ifndef SCHED_H
#define SCHED_H

#include <stdint.h>

struct trap_frame;
struct pcpu;
struct vcpu;

/* Starts the core's scheduler; never returns. */
__attribute__((noreturn)) void sched_start(struct pcpu *p);

/* Chooses what runs when the trap returns, switching the frame's context and
 * the address space if needed, and delivers pending upcalls; idles until
 * something is ready. */
void sched_resume(struct pcpu *p, struct trap_frame *f);

/* The scheduling timer of the core fired: acknowledges it. At the entry's
 * sched_resume (after every interrupt of the entry is queued, so vIRQs keep
 * their arrival order), a scheduling pass follows if an EDF event is due,
 * else only the virtual timers due fire. */
void sched_tick(struct pcpu *p);

/* The IRQ entry's end of a tick (irqfast.c), once every interrupt of the
 * entry is queued and when no pass is asked for: what sched_resume() would
 * do (fire the virtual timers due, or ask for the pass if an EDF event is
 * due), the running guest's own vIRQ entering its handler directly from its
 * frame `f` (virq_enter). Returns 1 if it did. */
int sched_tick_direct(struct pcpu *p, struct trap_frame *f);

/* HC_VTIMER_SET: v's virtual timer at absolute time `at` (0 = off). */
void sched_vtimer_set(struct pcpu *p, struct vcpu *v, uint64_t at);

/* Events of the running vCPU. */
void sched_job_done(struct pcpu *p, struct vcpu *v);
void sched_yield(struct pcpu *p, struct vcpu *v);
void sched_stop(struct vcpu *v);
/* The running vCPU waits until one of `events` (WAKE_* of wake.h) is
 * posted for it with wake_post(), from any core, at any time from now on
 * or already before (a proxied read's answer, a free proxied-I/O slot). */
void sched_block(struct vcpu *v, uint32_t events);
int32_t sched_set_rt(struct pcpu *p, struct vcpu *v, uint32_t period_us,
                     uint32_t budget_us, uint32_t deadline_us);

/* Makes `core` take a scheduling pass soon: at once on this core (at the
 * trap's return), through an SGI on another one (an event for one of its
 * vCPUs: an unblock, a virtual interrupt). */
#define SCHED_KICK_SGI 15u          /* console.h: why 14 and 15 */
void sched_kick(unsigned core);

/* Time in ticks of the board's timer, and ticks per second. */
uint64_t sched_now(void);

#endif
