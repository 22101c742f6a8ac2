/*
 * motor: the HRT control loop. It owns core 1 at PL1: its own vector table,
 * its core's private timer at 1 kHz (interrupt ID 29, delivered straight to
 * it, never through the monitor) and its core's GIC CPU interface, both
 * given to it as the `cpu_private` device in system.yaml. It counts ticks,
 * measures the interval between them on the global timer, and reports once
 * a second.
 *
 * On silicon the interval is the timer's period plus what holds core 1's
 * interrupt back: motor's own masked sections and its calls into the
 * monitor (`smc`, each a bounded monitor path with interrupts masked,
 * docs/performance.md section 8); no monitor code runs on core 1 otherwise.
 * Under QEMU's -icount the two emulated cores take turns on one host
 * thread, core 0 first, each turn up to half the time to the next timer
 * deadline (QEMU's icount_percpu_budget): core 0's turn after a tick held
 * motor's interrupt back by up to half a period, so a newcomer read
 * "575..1424 us" as monitor jitter. motor therefore arms its core's banked
 * global-timer comparator (interrupt off) 1 us after each coming tick: a
 * timer deadline right after the tick, which keeps core 0's turn at the
 * tick under half a microsecond. On silicon, where the cores run in
 * parallel, the comparator's match sets only its (ignored) event flag.
 *
 * Register offsets: Cortex-A9 MPCore TRM 4.1 (private timer), 4.3 (global
 * timer) and ARM IHI 0048A 4.4 (GIC CPU interface).
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hrt.h"
#include "hv.h"

#define CPU_PRIVATE     DEV_CPU_PRIVATE_VA
#define GICC_IAR        (CPU_PRIVATE + 0x10cu)
#define GICC_EOIR       (CPU_PRIVATE + 0x110u)
#define GTIMER_LO       (CPU_PRIVATE + 0x200u)
#define GTIMER_HI       (CPU_PRIVATE + 0x204u)
#define GTIMER_CONTROL  (CPU_PRIVATE + 0x208u)   /* bit 1, comparator enable, is banked */
#define GTIMER_COMP_LO  (CPU_PRIVATE + 0x210u)   /* banked per core (MPCore TRM 4.4) */
#define GTIMER_COMP_HI  (CPU_PRIVATE + 0x214u)
#define GTIMER_COMP_ENABLE 2u
#define PTIMER_LOAD     (CPU_PRIVATE + 0x600u)
#define PTIMER_COUNTER  (CPU_PRIVATE + 0x604u)
#define PTIMER_CONTROL  (CPU_PRIVATE + 0x608u)
#define PTIMER_ISR      (CPU_PRIVATE + 0x60cu)
#define PTIMER_IRQ      29u
#define LOOP_HZ         1000u
#define PERIOD          (TIMER_HZ / LOOP_HZ)     /* global and private timer: one clock */

#define REG(a) (*(volatile uint32_t *)(a))

static uint64_t global_time(void)
{
    uint32_t hi, lo;
    do {
        hi = REG(GTIMER_HI);
        lo = REG(GTIMER_LO);
    } while (REG(GTIMER_HI) != hi);
    return (uint64_t)hi << 32 | lo;
}

/* The global time of the private timer's next expiry: the counter reaches
 * 0 and reloads `left + 1` ticks after it reads `left`. The pair of reads
 * whose global reads are closest wins, of 4 tries (under QEMU the other
 * core's turn may fall between two reads). */
static uint64_t next_tick(void)
{
    uint64_t best = 0, spread = UINT64_MAX;
    for (unsigned i = 0; i < 4u && spread > TIMER_HZ / 1000000u; i++) {
        uint64_t before = global_time();
        uint32_t left = REG(PTIMER_COUNTER);
        uint64_t d = global_time() - before;
        if (d < spread) {
            spread = d;
            best = before + left + 1u;
        }
    }
    return best;
}

/* The emulator's aid (see the top): a comparator match 1 us after the
 * tick due at global time `tick`. The comparator is written while it is
 * disabled (MPCore TRM 4.4); the counter's enable and prescaler are
 * shared with the other core and kept as they are. */
static void mark_after(uint64_t tick)
{
    uint64_t at = tick + TIMER_HZ / 1000000u;
    REG(GTIMER_CONTROL) &= ~GTIMER_COMP_ENABLE;
    REG(GTIMER_COMP_LO) = (uint32_t)at;
    REG(GTIMER_COMP_HI) = (uint32_t)(at >> 32);
    REG(GTIMER_CONTROL) |= GTIMER_COMP_ENABLE;
}

static volatile uint32_t ticks;
static volatile uint32_t last_stamp, min_gap = UINT32_MAX, max_gap;

void hrt_irq_handler(void)
{
    uint32_t iar = REG(GICC_IAR);
    if ((iar & 0x3ffu) == PTIMER_IRQ) {
        REG(PTIMER_ISR) = 1;
        uint32_t now = REG(GTIMER_LO);
        if (ticks) {
            uint32_t gap = now - last_stamp;
            if (gap < min_gap)
                min_gap = gap;
            if (gap > max_gap)
                max_gap = gap;
        }
        last_stamp = now;
        mark_after(next_tick());
        ticks++;                           /* the control law would run here */
    }
    REG(GICC_EOIR) = iar;
}

static unsigned core_id(void)
{
    uint32_t mpidr;
    __asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
    return mpidr & 3u;
}

int main(void)
{
    printf("motor: HRT control loop on core %u at PL1, 1 kHz timer\n", core_id());
    uint32_t us = TIMER_HZ / 1000000u;
    REG(PTIMER_LOAD) = PERIOD - 1u;
    REG(PTIMER_CONTROL) = 7u;              /* enable, auto-reload, interrupt */
    mark_after(next_tick());
    hrt_irq_enable();

    uint32_t reported = 0;
    for (;;) {
        hrt_wait_for_interrupt();
        uint32_t t = ticks;
        if (t - reported >= LOOP_HZ) {
            reported += LOOP_HZ;
            hrt_irq_disable();
            uint32_t lo = min_gap, hi = max_gap;
            min_gap = UINT32_MAX;
            max_gap = 0;
            hrt_irq_enable();
            printf("motor: %lu ticks, %lu s, interval %lu..%lu us\n", (unsigned long)t,
                   (unsigned long)(reported / LOOP_HZ), (unsigned long)(lo / us),
                   (unsigned long)(hi / us));
        }
    }
}
