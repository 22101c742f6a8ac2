/*
 * The EDF scheduler of a shared core (monitor/core/edf.c) against an
 * independent reference: a tick-by-tick simulation written from the rules
 * in edf.h, on thousands of random task sets (overloaded ones included).
 * Both must produce the same schedule, tick for tick, and the same counts
 * of jobs, deadline misses and budget overruns.
 */
#include <stdint.h>
#include <stdlib.h>
#include "edf.h"
#include "unit.h"

#define MAXV 6
#define HORIZON 1500
#define FOREVER 1000000u

struct task {
    int srt;
    unsigned P, C, D, W;    /* W: work per job (FOREVER: never signals done) */
};

/* ---- reference: one tick at a time ---- */
/* With ref_yields, an NRT task's W is what it runs of each quantum before
 * it yields the rest (HC_YIELD; FOREVER: never), in both the reference
 * and the drive. */
static int ref_yields;

struct ref_state {
    unsigned nwork[MAXV];   /* NRT, ref_yields: left to run before it yields */
    int active[MAXV];
    unsigned rel[MAXV], absd[MAXV], next_rel[MAXV], left[MAXV], work[MAXV];
    unsigned jobs[MAXV], misses[MAXV], overruns[MAXV];
    unsigned rr, qend;
};

static void ref_run(const struct task *t, unsigned n, unsigned Q, int *sched,
                    struct ref_state *s)
{
    memset(s, 0, sizeof *s);
    s->rr = n - 1;
    for (unsigned i = 0; i < n; i++)
        s->next_rel[i] = 0;
    for (unsigned now = 0; now <= HORIZON; now++) {
        for (unsigned i = 0; i < n; i++) {
            if (!t[i].srt)
                continue;
            if (s->active[i] && now >= s->absd[i]) {
                s->misses[i]++;
                s->active[i] = 0;
            } else if (s->active[i] && s->left[i] == 0) {
                s->overruns[i]++;
                s->active[i] = 0;
            }
            while (now >= s->next_rel[i]) {
                if (s->active[i])
                    s->misses[i]++;
                s->rel[i] = s->next_rel[i];
                s->absd[i] = s->rel[i] + t[i].D;
                s->next_rel[i] += t[i].P;
                s->left[i] = t[i].C;
                s->work[i] = t[i].W;
                s->active[i] = 1;
                s->jobs[i]++;
                if (now >= s->absd[i]) {
                    s->misses[i]++;
                    s->active[i] = 0;
                }
            }
        }
        if (now == HORIZON)
            break;
        int pick = -1;
        for (unsigned i = 0; i < n; i++)
            if (t[i].srt && s->active[i] && (pick < 0 || s->absd[i] < s->absd[pick]))
                pick = (int)i;
        if (pick < 0) {
            if (!t[s->rr].srt && now < s->qend)
                pick = (int)s->rr;
            for (unsigned k = 1; k <= n && pick < 0; k++) {
                unsigned i = (s->rr + k) % n;
                if (!t[i].srt) {
                    pick = (int)i;
                    s->rr = i;
                    s->qend = now + Q;
                    s->nwork[i] = t[i].W;
                }
            }
        }
        sched[now] = pick;
        if (ref_yields && pick >= 0 && !t[pick].srt && t[pick].W != FOREVER &&
            --s->nwork[pick] == 0)
            s->qend = now + 1;                  /* yields at now + 1 */
        if (pick >= 0 && t[pick].srt) {
            s->left[pick]--;
            if (--s->work[pick] == 0)
                s->active[pick] = 0;            /* job done at now + 1 */
        }
    }
}

/* ---- the monitor's scheduler, driven by its own events ---- */
/* 0: edf_update, edf_pick and edf_next_event one after the other; 1: the
 * monitor's pass, edf_schedule, which must decide the same; 2: as 1, but
 * after a job done or a yield the decision is edf_switch's, as the
 * monitor's fast switch takes it (edf_schedule when it returns
 * EDF_SWITCH_FULL). */
