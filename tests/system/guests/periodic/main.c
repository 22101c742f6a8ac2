/*
 * periodic: an SRT task. Each job works for half its budget (in time) and
 * signals job done; every 100 jobs it prints the monitor's counters
 * (jobs, deadline misses, budget overruns) for the test to read.
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
