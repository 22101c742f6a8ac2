/*
 * Time-triggered SRT releases (monitor/core/release.c, edf_pause in edf.c):
 * which release the one-shot fires early for, how long the wait may be
 * (never more than the lead), that the wait is nobody's budget, and that
 * admission charges the lead to every job of its vCPU.
 */
#include <stdint.h>
#include "edf.h"
#include "release.h"
#include "unit.h"

TEST(release_lead_fires_for_the_earliest_lead_release)
{
    struct edf_vcpu v[4] = {{0}};
    struct edf_core c = {.v = v, .n = 4};
    for (unsigned i = 0; i < 4; i++)
        v[i].level = EDF_SRT;
    v[3].level = EDF_NRT;
    v[0].next_release = 1000;               /* no lead: released at its interrupt */
    v[1].next_release = 1500, v[1].lead = 600;   /* fires at 900 */
    v[2].next_release = 1200, v[2].lead = 200;   /* fires at 1000 */
    v[3].lead = 5000;                        /* NRT: never time-triggered */
    uint64_t rel;
    uint32_t lead;
    CHECK_EQ_INT(release_next_lead(&c, &rel, &lead), 900);
    CHECK_EQ_INT(rel, 1500);
    CHECK_EQ_INT(lead, 600);
    v[1].state = EDF_STOPPED;               /* a stopped vCPU is never waited for */
    CHECK_EQ_INT(release_next_lead(&c, &rel, &lead), 1000);
    CHECK_EQ_INT(rel, 1200);
    CHECK_EQ_INT(lead, 200);
    v[2].lead = 0;
    CHECK(release_next_lead(&c, &rel, &lead) == EDF_NEVER);
    CHECK(rel == EDF_NEVER);
    CHECK_EQ_INT(lead, 0);
    v[2].lead = 5000;                       /* reaching back before time 0 */
    CHECK_EQ_INT(release_next_lead(&c, &rel, &lead), 0);
    CHECK_EQ_INT(rel, 1200);
}

TEST(release_wait_is_bounded_by_the_lead)
{
    CHECK_EQ_INT(release_wait_span(900, 1500, 600), 600);     /* at the early interrupt */
    CHECK_EQ_INT(release_wait_span(1400, 1500, 600), 100);    /* the interrupt came late */
    CHECK_EQ_INT(release_wait_span(1500, 1500, 600), 0);      /* due: no wait */
    CHECK_EQ_INT(release_wait_span(1700, 1500, 600), 0);
    CHECK(release_wait_span(899, 1500, 600) == RELEASE_UNBOUNDED);   /* longer than the lead */
    CHECK(release_wait_span(0, EDF_NEVER, 600) == RELEASE_UNBOUNDED);
}

/* The wait charges nobody: the running SRT job keeps the budget it had at
 * the early interrupt, and the released job's budget runs from its release. */
TEST(release_wait_is_no_budget)
{
    struct edf_vcpu v[2] = {{0}};
    struct edf_core c = {.v = v, .n = 2};
    v[0].level = v[1].level = EDF_SRT;
    edf_set_params(&v[0], 1000, 500, 1000);
    edf_set_params(&v[1], 500, 100, 200);
    v[1].lead = 50;
    edf_start(&c, 0);
    uint64_t next;
    int exact;
    /* vCPU 1 runs its first job to the end at 100, then vCPU 0. */
    CHECK_EQ_INT(edf_schedule(&c, 0, &next, &exact), 1);
    edf_job_done(&c, 1, 100);
    CHECK_EQ_INT(edf_schedule(&c, 100, &next, &exact), 0);
    CHECK_EQ_INT(next, 500);                /* vCPU 1's release, before vCPU 0's budget end 600 */
    uint64_t rel;
    uint32_t lead;
    uint64_t at = release_next_lead(&c, &rel, &lead);
    CHECK_EQ_INT(at, 450);                  /* the one-shot fires for it 50 early */
    CHECK_EQ_INT(rel, 500);
    CHECK_EQ_INT(release_wait_span(at, rel, lead), 50);
    edf_pause(&c, at, rel);                 /* the wait: 450 .. 500 */
    CHECK_EQ_INT(v[0].budget_left, 500 - 350);   /* ran 100 .. 450 */
    CHECK_EQ_INT(c.run_start, 500);
    CHECK_EQ_INT(edf_schedule(&c, rel, &next, &exact), 1);   /* released at 500, earliest deadline */
    CHECK_EQ_INT(v[1].release, 500);
    CHECK_EQ_INT(v[1].budget_left, 100);
    CHECK_EQ_INT(v[0].budget_left, 150);    /* the wait was not vCPU 0's */
    CHECK_EQ_INT(next, 600);                /* vCPU 1's budget end: its budget runs from 500 */
    CHECK_EQ_INT(exact, 1);
    CHECK_EQ_INT(release_next_lead(&c, &rel, &lead), 950);   /* and its next release */
    CHECK_EQ_INT(rel, 1000);
}

