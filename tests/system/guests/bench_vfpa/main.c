/*
 * bench_vfpa: the cost of a lazy VFP switch (monitor/core/vfp.c), hard-float.
 *
 *   vfp_owned  mrc; vmov.f64 d0, d1; mrc - the registers are already ours
 *   vfp_lazy   the same right after a yield to bench_vfpb, which used the
 *              VFP meanwhile: the vmov is undefined, the monitor saves
 *              bench_vfpb's d0-d31/FPSCR, loads ours and re-executes it
 */
#include <stdint.h>
#include "hv.h"
#include "../bench_lib/bench.h"

#define SAMPLES 501

static int32_t samples[SAMPLES];

static inline uint32_t vfp_timed(void)
{
    uint32_t t0, t1;
    __asm__ volatile("mrc     p15, 0, %[t0], c9, c13, 0\n"
                     "    vmov.f64 d0, d1\n"
                     "    mrc     p15, 0, %[t1], c9, c13, 0"
                     : [t0] "=&r"(t0), [t1] "=&r"(t1) : : "d0", "memory");
    return t1 - t0;
}

int main(void)
{
    vfp_timed();                        /* the first use: the registers become ours */
    for (int i = 0; i < SAMPLES; i++)
        samples[i] = (int32_t)vfp_timed();
    bench_report("vfp_owned", samples, SAMPLES);

    for (int i = 0; i < SAMPLES; i++) {
        hv_yield();                     /* bench_vfpb takes the VFP and yields back */
        samples[i] = (int32_t)vfp_timed();
    }
    bench_report("vfp_lazy", samples, SAMPLES);

    hv_test_exit(0);
    return 1;
}
