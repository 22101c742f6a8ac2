/* EDF with budgets and NRT round-robin for a shared core (edf.h). */
#include "edf.h"

void edf_set_params(struct edf_vcpu *v, uint64_t period, uint64_t budget, uint64_t deadline)
{
    v->next_period = period;
    v->next_budget = budget;
    v->next_deadline = deadline;
    v->density_known = 0;
}

/* (budget + overhead) / deadline in 32.32 fixed point, rounded up so the
 * test stays safe; UINT64_MAX when it cannot fit (refused). */
static uint64_t density(uint64_t budget, uint64_t overhead, uint64_t deadline)
{
    uint64_t b = budget + overhead;
    if (b > UINT32_MAX || deadline == 0 || b > deadline)
        return UINT64_MAX;
    return ((b << 32) + deadline - 1) / deadline;
}

void edf_set_params_on(struct edf_core *c, unsigned i, uint64_t period, uint64_t budget,
                       uint64_t deadline)
{
    struct edf_vcpu *v = &c->v[i];
    edf_set_params(v, period, budget, deadline);
    v->next_density = density(budget, c->job_overhead + EDF_LEAD(v), deadline);
    v->density_known = 1;
}

static void release_job(struct edf_vcpu *v, uint64_t at)
{
    v->period = v->next_period;
    v->budget = v->next_budget;
    v->deadline = v->next_deadline;
    v->release = at;
    v->abs_deadline = at + v->deadline;
    v->next_release = at + v->period;
    v->budget_left = v->budget;
    v->job_active = 1;
    v->jobs++;
    if (v->state == EDF_WAITING)
        v->state = EDF_READY;
}

void edf_start(struct edf_core *c, uint64_t now)
{
    c->running = -1;
    c->run_start = now;
    c->rr_pos = c->n ? c->n - 1 : 0;
    c->quantum_end = now;
    for (unsigned i = 0; i < c->n; i++) {
        struct edf_vcpu *v = &c->v[i];
        if (v->level == EDF_SRT && v->state != EDF_STOPPED) {
            v->state = EDF_WAITING;
            release_job(v, now);
        }
    }
}

static inline void charge(struct edf_core *c, uint64_t now)
{
    if (c->running >= 0) {
        struct edf_vcpu *v = &c->v[c->running];
        if (v->level == EDF_SRT && v->job_active) {
            uint64_t used = now - c->run_start;
            v->budget_left = used < v->budget_left ? v->budget_left - used : 0;
        }
    }
    c->run_start = now;
}

/* Ends the current job of v early (missed, spent or done): v waits for its
 * next release. */
static void suspend_job(struct edf_vcpu *v)
{
    v->job_active = 0;
    if (v->state == EDF_READY)
        v->state = EDF_WAITING;
}

/* Applies what is due to one SRT vCPU at `now` (edf_update's body). */
static inline void update_one(struct edf_vcpu *v, uint64_t now)
{
    if (v->job_active && now >= v->abs_deadline) {
        v->misses++;
        v->miss_pending = 1;
        v->missed_release = v->release;
        suspend_job(v);
    } else if (v->job_active && v->budget_left == 0) {
        v->overruns++;
        suspend_job(v);
    }
    while (now >= v->next_release) {
        if (v->job_active) {              /* several periods late: each job missed */
            v->misses++;
            v->miss_pending = 1;
            v->missed_release = v->release;
        }
        release_job(v, v->next_release);
        if (now >= v->abs_deadline) {
            v->misses++;
            v->miss_pending = 1;
            v->missed_release = v->release;
            suspend_job(v);
        }
    }
}

void edf_update(struct edf_core *c, uint64_t now)
{
    charge(c, now);
    for (unsigned i = 0; i < c->n; i++) {
        struct edf_vcpu *v = &c->v[i];
        if (v->level != EDF_SRT || v->state == EDF_STOPPED)
            continue;
        update_one(v, now);
    }
}

/* What edf_schedule's loop gathers from the SRT vCPUs. */
struct srt_acc {
    uint64_t t;                             /* earliest release or deadline */
    uint64_t best_d;                        /* deadline of `best` */
    int best;                               /* earliest-deadline ready job, or -1 */
};

/* One SRT vCPU's part of edf_schedule, out of line: the loop over an NRT
 * vCPU stays a few instructions. */
