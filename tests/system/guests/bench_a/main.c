/*
 * bench_a: measures monitor paths with the cycle counter, which counts one
 * per instruction under `qemu -icount shift=0` (shared/QEMU-ZYNQ.md 4).
 * Prints "BENCH <name> <min> <median> <max> <samples>" lines for
 * tests/system/bench.py, then ends the run.
 *
 *   empty            two back-to-back PMCCNTR reads: the cost of timing
 *   stamp_pair       read, store, read: the floor of the interrupt
 *                    benchmarks' samples (bench.h, bench_stamp_until)
 *   null_hypercall   mrc; svc #0 (HC_NULL); mrc
 *   yield_roundtrip  mrc; svc #0 (HC_YIELD); mrc, with bench_b yielding
 *                    straight back: two guest switches
 */
#include <stdint.h>
#include "hv.h"
#include "../bench_lib/bench.h"

#define SAMPLES 501

static int32_t samples[SAMPLES];
static volatile uint32_t stamp;

int main(void)
{
    bench_begin();                  /* for `make profile` */
    for (int i = 0; i < SAMPLES; i++) {
        uint32_t t0 = bench_ccnt();
        uint32_t t1 = bench_ccnt();
        samples[i] = (int32_t)(t1 - t0);
    }
    bench_report("empty", samples, SAMPLES);

    for (int i = 0; i < SAMPLES; i++)
        samples[i] = (int32_t)bench_stamp_pair(&stamp);
    bench_report("stamp_pair", samples, SAMPLES);

    for (int i = 0; i < SAMPLES; i++)
        samples[i] = (int32_t)bench_svc_timed(HC_NULL, 0, 0);
    bench_report("null_hypercall", samples, SAMPLES);

    hv_yield();                 /* warm-up: bench_b's first run starts it */
    for (int i = 0; i < SAMPLES; i++)
        samples[i] = (int32_t)bench_svc_timed(HC_YIELD, 0, 0);
    bench_report("yield_roundtrip", samples, SAMPLES);

    hv_test_exit(0);
    return 1;
}
