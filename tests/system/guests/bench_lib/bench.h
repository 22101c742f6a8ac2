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
 * *last over and over until *stop is nonzero: sixteen (read, store) pairs,
 * then a three-instruction check. A handler's read minus *last is at least
 * 2 even if taking the interrupt cost nothing (the last read, its store;
 * bench_stamp_pair() measures it and bench.py subtracts it), and a few
 * instructions more depending on where the interrupt hit the loop: the
 * minimum of many samples is the tight figure.
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

/* One hypercall timed with nothing else between the two reads:
 * mrc; svc #0; mrc (the arguments are set before the first read). */
static inline uint32_t bench_svc_timed(uint32_t nr, uint32_t a1, uint32_t *r1_out)
{
    register uint32_t r0 __asm__("r0") = nr;
    register uint32_t r1 __asm__("r1") = a1;
    uint32_t t0, t1;
    __asm__ volatile("mrc     p15, 0, %[t0], c9, c13, 0\n"
                     "    svc     #0\n"
                     "    mrc     p15, 0, %[t1], c9, c13, 0"
                     : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(r0), "+r"(r1)
                     : : "r2", "r3", "memory");
    if (r1_out)
        *r1_out = r1;
    return t1 - t0;
}

/* The same with three arguments (r1 and r2 may come back changed). */
static inline uint32_t bench_svc3_timed(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    register uint32_t r0 __asm__("r0") = nr;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = a3;
    uint32_t t0, t1;
    __asm__ volatile("mrc     p15, 0, %[t0], c9, c13, 0\n"
                     "    svc     #0\n"
                     "    mrc     p15, 0, %[t1], c9, c13, 0"
                     : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                     : : "memory");
    return t1 - t0;
}

/* Calibration of bench_stamp_until(): a read, its store, the next read
 * (what a sample would be if taking the interrupt cost nothing). */
static inline uint32_t bench_stamp_pair(volatile uint32_t *last)
{
    uint32_t t0, t1;
    __asm__ volatile("mrc     p15, 0, %[t0], c9, c13, 0\n"
                     "    str     %[t0], [%[p]]\n"
                     "    mrc     p15, 0, %[t1], c9, c13, 0"
                     : [t0] "=&r"(t0), [t1] "=&r"(t1) : [p] "r"(last) : "memory");
    return t1 - t0;
}

static int bench_cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* A marker for `make profile` (tests/system/benchprofile.py), which finds it in
 * QEMU's instruction trace: it does nothing else. bench_report() marks the
 * end of a row's samples and the end of its printing (the start of the
 * next row); bench_begin() marks the start of the first row. */
static inline void bench_mark(void)
{
    __asm__ volatile("movw    ip, #0xbe7c\n"
                     "    movt    ip, #0xbe7c" : : : "ip", "memory");
}

static inline void bench_begin(void)
{
    bench_mark();
}

/* Sorts `s` in place and prints its minimum, median and maximum (signed:
 * jitter may be negative; the latencies are far below 2^31). */
static inline void bench_report(const char *key, int32_t *s, unsigned n)
{
    bench_mark();
    qsort(s, n, sizeof s[0], bench_cmp_i32);
    printf("BENCH %s %ld %ld %ld %u\n", key, (long)s[0], (long)s[n / 2], (long)s[n - 1], n);
    bench_mark();
}

#endif
