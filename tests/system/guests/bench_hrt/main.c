/*
 * bench_hrt: interrupt latency of the HRT (native) path. This guest owns
 * core 1 at PL1 with its own vector table; core 0 has no guest and sleeps
 * in WFI, so QEMU's instruction count (shared by both CPUs) is this core's.
 * Its private timer (ID 29, as motor's) interrupts a loop that stores
 * PMCCNTR into `last`; no monitor code is on the path.
 *
 *   hrt_irq_c    the handler hrt_irq_handler() of crt0_hrt.S, whose FIRST
 *                STATEMENT reads PMCCNTR: the exception entry, the vector's
 *                branch, crt0's entry (sub, push, bl) and whatever the
 *                compiler scheduled before the read.
 *   hrt_irq_asm  a vector table of this guest whose IRQ vector's FIRST
 *                INSTRUCTION reads PMCCNTR (into sp_irq, then parked in
 *                TPIDRPRW): the exception entry alone.
 *
 * Each sample = handler's value - the loop's last stored value; it includes
 * at least 2 instructions of the loop (bench.h), which bench.py subtracts.
 */
#include <stdint.h>
#include "guest_config.h"
#include "hrt.h"
#include "hv.h"
#include "../bench_lib/bench.h"

#define CPU_PRIVATE     DEV_CPU_PRIVATE_VA
#define GICC_IAR        (CPU_PRIVATE + 0x10cu)
#define GICC_EOIR       (CPU_PRIVATE + 0x110u)
#define PTIMER_LOAD     (CPU_PRIVATE + 0x600u)
#define PTIMER_CONTROL  (CPU_PRIVATE + 0x608u)
#define PTIMER_ISR      (CPU_PRIVATE + 0x60cu)
#define PTIMER_IRQ      29u
#define PERIOD_TICKS    1000u      /* 10 us: 10000 instructions under shift=0 */

#define SAMPLES 501
#define WARMUP  1                  /* the first interrupt may hit the set-up code */

#define REG(a) (*(volatile uint32_t *)(a))

static volatile uint32_t last, done;
static volatile unsigned taken;
static int32_t samples[SAMPLES];

static void take(uint32_t now)
{
    unsigned k = taken;
    if (k >= WARMUP && k - WARMUP < SAMPLES)
        samples[k - WARMUP] = (int32_t)(now - last);
    taken = k + 1;
    if (k + 1 >= WARMUP + SAMPLES) {
        REG(PTIMER_CONTROL) = 0;
        done = 1;
    }
}

static void timer_ack_eoi(uint32_t now)
{
    uint32_t iar = REG(GICC_IAR);
    if ((iar & 0x3ffu) == PTIMER_IRQ) {
        REG(PTIMER_ISR) = 1;
        take(now);
    }
    REG(GICC_EOIR) = iar;
}

/* crt0_hrt.S's vectors call this for every IRQ. */
void hrt_irq_handler(void)
{
    uint32_t now = bench_ccnt();          /* first statement */
    timer_ack_eoi(now);
}

/* This guest's own vectors, for the second measurement. The IRQ vector's
 * first instruction reads PMCCNTR into sp_irq (MRC to sp is allowed in ARM
 * state), which is then parked in TPIDRPRW (PL1 scratch) and sp restored. */
void bench_irq_asm_handler(void);
void bench_irq_asm_handler(void)
{
    uint32_t now;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 4" : "=r"(now));
    timer_ack_eoi(now);
}

__asm__(
    "    .text\n"
    "    .arm\n"
    "    .balign 32\n"
    "bench_vectors:\n"
    "    b       .\n"
    "    b       .\n"
    "    b       .\n"
    "    b       .\n"
    "    b       .\n"
    "    b       .\n"
    "    mrc     p15, 0, sp, c9, c13, 0\n"      /* +0x18 IRQ: the stamp */
    "    b       bench_irq_entry\n"             /* +0x1c (no FIQ used) */
    "bench_irq_entry:\n"
    "    mcr     p15, 0, sp, c13, c0, 4\n"      /* TPIDRPRW = stamp */
    "    ldr     sp, =__stack_top\n"            /* crt0_hrt.S's IRQ stack */
    "    sub     lr, lr, #4\n"
    "    push    {r0-r3, r12, lr}\n"
    "    bl      bench_irq_asm_handler\n"
    "    ldm     sp!, {r0-r3, r12, pc}^\n"
    "    .ltorg\n");

extern const uint32_t bench_vectors[];

static void set_vbar(const void *v)
{
    __asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" : : "r"(v) : "memory");
}

static void run(const char *key)
{
    taken = 0;
    done = 0;
    REG(PTIMER_CONTROL) = 0;
    REG(PTIMER_ISR) = 1;
    REG(PTIMER_LOAD) = PERIOD_TICKS - 1u;
    REG(PTIMER_CONTROL) = 7u;             /* enable, auto-reload, interrupt */
    hrt_irq_enable();
    bench_stamp_until(&last, &done);
    hrt_irq_disable();
    bench_report(key, samples, SAMPLES);
}

int main(void)
{
    run("hrt_irq_c");
    set_vbar(bench_vectors);
    run("hrt_irq_asm");
    hv_test_exit(0);
    return 1;
}
