/*
 * motor: the HRT control loop. It owns core 1 at PL1: its own vector table,
 * its core's private timer at 1 kHz (interrupt ID 29, delivered straight to
 * it, never through the monitor) and its core's GIC CPU interface, both
 * given to it as the `cpu_private` device in system.yaml. It counts ticks,
 * measures the interval between them on the global timer, and reports once
 * a second.
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
#define PTIMER_LOAD     (CPU_PRIVATE + 0x600u)
#define PTIMER_CONTROL  (CPU_PRIVATE + 0x608u)
#define PTIMER_ISR      (CPU_PRIVATE + 0x60cu)
#define PTIMER_IRQ      29u
#define LOOP_HZ         1000u

#define REG(a) (*(volatile uint32_t *)(a))

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
    REG(PTIMER_LOAD) = TIMER_HZ / LOOP_HZ - 1u;
    REG(PTIMER_CONTROL) = 7u;              /* enable, auto-reload, interrupt */
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
