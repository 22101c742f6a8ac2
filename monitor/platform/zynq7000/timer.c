/*
 * The Cortex-A9 private timer of the calling core (Cortex-A9 MPCore TRM
 * 4.1; UG585 8.2): a 32-bit down-counter that raises PPI 29 at zero.
 */
#include "config.h"
#include "plat.h"
#include "mmio.h"

#define PT_LOAD     0x00u
#define PT_CONTROL  0x08u
#define PT_ISR      0x0cu

#define PT_ENABLE      (1u << 0)
#define PT_AUTO_RELOAD (1u << 1)
#define PT_IRQ_ENABLE  (1u << 2)

void plat_timer_start_periodic(uint32_t ticks)
{
    uint32_t base = system_config.ptimer_base;
    mmio_write(base + PT_CONTROL, 0);
    mmio_write(base + PT_ISR, 1);
    mmio_write(base + PT_LOAD, ticks);      /* also loads the counter */
    mmio_write(base + PT_CONTROL, PT_ENABLE | PT_AUTO_RELOAD | PT_IRQ_ENABLE);
}

void plat_timer_restart(void)
{
    uint32_t base = system_config.ptimer_base;
    mmio_write(base + PT_LOAD, mmio_read(base + PT_LOAD));
}

void plat_timer_ack(void)
{
    mmio_write(system_config.ptimer_base + PT_ISR, 1);
}
