/*
 * Shared by the bench_* guests (tests/system/bench.py): the cycle counter,
 * the sampling loop of the interrupt benchmarks, and the report line
 * "BENCH <key> <min> <median> <max> <n>". Header only: guest images are
 * built from the .c files of their own directory.
 *
 * Under `qemu -icount shift=0` PMCCNTR counts one per instruction
 * executed (by both CPUs: keep the other one in WFI), i.e. one virtual
 * nanosecond (shared/QEMU-ZYNQ.md section 4).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* PMCCNTR: readable at PL1, and from User mode in `build: {bench: true}`. */
static inline uint32_t bench_ccnt(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v) : : "memory");
    return v;
}

/*
 * The interrupted loop of the latency benchmarks: stores PMCCNTR into
 * *last over and over until *stop is nonzero. Sixteen (read, store) pairs
 * then a three-instruction check, so the last stored value is 1 (read just
 * before a store that completed) to 4 instructions older than the
 * interrupt: the minimum of many samples is the tight one.
 */
static inline void bench_stamp_until(volatile uint32_t *last, volatile uint32_t *stop)
{
    __asm__ volatile(
        "1:\n"
        "    .rept 16\n"
        "    mrc     p15, 0, r3, c9, c13, 0\n"
        "    str     r3, [%0]\n"
        "    .endr\n"
        "    ldr     r3, [%1]\n"
        "    cmp     r3, #0\n"
        "    beq     1b\n"
        : : "r"(last), "r"(stop) : "r3", "cc", "memory");
}

static int bench_cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts `s` in place and prints its minimum, median and maximum (signed:
 * jitter may be negative; the latencies are far below 2^31). */
static inline void bench_report(const char *key, int32_t *s, unsigned n)
{
    qsort(s, n, sizeof s[0], bench_cmp_i32);
    printf("BENCH %s %ld %ld %ld %u\n", key, (long)s[0], (long)s[n / 2], (long)s[n - 1], n);
}

#endif
