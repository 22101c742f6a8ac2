/*
 * Time on the Cortex-A9 MPCore (Cortex-A9 MPCore TRM 4.1 and 4.3; UG585
 * 8.2): the private timer of each core, a 32-bit down-counter raising PPI
 * 29, gives the scheduler its one-shot events; the global timer, a 64-bit
 * up-counter shared by both cores on the same clock, is the monotonic time.
 *
 * A core whose private timer belongs to its Non-secure guest (Linux's TWD
 * driver programs it) takes its events from the global timer's comparator
 * instead, which is banked per core (MPCore TRM 4.4: comparator, its enable
 * bits and the event flag; the counter and its enable are shared), on the
 * same clock: the monitor never writes a register the guest writes.
 */
#include "arch.h"
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
#define GT_ISR      0x0cu
#define GT_COMP_LO  0x10u
#define GT_COMP_HI  0x14u
#define GT_ENABLE      (1u << 0)
#define GT_PRESCALER(n) ((uint32_t)(n) << 8)
#define GT_COMP_ENABLE (1u << 1)
#define GT_IRQ_ENABLE  (1u << 2)
#define GT_AUTO_INC    (1u << 3)

/* One event when the counter reaches `at`: the comparator is disabled while
 * it is written (MPCore TRM 4.4.2). */
void plat_gtimer_at(uint64_t at)
{
    uint32_t base = system_config.gtimer_base;
    uint32_t ctl = mmio_read(base + GT_CONTROL) & ~(GT_COMP_ENABLE | GT_IRQ_ENABLE | GT_AUTO_INC);
    mmio_write(base + GT_CONTROL, ctl);
    mmio_write(base + GT_ISR, 1);
    mmio_write(base + GT_COMP_LO, (uint32_t)at);
    mmio_write(base + GT_COMP_HI, (uint32_t)(at >> 32));
    mmio_write(base + GT_CONTROL, ctl | GT_ENABLE | GT_COMP_ENABLE | GT_IRQ_ENABLE);
}

static void gt_stop(void)
{
    uint32_t base = system_config.gtimer_base;
    mmio_write(base + GT_CONTROL,
               mmio_read(base + GT_CONTROL) & ~(GT_COMP_ENABLE | GT_IRQ_ENABLE | GT_AUTO_INC));
    mmio_write(base + GT_ISR, 1);
}

void plat_ptimer_oneshot(uint32_t ticks)
{
    uint32_t base = system_config.ptimer_base;
    mmio_write(base + PT_CONTROL, 0);
    mmio_write(base + PT_ISR, 1);
    mmio_write(base + PT_LOAD, ticks ? ticks : 1u);   /* also loads the counter */
    mmio_write(base + PT_CONTROL, PT_ENABLE | PT_IRQ_ENABLE);
}

void plat_timer_stop(int global)
{
    if (global) {
        gt_stop();
        return;
    }
    mmio_write(system_config.ptimer_base + PT_CONTROL, 0);
    mmio_write(system_config.ptimer_base + PT_ISR, 1);
}

void plat_timer_ack(int global)
{
    /* The comparator matches while counter >= comparator (MPCore TRM r2p0+,
     * 4.4.1): the flag would set again at once unless it is disabled. The
     * next scheduling pass programs the next event. */
    if (global)
        gt_stop();
    else
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

/* A time-triggered release (release.c) polls here, interrupts masked, for
 * at most its lead: the low word only (the wait is far below 2^31 ticks,
 * so the signed difference orders it across a carry into the high word),
 * a load, a compare and a branch per reading, so the first reading at or
 * after t comes within one short iteration of it. */
void plat_time_wait_until(uint64_t t)
{
    uint32_t lo = system_config.gtimer_base + GT_COUNT_LO;
    uint32_t target = (uint32_t)t;
    while ((int32_t)(mmio_read(lo) - target) < 0)
        ;
}
