/*
 * Time on the Cortex-A9 MPCore (Cortex-A9 MPCore TRM 4.1 and 4.3; UG585
 * 8.2): the private timer of each core, a 32-bit down-counter raising PPI
 * 29, gives the scheduler its one-shot events; the global timer, a 64-bit
 * up-counter shared by both cores on the same clock, is the monotonic time.
 */
#include "config.h"
#include "plat.h"
#include "mmio.h"

#define PT_LOAD     0x00u
#define PT_CONTROL  0x08u
#define PT_ISR      0x0cu
#define PT_ENABLE      (1u << 0)
#define PT_IRQ_ENABLE  (1u << 2)

#define GT_COUNT_LO 0x00u
#define GT_COUNT_HI 0x04u
#define GT_CONTROL  0x08u
#define GT_ENABLE      (1u << 0)
#define GT_PRESCALER(n) ((uint32_t)(n) << 8)

void plat_timer_oneshot(uint32_t ticks)
{
    uint32_t base = system_config.ptimer_base;
    mmio_write(base + PT_CONTROL, 0);
    mmio_write(base + PT_ISR, 1);
    mmio_write(base + PT_LOAD, ticks ? ticks : 1u);   /* also loads the counter */
    mmio_write(base + PT_CONTROL, PT_ENABLE | PT_IRQ_ENABLE);
}

void plat_timer_stop(void)
{
    mmio_write(system_config.ptimer_base + PT_CONTROL, 0);
    mmio_write(system_config.ptimer_base + PT_ISR, 1);
}

void plat_timer_ack(void)
{
    mmio_write(system_config.ptimer_base + PT_ISR, 1);
}

void plat_time_init(void)
{
    /* Written whole, not inherited from the boot loader: prescaler 0, so
     * the counter runs at the timer clock the generator computed every
     * period with (MPCore TRM 4.4.3, Global Timer Control Register; the
     * private timer's prescaler, 4.1.3, is written 0 by every
     * plat_timer_oneshot), comparator and its interrupt off. The counter
     * itself keeps counting. */
    uint32_t base = system_config.gtimer_base;
    mmio_write(base + GT_CONTROL, GT_PRESCALER(0) | GT_ENABLE);
}

uint64_t plat_time_now(void)
{
    uint32_t base = system_config.gtimer_base;
    uint32_t hi, lo;
    do {                                   /* the TRM's read sequence */
        hi = mmio_read(base + GT_COUNT_HI);
        lo = mmio_read(base + GT_COUNT_LO);
    } while (mmio_read(base + GT_COUNT_HI) != hi);
    return ((uint64_t)hi << 32) | lo;
}
