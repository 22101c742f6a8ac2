/*
 * fpcalc: a hard-float guest (float: hard) that checks its own VFP/NEON
 * registers across guest switches. Two copies run on one core with
 * different SEEDs (system.yaml defines) and rounding modes: each round
 * loads d0-d31 with its own values, yields to the other (which loads its
 * own), and compares all 32 registers and FPSCR when it runs again; then
 * a computation whose last bit depends on the rounding mode. With PROGRESS
 * defined, a line with the counts so far every PROGRESS rounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "hv.h"

#ifndef SEED
#error "SEED is defined per guest in system.yaml"
#endif
#ifndef ROUNDS
#define ROUNDS 2000
#endif

static uint64_t in[32], out[32];

/* Loads d0-d31 from `in`, yields (HC_YIELD), stores them to `out`: in one
 * asm statement, so the compiler keeps nothing of its own in them. The
 * store after the yield is the first VFP instruction after the other
 * guests ran: it traps and is re-executed, in ARM state here and in Thumb
 * state in round_trip_thumb (where the trap's return address differs). */
#define ROUND_TRIP_BODY                                                        \
    register uint32_t r0 __asm__("r0") = HC_YIELD;                             \
    __asm__ volatile(                                                          \
        "vldmia  %1, {d0-d15}\n\t"                                              \
        "add     r12, %1, #128\n\t"                                             \
        "vldmia  r12, {d16-d31}\n\t"                                            \
        "svc     #0\n\t"                                                        \
        "vstmia  %2, {d0-d15}\n\t"                                              \
        "add     r12, %2, #128\n\t"                                             \
        "vstmia  r12, {d16-d31}\n\t"                                            \
        : "+r"(r0) : "r"(in), "r"(out)                                         \
        : "r1", "r2", "r3", "r12", "memory",                                   \
          "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", \
          "d12", "d13", "d14", "d15", "d16", "d17", "d18", "d19", "d20", "d21", "d22", \
          "d23", "d24", "d25", "d26", "d27", "d28", "d29", "d30", "d31")

__attribute__((noinline, target("arm"))) static void round_trip(void)
{
    ROUND_TRIP_BODY;
}

__attribute__((noinline, target("thumb"))) static void round_trip_thumb(void)
{
    ROUND_TRIP_BODY;
}

static uint32_t fpscr_read(void)
{
    uint32_t v;
    __asm__ volatile("vmrs %0, fpscr" : "=r"(v));
    return v;
}

static void fpscr_write(uint32_t v)
{
    __asm__ volatile("vmsr fpscr, %0" : : "r"(v) : "memory");
}

int main(void)
{
    /* RMode (FPSCR[23:22]): SEED 2 rounds toward zero, the others to nearest. */
    uint32_t mode = SEED == 2 ? 3u << 22 : 0u;
    fpscr_write(mode);
    unsigned wrong = 0, wrong_fpscr = 0;
    uint64_t x = 0x9e3779b97f4a7c15ull * SEED;
    for (unsigned r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < 32; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            in[i] = x;
        }
        if (r & 1)
            round_trip_thumb();
        else
            round_trip();
        if (memcmp(in, out, sizeof in) != 0)
            wrong++;
        if ((fpscr_read() & (3u << 22)) != mode)
            wrong_fpscr++;
#ifdef PROGRESS
        if ((r + 1) % PROGRESS == 0)
            printf("fpcalc: seed %d, %u rounds so far, %u wrong registers, %u wrong fpscr\n",
                   SEED, r + 1, wrong, wrong_fpscr);
#endif
    }
    volatile float three = 3.0f;
    float third = 1.0f / three;
    uint32_t bits;
    memcpy(&bits, &third, sizeof bits);
    /* Long enough to be preempted mid-loop with live registers. */
    double sum = 0;
    for (int i = 1; i <= 300000; i++)
        sum += 1.0 / ((double)i * i);
    printf("fpcalc: seed %d, %u rounds, %u wrong registers, %u wrong fpscr, 1/3 = 0x%08lx, "
           "sum %.6f\n", SEED, ROUNDS, wrong, wrong_fpscr, (unsigned long)bits, sum);
    return 0;
}