static int drive_fused;
static unsigned switch_decided, switch_full;   /* mode 2: edf_switch's answers */

static void edf_drive(const struct task *t, unsigned n, unsigned Q, int *sched,
                      struct edf_vcpu *v)
{
    struct edf_core c = {.v = v, .n = n, .quantum = Q};
    unsigned work[MAXV] = {0};
    unsigned nwork[MAXV] = {0};
    unsigned seen_jobs[MAXV] = {0};
    memset(v, 0, sizeof(struct edf_vcpu) * n);
    for (unsigned i = 0; i < n; i++) {
        v[i].level = t[i].srt ? EDF_SRT : EDF_NRT;
        if (t[i].srt)
            edf_set_params(&v[i], t[i].P, t[i].C, t[i].D);
    }
    edf_start(&c, 0);
    uint64_t now = 0;
    int decided = 0, r = -1, decided_exact = 1;   /* mode 2: edf_switch decided at `now` */
    uint64_t next = 0;
    if (!drive_fused)
        edf_update(&c, now);
    for (;;) {
        if (drive_fused) {
            if (now >= HORIZON) {
                edf_update(&c, now);            /* the releases at the horizon, counted */
                break;
            }
            int exact;
            if (!decided)
                r = edf_schedule(&c, now, &next, &exact);
            else
                exact = decided_exact;
            /* "not exact" only for an NRT quantum's end */
            CHECK(exact || (r >= 0 && !t[r].srt && next == c.quantum_end));
            decided = 0;
        }
        for (unsigned i = 0; i < n; i++)
            if (v[i].jobs != seen_jobs[i]) {     /* a new job: new work */
                seen_jobs[i] = v[i].jobs;
                work[i] = t[i].W;
            }
        if (now >= HORIZON)
            break;
        if (!drive_fused) {
            r = edf_pick(&c, now);
            next = edf_next_event(&c);
        }
        /* An NRT vCPU granted a quantum now: its work before it yields. */
        if (ref_yields && r >= 0 && !t[r].srt && c.quantum_end == now + Q)
            nwork[r] = t[r].W;
        if (next > HORIZON)
            next = HORIZON;
        int done = 0, yield = 0;
        if (r >= 0 && t[r].srt && now + work[r] <= next) {
            next = now + work[r];
            done = 1;
        }
        if (ref_yields && r >= 0 && !t[r].srt && t[r].W != FOREVER && now + nwork[r] <= next) {
            next = now + nwork[r];
            yield = 1;
        }
        CHECK(next > now);
        if (next <= now)
            return;
        for (uint64_t k = now; k < next; k++)
            sched[k] = r;
        if (r >= 0 && t[r].srt)
            work[r] -= (unsigned)(next - now);
        if (ref_yields && r >= 0 && !t[r].srt && t[r].W != FOREVER)
            nwork[r] -= (unsigned)(next - now);
        now = next;
        if ((done || yield) && drive_fused == 2 && now < HORIZON) {
            int exact;
            int k = edf_switch(&c, (unsigned)r, done, now, &next, &exact);
            if (k == EDF_SWITCH_FULL) {
                switch_full++;
            } else {
                switch_decided++;
                decided = 1;
                decided_exact = exact;
                r = k;
            }
            continue;
        }
        if (done)
            edf_job_done(&c, (unsigned)r, now);
        if (yield)
            edf_yield(&c, (unsigned)r, now);
        if (!drive_fused)
            edf_update(&c, now);
    }
}

static uint32_t rng = 2463534242u;
static unsigned rnd(unsigned lo, unsigned hi)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return lo + rng % (hi - lo + 1);
}