TEST(release_lead_is_charged_by_admission)
{
    /* Densities of exact binary fractions (the test rounds each up). */
    struct edf_vcpu v[2] = {{0}};
    v[0].level = v[1].level = EDF_SRT;
    struct edf_core c = {.v = v, .n = 2, .job_overhead = 1};
    edf_set_params_on(&c, 0, 8, 3, 8);
    CHECK(edf_admissible(&c, 1, 8, 3, 8));          /* (3+1)/8 + (3+1)/8 = 1 */
    v[1].lead = 1;
    CHECK(!edf_admissible(&c, 1, 8, 3, 8));         /* its own lead: (3+1+1)/8 */
    /* (2+1+1)/8 + 4/8 = 1 fits as demand, but the wait also blocks the job
     * that runs before the release: + lead / shortest deadline = 1/8 */
    CHECK(!edf_admissible(&c, 1, 8, 2, 8));
    CHECK(edf_admissible(&c, 1, 8, 1, 8));          /* 3/8 + 4/8 + 1/8 */
    v[1].lead = 0;
    v[0].lead = 1;
    edf_set_params_on(&c, 0, 8, 2, 8);              /* kept density with the lead: 4/8 */
    CHECK(edf_admissible(&c, 1, 8, 2, 8));          /* 4/8 + 3/8 + 1/8 */
    CHECK(!edf_admissible(&c, 1, 8, 3, 8));
    v[0].density_known = 0;                         /* and computed with it */
    CHECK(edf_admissible(&c, 1, 8, 2, 8));
    CHECK(!edf_admissible(&c, 1, 8, 3, 8));
    v[1].lead = 8;                                  /* budget + overhead + lead > deadline */
    CHECK(!edf_admissible(&c, 1, 100, 1, 8));
}

TEST(release_lead_blocks_the_other_jobs_in_admission)
{
    /* A: no lead, 85 of every 100; B: lead 20, 10 of every 1000. As demand
     * 0.85 + 0.03 fits, but B's wait [980, 1000) runs masked inside A's job
     * [900, 1000), which then gets 80 of its 85 and misses: the blocking
     * term 20 / 100 refuses it. */
    struct edf_vcpu v[2] = {{0}};
    v[0].level = v[1].level = EDF_SRT;
    struct edf_core c = {.v = v, .n = 2};
    v[1].lead = 20;
    edf_set_params_on(&c, 1, 1000, 10, 1000);
    CHECK(!edf_admissible(&c, 0, 100, 85, 100));
    CHECK(edf_admissible(&c, 0, 100, 75, 100));    /* 0.75 + 0.03 + 0.2 */
    CHECK(!edf_admissible(&c, 0, 100, 78, 100));
    v[1].state = EDF_STOPPED;                      /* a stopped vCPU blocks nobody */
    CHECK(edf_admissible(&c, 0, 100, 100, 100));
}
