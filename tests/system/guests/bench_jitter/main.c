/*
 * bench_jitter: release jitter of an SRT guest's jobs (bench_jitter*.yaml:
 * period 1 ms). Each job reads PMCCNTR as its first action (the first
 * instruction after the hv_job_done() that ended the previous job returns)
 * and ends with hv_job_done(). Job 0 starts the guest and jobs 1-3 warm
 * up (the first dispatches take other branches of the scheduler); job 4 is
 * the reference: the ideal start of job 4 + k is start(4) + k * period, with
 * the period in instructions = the period in ns (1 private-timer tick = 10 ns
 * = 10 instructions under shift=0). Each sample = actual - ideal, k = 1..250.
 */
#include <stdint.h>
#include "guest_config.h"
#include "hv.h"
#include "../bench_lib/bench.h"

#ifndef WARMUP
#define WARMUP 3
#endif
#define JOBS 251                    /* the reference job and 250 samples */
#define PERIOD_INSNS GUEST_SCHED_PERIOD_NS

static uint32_t start[JOBS];
static int32_t samples[JOBS - 1];

int main(void)
{
    for (unsigned k = 0; k <= WARMUP; k++)
        hv_job_done();                        /* end job 0 (start-up) and the warm-up */
    for (unsigned k = 0; k < JOBS; k++) {
        start[k] = bench_ccnt();
        hv_job_done();
    }
    for (unsigned k = 1; k < JOBS; k++)
        samples[k - 1] = (int32_t)(start[k] - start[0] - k * PERIOD_INSNS);
    bench_report("jitter", samples, JOBS - 1);
    struct hv_stats st = hv_stats();
    printf("jobs %lu, deadline misses %lu, budget overruns %lu\n", (unsigned long)st.jobs,
           (unsigned long)st.misses, (unsigned long)st.overruns);
    hv_test_exit(st.misses || st.overruns ? 2 : 0);
    return 1;
}