static void check_against_reference(void)
{
    static int a[HORIZON], b[HORIZON];
    unsigned total_misses = 0, total_overruns = 0, sets = 3000;
    for (unsigned set = 0; set < sets; set++) {
        struct task t[MAXV];
        unsigned n_srt = rnd(1, 4), n_nrt = rnd(0, 2), n = n_srt + n_nrt;
        for (unsigned i = 0; i < n; i++) {
            t[i].srt = i < n_srt;
            t[i].P = rnd(4, 40);
            t[i].D = rnd(1, t[i].P);
            t[i].C = rnd(1, t[i].D);
            t[i].W = rnd(0, 3) == 0 ? FOREVER : rnd(1, 2 * t[i].C);
        }
        /* mix the order so SRT and NRT interleave in the vCPU list */
        for (unsigned i = n; i > 1; i--) {
            unsigned j = rnd(0, i - 1);
            struct task tmp = t[i - 1];
            t[i - 1] = t[j];
            t[j] = tmp;
        }
        unsigned Q = rnd(1, 10);
        struct ref_state s;
        struct edf_vcpu v[MAXV];
        ref_run(t, n, Q, a, &s);
        edf_drive(t, n, Q, b, v);
        int same = memcmp(a, b, sizeof a) == 0;
        for (unsigned i = 0; i < n; i++) {
            if (!t[i].srt)
                continue;
            same = same && v[i].jobs == s.jobs[i] && v[i].misses == s.misses[i] &&
                   v[i].overruns == s.overruns[i];
            total_misses += s.misses[i];
            total_overruns += s.overruns[i];
        }
        if (!same) {
            printf("  task set %u differs (n=%u, Q=%u)\n", set, n, Q);
            for (unsigned i = 0; i < n; i++)
                printf("    %u: %s P=%u C=%u D=%u W=%u jobs %u/%u misses %u/%u overruns %u/%u\n",
                       i, t[i].srt ? "SRT" : "NRT", t[i].P, t[i].C, t[i].D, t[i].W,
                       v[i].jobs, s.jobs[i], v[i].misses, s.misses[i],
                       v[i].overruns, s.overruns[i]);
            for (unsigned k = 0; k < HORIZON; k++)
                if (a[k] != b[k]) {
                    printf("    first difference at t=%u: reference runs %d, edf runs %d\n",
                           k, a[k], b[k]);
                    break;
                }
            unit_failures++;
            return;
        }
    }
    /* the random sets exercise both kinds of enforcement */
    CHECK(total_misses > 0);
    CHECK(total_overruns > 0);
}

TEST(edf_matches_reference_simulation)
{
    drive_fused = 0;
    check_against_reference();
}

/* The monitor's scheduling pass (one loop: update, pick, next event)
 * against the same independent simulation. */
TEST(edf_schedule_matches_reference_simulation)
{
    drive_fused = 1;
    check_against_reference();
    drive_fused = 0;
}

/* The fast switch's decision (edf_switch after a job done or a yield)
 * against the same independent simulation, with NRT vCPUs that yield:
 * the schedules are the same tick for tick, and edf_switch decided a good
 * share of the switches itself. */
TEST(edf_switch_matches_reference_simulation)
{
    switch_decided = switch_full = 0;
    ref_yields = 1;
    drive_fused = 1;
    check_against_reference();                  /* the pass alone, with yields */
    drive_fused = 2;
    check_against_reference();
    drive_fused = 0;
    ref_yields = 0;
    CHECK(switch_decided > 10000);
    CHECK(switch_full > 1000);
}

/* edf_switch against edf_job_done / edf_yield followed by edf_schedule on
 * random states of a core (every level, state, job and quantum mix): the
 * same choice, next event and exactness and the same state after, or
 * EDF_SWITCH_FULL with exactly the event applied. */
