/*
 * bench_jitter_linux: bench_jitter's SRT job (period 1 ms) beside a
 * Non-secure Linux guest (bench_linux.yaml), and the world switch. The
 * warm-up lasts 3000 jobs (3 s of virtual time), by when Linux has reached
 * /init and its busy child loops, so every sample is a release that
 * preempts a busy Linux in the Non-secure world.
 *
 * Each job's first statement reads PMCCNTR (as in bench_jitter: the
 * jitter samples), then HC_TEST_NS_STAMPS gives the stamps the bench
 * build of the monitor took on the way (monitor/core/nsworld.c, world.S):
 *   V  the FIQ of the release taken at the Monitor vector (the exception
 *      entry counts 0 in QEMU: the moment Linux was interrupted),
 *   S  the Secure side's start (trap_irq) after the world switch out,
 *   R  the scheduler handing the core to Linux, before the FIQ (the
 *      previous job's HC_JOB_DONE),
 *   N  Linux's first instruction after that world switch in.
 * Samples: fiq_linux_job = job start - V (the whole path from Linux
 * interrupted to the SRT guest's first statement), world_out = S - V,
 * world_in = N - R. The stamps' own instructions (2 in each assembly
 * path, 3-4 in each C one) are inside the figures.
 */
#include <stdint.h>
#include "guest_config.h"
#include "hv.h"
#include "../bench_lib/bench.h"

#define WARMUP 3000
#define JOBS 251                    /* the reference job and 250 samples */
#define PERIOD_INSNS GUEST_SCHED_PERIOD_NS
#define HC_TEST_NS_STAMPS 0x101     /* abi/hypercall.h: bench images only */

struct stamps {
    uint32_t vector, secure, resume, first_ns;
};

static uint32_t start[JOBS];
static int32_t samples[JOBS - 1], job[JOBS - 1], out[JOBS - 1], in[JOBS - 1];

static int ns_stamps(struct stamps *s)
{
    register uint32_t r0 __asm__("r0") = HC_TEST_NS_STAMPS;
    register uint32_t r1 __asm__("r1");
    register uint32_t r2 __asm__("r2");
    register uint32_t r3 __asm__("r3");
    __asm__ volatile("svc #0" : "+r"(r0), "=r"(r1), "=r"(r2), "=r"(r3) : : "memory");
    s->vector = r0;
    s->secure = r1;
    s->resume = r2;
    s->first_ns = r3;
    return (int32_t)r0 == -38 ? -1 : 0;     /* HV_ENOSYS: not a bench build */
}

int main(void)
{
    struct stamps st;
    for (unsigned k = 0; k <= WARMUP; k++)
        hv_job_done();                        /* end job 0 (start-up) and the warm-up */
    for (unsigned k = 0; k < JOBS; k++) {
        start[k] = bench_ccnt();
        if (ns_stamps(&st) != 0) {
            printf("HC_TEST_NS_STAMPS: not a bench build\n");
            hv_test_exit(3);
        }
        if (k > 0) {
            job[k - 1] = (int32_t)(start[k] - st.vector);
            out[k - 1] = (int32_t)(st.secure - st.vector);
            in[k - 1] = (int32_t)(st.first_ns - st.resume);
        }
        hv_job_done();
    }
    for (unsigned k = 1; k < JOBS; k++)
        samples[k - 1] = (int32_t)(start[k] - start[0] - k * PERIOD_INSNS);
    bench_report("jitter", samples, JOBS - 1);
    bench_report("fiq_linux_job", job, JOBS - 1);
    bench_report("world_out", out, JOBS - 1);
    bench_report("world_in", in, JOBS - 1);
    struct hv_stats hs = hv_stats();
    printf("jobs %lu, deadline misses %lu, budget overruns %lu\n", (unsigned long)hs.jobs,
           (unsigned long)hs.misses, (unsigned long)hs.overruns);
    hv_test_exit(hs.misses || hs.overruns ? 2 : 0);
    return 1;
}
