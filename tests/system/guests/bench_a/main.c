/*
 * bench_a: measures monitor paths with the cycle counter, which counts one
 * per instruction under `qemu -icount shift=0` (shared/QEMU-ZYNQ.md 4).
 * Prints "BENCH <name> <min> <median> <max> <samples>" lines for
 * tests/system/bench.py, then ends the run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "hv.h"

#define SAMPLES 501

static uint32_t samples[SAMPLES];

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *name)
{
    qsort(samples, SAMPLES, sizeof samples[0], cmp_u32);
    printf("BENCH %s %lu %lu %lu %u\n", name, (unsigned long)samples[0],
           (unsigned long)samples[SAMPLES / 2], (unsigned long)samples[SAMPLES - 1],
           SAMPLES);
}

int main(void)
{
    /* Cost of the measurement itself: two back-to-back reads. */
    for (int i = 0; i < SAMPLES; i++) {
        uint32_t t0 = hv_cycles();
        uint32_t t1 = hv_cycles();
        samples[i] = t1 - t0;
    }
    report("empty");

    for (int i = 0; i < SAMPLES; i++) {
        uint32_t t0 = hv_cycles();
        hv_null();
        uint32_t t1 = hv_cycles();
        samples[i] = t1 - t0;
    }
    report("null_hypercall");

    /* bench_b yields straight back: one round trip is two guest switches. */
    for (int i = 0; i < SAMPLES; i++) {
        uint32_t t0 = hv_cycles();
        hv_yield();
        uint32_t t1 = hv_cycles();
        samples[i] = t1 - t0;
    }
    report("yield_roundtrip");

    hv_test_exit(0);
    return 1;
}
