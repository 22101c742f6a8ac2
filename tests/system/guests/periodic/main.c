/*
 * periodic: an SRT task. Each job works for half its budget (in time) and
 * signals job done; every 100 jobs it prints the monitor's counters
 * (jobs, deadline misses, budget overruns) for the test to read. It also
 * asks once for more budget than system.yaml allows, which must fail.
 */
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

int main(void)
{
    uint32_t hz;
    hv_time(&hz);
    uint64_t work = (uint64_t)GUEST_SCHED_BUDGET_NS * hz / 2000000000u;
    printf("periodic: period %lu us, budget %lu us, deadline %lu us, work %lu ticks\n",
           (unsigned long)(GUEST_SCHED_PERIOD_NS / 1000), (unsigned long)(GUEST_SCHED_BUDGET_NS / 1000),
           (unsigned long)(GUEST_SCHED_DEADLINE_NS / 1000), (unsigned long)work);
    /* Set-realtime-info: a budget beyond system.yaml's bound is refused;
     * the configured parameters are accepted (from the next release). */
    uint32_t p_us = GUEST_SCHED_PERIOD_NS / 1000, b_us = GUEST_SCHED_BUDGET_NS / 1000;
    uint32_t d_us = GUEST_SCHED_DEADLINE_NS / 1000;
    printf("periodic: set_rt beyond the bound -> %ld, as configured -> %ld\n",
           (long)hv_set_rt(p_us, b_us * 2, d_us), (long)hv_set_rt(p_us, b_us, d_us));
    for (unsigned job = 1;; job++) {
        uint64_t start = hv_time(0);
        while (hv_time(0) - start < work)
            ;
        if (job % 100 == 0) {
            struct hv_stats s = hv_stats();
            printf("periodic: %lu jobs, %lu misses, %lu overruns\n", (unsigned long)s.jobs,
                   (unsigned long)s.misses, (unsigned long)s.overruns);
        }
        hv_job_done();
    }
}