TEST(edf_switch_decides_as_edf_schedule)
{
    unsigned decided = 0, full = 0, idle = 0;
    for (unsigned round = 0; round < 200000; round++) {
        struct edf_vcpu v[MAXV], a[MAXV], b[MAXV];
        memset(v, 0, sizeof v);
        unsigned n = rnd(1, MAXV);
        uint64_t now = 1000;
        for (unsigned k = 0; k < n; k++) {
            struct edf_vcpu *e = &v[k];
            e->level = rnd(0, 1) ? EDF_SRT : EDF_NRT;
            e->state = (uint8_t)rnd(0, 3);
            if (e->level == EDF_SRT) {
                e->job_active = e->state != EDF_WAITING && e->state != EDF_STOPPED && rnd(0, 2) == 0;
                if (!e->job_active && e->state == EDF_READY)
                    e->state = EDF_WAITING;
                e->period = e->next_period = rnd(4, 40);
                e->deadline = e->next_deadline = rnd(1, (unsigned)e->period);
                e->budget = e->next_budget = rnd(1, (unsigned)e->deadline);
                e->next_release = now - 3 + rnd(0, 30);
                e->release = e->next_release - e->period;
                e->abs_deadline = e->release + e->deadline;
                e->budget_left = rnd(0, (unsigned)e->budget);
            }
        }
        unsigned i = rnd(0, n - 1);             /* the caller runs and is ready */
        v[i].state = EDF_READY;
        if (v[i].level == EDF_SRT && rnd(0, 3))
            v[i].job_active = 1;
        int done = (int)rnd(0, 1);
        struct edf_core base = {.n = n, .running = (int)i, .run_start = now - rnd(0, 5),
                                .quantum = rnd(1, 10), .quantum_end = now - 5 + rnd(0, 15),
                                .rr_pos = rnd(0, n - 1)};
        struct edf_core ca = base, cb = base;
        memcpy(a, v, sizeof v);
        memcpy(b, v, sizeof v);
        ca.v = a;
        cb.v = b;
        if (done)
            edf_job_done(&ca, i, now);
        else
            edf_yield(&ca, i, now);
        uint64_t nb = 0;
        int xb = -1;
        int rb = edf_switch(&cb, i, done, now, &nb, &xb);
        if (rb == EDF_SWITCH_FULL) {
            full++;                             /* only the event applied */
        } else {
            uint64_t na;
            int xa;
            int ra = edf_schedule(&ca, now, &na, &xa);
            CHECK_EQ_INT(rb, ra);
            CHECK(nb == na);
            CHECK_EQ_INT(xb, xa);
            decided++;
            idle += rb < 0;
        }
        CHECK(memcmp(a, b, sizeof a) == 0);
        CHECK_EQ_INT(cb.running, ca.running);
        CHECK(cb.run_start == ca.run_start);
        CHECK(cb.quantum_end == ca.quantum_end);
        CHECK_EQ_INT(cb.rr_pos, ca.rr_pos);
        if (unit_failures)
            return;
    }
    CHECK(decided > 20000);
    CHECK(full > 20000);
    CHECK(idle > 1000);
}

TEST(edf_schedulable_set_meets_every_deadline)
{
    /* U = 1/4 + 2/5 + 1/10 = 0.75, implicit deadlines: EDF misses nothing
     * and the NRT vCPU gets the rest. */
    static const struct task t[] = {
        {1, 4, 1, 4, 1}, {1, 5, 2, 5, 2}, {1, 10, 1, 10, 1}, {0, 0, 0, 0, 0},
    };
    static int sched[HORIZON];
    struct edf_vcpu v[4];
    edf_drive(t, 4, 3, sched, v);
    unsigned nrt = 0;
    for (unsigned k = 0; k < HORIZON; k++)
        nrt += sched[k] == 3;
    for (unsigned i = 0; i < 3; i++)
        CHECK_EQ_INT(v[i].misses + v[i].overruns, 0);
    CHECK_EQ_INT(v[0].jobs, HORIZON / 4 + 1);
    CHECK_EQ_INT(nrt, HORIZON / 4);
}

TEST(edf_budget_enforcement_protects_others)
{
    /* vCPU 0 never finishes its job: it is throttled at its budget every
     * period, and vCPU 1 still meets every deadline. */
    static const struct task t[] = {{1, 10, 4, 10, FOREVER}, {1, 10, 5, 10, 5}};
    static int sched[HORIZON];
    struct edf_vcpu v[2];
    edf_drive(t, 2, 5, sched, v);
    CHECK_EQ_INT(v[1].misses, 0);
    CHECK_EQ_INT(v[0].overruns, HORIZON / 10);
}