__attribute__((noinline)) static void srt_step(struct edf_vcpu *v, int i, uint64_t now,
                                               struct srt_acc *a)
{
    if (now >= v->next_release || v->job_active)
        update_one(v, now);
    if (v->job_active) {
        if (v->state == EDF_READY && (a->best < 0 || v->abs_deadline < a->best_d)) {
            a->best = i;
            a->best_d = v->abs_deadline;
        }
        if (v->abs_deadline < a->t)
            a->t = v->abs_deadline;
    }
    if (v->next_release < a->t)
        a->t = v->next_release;
}

/* The NRT round-robin of a decision with no SRT job ready, as edf_pick:
 * the holder of an unexpired quantum, else the first ready one after rr_pos
 * (wrapping to rr_pos itself); lowers *t to the quantum's end (*exact = 0)
 * when another NRT vCPU is waiting. nrt_ready != 0: bit i, vCPU i is NRT
 * and ready. Shared by edf_schedule and edf_switch. */
static inline int nrt_pick(struct edf_core *c, uint64_t now, uint32_t nrt_ready, unsigned n,
                           uint64_t *t, int *exact)
{
    int best;
    unsigned cur = c->rr_pos;
    if (cur < n && (nrt_ready & (1u << cur)) && now < c->quantum_end) {
        best = (int)cur;
    } else {
        uint32_t after = nrt_ready & (~1u << cur);   /* cur < n <= 32 */
        best = __builtin_ctz(after ? after : nrt_ready);
        c->rr_pos = (unsigned)best;
        c->quantum_end = now + c->quantum;
    }
    /* Another NRT vCPU waiting: the quantum's end matters. */
    if ((nrt_ready & ~(1u << best)) && c->quantum_end < *t) {
        *t = c->quantum_end;
        *exact = 0;
    }
    return best;
}

int edf_schedule(struct edf_core *c, uint64_t now, uint64_t *next, int *exact)
{
    charge(c, now);
    struct srt_acc a = {EDF_NEVER, 0, -1};
    uint32_t nrt_ready = 0;                 /* bit i: vCPU i is NRT and ready */
    struct edf_vcpu *v = c->v;
    unsigned n = c->n;
    for (unsigned i = 0; i < n; i++) {
        unsigned state = v[i].state;
        if (v[i].level != EDF_SRT)
            nrt_ready |= (uint32_t)(state == EDF_READY) << i;
        else if (state != EDF_STOPPED)
            srt_step(&v[i], (int)i, now, &a);
    }
    int best = a.best;
    uint64_t t = a.t;
    *exact = 1;
    if (best >= 0) {
        uint64_t end_budget = now + v[best].budget_left;
        if (end_budget < t)
            t = end_budget;
    } else if (nrt_ready) {
        best = nrt_pick(c, now, nrt_ready, n, &t, exact);
    }
    c->running = best;
    c->run_start = now;
    *next = t;
    return best;
}

int edf_switch(struct edf_core *c, unsigned i, int done, uint64_t now, uint64_t *next,
               int *exact)
{
    struct edf_vcpu *v = c->v;
    /* The event, as edf_job_done (done) or edf_yield. */
    charge(c, now);
    if (v[i].level == EDF_SRT)
        suspend_job(&v[i]);
    else if (!done)
        c->quantum_end = now;
    uint64_t t = EDF_NEVER;
    uint32_t nrt_ready = 0;
    unsigned n = c->n;
    for (unsigned k = 0; k < n; k++) {
        unsigned state = v[k].state;
        if (v[k].level != EDF_SRT) {
            nrt_ready |= (uint32_t)(state == EDF_READY) << k;
        } else if (state != EDF_STOPPED) {
            /* An active job (its deadline, budget, EDF order) or a release
             * due: edf_schedule's srt_step has work to do. */
            if (v[k].job_active || now >= v[k].next_release)
                return EDF_SWITCH_FULL;
            if (v[k].next_release < t)
                t = v[k].next_release;   /* srt_step's contribution: its release */
        }
    }
    /* edf_schedule's charge() is a no-op now: charged above, at `now`. */
    int best = -1;
    *exact = 1;
    if (nrt_ready)
        best = nrt_pick(c, now, nrt_ready, n, &t, exact);
    c->running = best;
    *next = t;
    return best;
}

