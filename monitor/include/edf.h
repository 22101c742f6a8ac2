/*
 * Scheduling decisions of a shared core (DESIGN.md section 1, RESEARCH.md
 * "OVM"): SRT vCPUs by Earliest Deadline First on (period, budget, relative
 * deadline), each job released at its period and suspended when its budget
 * is spent or its deadline passes; NRT vCPUs round-robin, with a quantum,
 * only when no SRT job is ready. A run queue and a wait queue in OVM's
 * terms: an SRT vCPU whose job is done waits for its next release.
 *
 * Pure logic on times in timer ticks: the monitor calls it at every
 * scheduling point and programs the core's one-shot timer to
 * edf_next_event(); the host unit tests drive the same code against an
 * independent tick-by-tick simulation.
 */
#ifndef EDF_H
#define EDF_H

#include <stdint.h>

enum edf_level { EDF_SRT = 1, EDF_NRT = 2 };

enum edf_state {
    EDF_READY   = 0,   /* may run: SRT with an active job, or NRT */
    EDF_WAITING = 1,   /* SRT: job done, budget spent or deadline passed; waits for its release */
    EDF_BLOCKED = 2,   /* waits for an event (e.g. a proxied I/O result) */
    EDF_STOPPED = 3,   /* never runs again */
};

#define EDF_NEVER UINT64_MAX

struct edf_vcpu {
    uint8_t level;            /* enum edf_level */
    uint8_t state;            /* enum edf_state */
    uint8_t job_active;       /* SRT: the current job is released and not finished */
    uint8_t miss_pending;     /* a deadline was missed; tell the guest at its next dispatch */
    uint64_t period, budget, deadline;   /* SRT parameters in force */
    uint64_t next_period, next_budget, next_deadline;   /* applied at the next release */
    uint64_t release;         /* release time of the current job */
    uint64_t abs_deadline;    /* its absolute deadline */
    uint64_t next_release;
    uint64_t budget_left;
    uint64_t missed_release;  /* release time of the last job that missed */
    uint32_t jobs, misses, overruns;
    /* Bounded admission (issue 8): the density of the next parameters with
     * the core's job overhead, (next_budget + overhead) / next_deadline in
     * 32.32 fixed point rounded up, kept by edf_set_params_on() so that
     * edf_admissible() divides once, not once per vCPU. */
    uint64_t next_density;
    uint8_t density_known;
    /* Time-triggered release (`exact_release`, release.c): the monitor's
     * one-shot fires this many ticks before each release and the core
     * waits, interrupts masked, until the release itself. The wait is core
     * time no budget pays for: admission charges it to every job of this
     * vCPU on top of the job overhead. 0: released at the interrupt. */
    uint32_t lead;
};

struct edf_core {
    struct edf_vcpu *v;
    unsigned n;
    int running;              /* index of the vCPU on the core, or -1 */
    uint64_t run_start;       /* when `running` was last charged */
    uint64_t quantum;         /* NRT round-robin quantum */
    uint64_t quantum_end;     /* end of the running NRT vCPU's quantum */
    unsigned rr_pos;          /* last NRT vCPU chosen */
    /* Admission counts the monitor (issue 8): what one SRT job costs the
     * core beyond its budget (a release, two switches and an interrupt,
     * measured by `make bench`; from the generated tables), in ticks. */
    uint64_t job_overhead;
};

/* A vCPU's lead as admission counts it: compiled in where a guest of the
 * system may have one (CONFIG_RELEASE_LEADS, release.h) and in the host
 * tests; elsewhere it is 0 and the admission is what it was without it. */
#if defined(CONFIG_RELEASE_LEADS) || defined(HOST_TEST)
#define EDF_LEAD(v) ((uint64_t)(v)->lead)
#else
#define EDF_LEAD(v) ((void)(v), (uint64_t)0)
#endif

/* Sets the parameters of an SRT vCPU (before edf_start). */
void edf_set_params(struct edf_vcpu *v, uint64_t period, uint64_t budget, uint64_t deadline);

/* The same for vCPU i of core c, keeping its density for edf_admissible()
 * (with c's job_overhead: set that first). */
void edf_set_params_on(struct edf_core *c, unsigned i, uint64_t period, uint64_t budget,
                       uint64_t deadline);

/* Releases every SRT vCPU's first job at `now`. */
void edf_start(struct edf_core *c, uint64_t now);

/* Charges the running vCPU for the time since it was last charged, then
 * applies everything due at `now`: deadline misses, spent budgets, releases. */
void edf_update(struct edf_core *c, uint64_t now);

/* The vCPU to run at `now` (after edf_update), or -1 to idle. Records the
 * choice: the caller dispatches it. */
int edf_pick(struct edf_core *c, uint64_t now);

/* The next time a scheduling decision may change (release, deadline,
 * budget exhaustion, quantum end), or EDF_NEVER. */
uint64_t edf_next_event(const struct edf_core *c);

/* One scheduling pass in one loop over the core's vCPUs: the same as
 * edf_update(c, now), then edf_pick(c, now) (returned), then
 * edf_next_event(c) (in *next). *exact is 0 when that event is only the end
 * of an NRT quantum, which the caller may program late by a few ticks; 1
 * when it is an SRT release, deadline or budget end (or EDF_NEVER). */
int edf_schedule(struct edf_core *c, uint64_t now, uint64_t *next, int *exact);

/* A guest switch's event and decision in one: edf_job_done(c, i, now)
 * (done) or edf_yield(c, i, now), then, in a few compares per vCPU, the
 * decision of edf_schedule(c, now, next, exact) for the case a switch
 * usually is: no SRT job active and no release due at `now`. Then it
 * returns, records and puts in *next and *exact exactly what edf_schedule
 * would (checked on the host against it and against the independent
 * simulation, test_edf.c). Otherwise it returns EDF_SWITCH_FULL with only
 * the event applied: the caller takes edf_schedule at the same `now`. */
#define EDF_SWITCH_FULL (-2)
int edf_switch(struct edf_core *c, unsigned i, int done, uint64_t now, uint64_t *next,
               int *exact);

/* The core spends [from, to) in the monitor on nobody's behalf (the wait
 * of a time-triggered release): the running vCPU is charged up to `from`
 * only, and its budget runs again from `to`. */
void edf_pause(struct edf_core *c, uint64_t from, uint64_t to);

/* The running SRT vCPU finished this period's job (OVM's "vm exit"). */
void edf_job_done(struct edf_core *c, unsigned i, uint64_t now);

/* The running NRT vCPU gives up the rest of its quantum. */
void edf_yield(struct edf_core *c, unsigned i, uint64_t now);

/* Whether SRT parameters (period, budget, deadline) may replace vCPU i's
 * on this core: budget <= deadline <= period and the density
 * sum((budget + job_overhead + lead) / deadline) of the core's SRT vCPUs
 * stays <= 1, a sufficient EDF test for constrained deadlines that charges
 * every job the monitor's own cost (and a time-triggered one its lead). */
int edf_admissible(const struct edf_core *c, unsigned i, uint64_t period,
                   uint64_t budget, uint64_t deadline);

#endif