TEST(edf_admission_uses_density)
{
    struct edf_vcpu v[2] = {{0}};
    v[0].level = v[1].level = EDF_SRT;
    edf_set_params(&v[0], 10, 5, 10);
    edf_set_params(&v[1], 10, 2, 10);
    struct edf_core c = {.v = v, .n = 2};
    CHECK(edf_admissible(&c, 1, 10, 5, 10));        /* 0.5 + 0.5 */
    CHECK(!edf_admissible(&c, 1, 10, 6, 10));       /* 1.1 */
    CHECK(!edf_admissible(&c, 1, 10, 4, 5));
    CHECK(!edf_admissible(&c, 1, 10, 6, 5));        /* budget > deadline */
    CHECK(!edf_admissible(&c, 1, 10, 2, 11));       /* deadline > period */
    CHECK(!edf_admissible(&c, 1, 10, 0, 10));
}

TEST(edf_admission_charges_the_monitor_per_job)
{
    struct edf_vcpu v[2] = {{0}};
    v[0].level = v[1].level = EDF_SRT;
    edf_set_params(&v[0], 10, 4, 10);
    edf_set_params(&v[1], 10, 2, 10);
    struct edf_core c = {.v = v, .n = 2, .job_overhead = 1};
    CHECK(edf_admissible(&c, 1, 10, 4, 10));        /* (4+1)/10 + (4+1)/10 = 1 */
    CHECK(!edf_admissible(&c, 1, 10, 5, 10));       /* 0.9 without the monitor, 1.1 with */
    CHECK(!edf_admissible(&c, 1, 5, 3, 5));         /* 0.4 + 0.8 */
    c.job_overhead = 3;
    CHECK(!edf_admissible(&c, 1, 100, 1, 2));       /* budget + overhead > deadline */
    c.job_overhead = 0;
    CHECK(edf_admissible(&c, 1, 10, 5, 10));
}

/* Every set that the overhead-aware admission accepts stays free of misses
 * in the reference simulation when each job really costs its budget plus
 * the monitor's overhead (the simulation knows nothing of admission). */
TEST(edf_admitted_sets_meet_deadlines_with_the_overhead_spent)
{
    static int a[HORIZON];
    unsigned admitted = 0, refused = 0;
    for (unsigned set = 0; set < 3000; set++) {
        struct task t[MAXV];
        struct edf_vcpu v[MAXV] = {{0}};
        unsigned n = rnd(1, 4), o = rnd(0, 2);
        struct edf_core c = {.v = v, .n = n, .job_overhead = o};
        for (unsigned i = 0; i < n; i++) {
            t[i].srt = 1;
            t[i].P = rnd(4, 40);
            t[i].D = rnd(1, t[i].P);
            t[i].C = rnd(1, t[i].D);
            v[i].level = EDF_SRT;
            /* the monitor's way (density kept) and the plain one agree */
            if (rnd(0, 1))
                edf_set_params_on(&c, i, t[i].P, t[i].C, t[i].D);
            else
                edf_set_params(&v[i], t[i].P, t[i].C, t[i].D);
        }
        if (!edf_admissible(&c, 0, t[0].P, t[0].C, t[0].D)) {
            refused++;
            continue;
        }
        admitted++;
        for (unsigned i = 0; i < n; i++) {
            t[i].C += o;                        /* what a job really takes */
            t[i].W = t[i].C;
        }
        struct ref_state s;
        ref_run(t, n, 1, a, &s);
        for (unsigned i = 0; i < n; i++)
            CHECK_EQ_INT(s.misses[i] + s.overruns[i], 0);
    }
    CHECK(admitted > 100);
    CHECK(refused > 100);
}