int edf_pick(struct edf_core *c, uint64_t now)
{
    int best = -1;
    for (unsigned i = 0; i < c->n; i++) {
        const struct edf_vcpu *v = &c->v[i];
        if (v->level == EDF_SRT && v->state == EDF_READY && v->job_active &&
            (best < 0 || v->abs_deadline < c->v[best].abs_deadline))
            best = (int)i;
    }
    if (best < 0) {
        /* NRT: the one holding the quantum keeps the core until the
         * quantum's end (in time, SRT preemption included), then the next
         * ready one after it, round-robin. */
        unsigned cur = c->rr_pos;
        if (cur < c->n && c->v[cur].level == EDF_NRT && c->v[cur].state == EDF_READY &&
            now < c->quantum_end)
            best = (int)cur;
        for (unsigned k = 1; k <= c->n && best < 0; k++) {
            unsigned i = cur + k < c->n ? cur + k : cur + k - c->n;   /* no division */
            if (c->v[i].level == EDF_NRT && c->v[i].state == EDF_READY) {
                best = (int)i;
                c->rr_pos = i;
                c->quantum_end = now + c->quantum;
            }
        }
    }
    c->running = best;
    c->run_start = now;
    return best;
}

uint64_t edf_next_event(const struct edf_core *c)
{
    uint64_t t = EDF_NEVER;
    for (unsigned i = 0; i < c->n; i++) {
        const struct edf_vcpu *v = &c->v[i];
        if (v->level != EDF_SRT || v->state == EDF_STOPPED)
            continue;
        if (v->next_release < t)
            t = v->next_release;
        if (v->job_active && v->abs_deadline < t)
            t = v->abs_deadline;
    }
    if (c->running >= 0) {
        const struct edf_vcpu *r = &c->v[c->running];
        if (r->level == EDF_SRT && r->job_active && c->run_start + r->budget_left < t)
            t = c->run_start + r->budget_left;
        if (r->level == EDF_NRT && c->quantum_end < t) {
            /* Another NRT vCPU waiting: the quantum's end matters. */
            for (unsigned i = 0; i < c->n; i++)
                if ((int)i != c->running && c->v[i].level == EDF_NRT &&
                    c->v[i].state == EDF_READY) {
                    t = c->quantum_end;
                    break;
                }
        }
    }
    return t;
}

void edf_pause(struct edf_core *c, uint64_t from, uint64_t to)
{
    charge(c, from);
    c->run_start = to;
}

void edf_job_done(struct edf_core *c, unsigned i, uint64_t now)
{
    charge(c, now);
    struct edf_vcpu *v = &c->v[i];
    if (v->level == EDF_SRT)
        suspend_job(v);
}

void edf_yield(struct edf_core *c, unsigned i, uint64_t now)
{
    charge(c, now);
    if (c->v[i].level == EDF_NRT)
        c->quantum_end = now;
    else
        edf_job_done(c, i, now);
}

int edf_admissible(const struct edf_core *c, unsigned i, uint64_t period,
                   uint64_t budget, uint64_t deadline)
{
    if (budget == 0 || budget > deadline || deadline > period)
        return 0;
    /* Density in 32.32 fixed point, rounded up so the test stays safe; each
     * job is charged the monitor's cost on top of its budget. One division
     * for the candidate; the others' densities are kept (edf_set_params_on),
     * so the test is a sum over the core's vCPUs (bounded work, issue 8). */
    uint64_t total = density(budget, c->job_overhead + EDF_LEAD(&c->v[i]), deadline);
    if (total == UINT64_MAX)
        return 0;
    uint64_t lead = EDF_LEAD(&c->v[i]), dmin = deadline;
    for (unsigned k = 0; k < c->n; k++) {
        const struct edf_vcpu *v = &c->v[k];
        if (k == i || v->level != EDF_SRT || v->state == EDF_STOPPED)
            continue;
        uint64_t d = v->density_known ? v->next_density
                                      : density(v->next_budget, c->job_overhead + EDF_LEAD(v),
                                                v->next_deadline);
        if (d == UINT64_MAX)
            return 0;
        total += d;
        if (EDF_LEAD(v) > lead)
            lead = EDF_LEAD(v);
        if (v->next_deadline < dmin)
            dmin = v->next_deadline;
    }
    if (total > (1ull << 32))
        return 0;
    /* A time-triggered release's wait (release.c) runs with interrupts
     * masked in [release - lead, release): it is demand of its own vCPU
     * (its density above), but it also blocks the job that runs then, in
     * that job's window. Waits never overlap, so any window holds at most
     * one lead of waits that belong to releases after its deadline: the
     * blocking term lead / (the shortest deadline) must fit too (EDF with
     * blocking, a sufficient test), lead * 2^32 <= (2^32 - total) * dmin,
     * without a division. A deadline of 2^32 ticks or more counts as
     * 2^32 - 1, which only makes the test stricter. */
    if (lead) {
        if (dmin > UINT32_MAX)
            dmin = UINT32_MAX;
        if ((lead << 32) > ((1ull << 32) - total) * dmin)
            return 0;
    }
    return 1;
}
