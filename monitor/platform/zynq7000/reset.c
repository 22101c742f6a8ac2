/*
 * Soft reset of the Zynq-7000 through the SLCR (UG585 v1.13: section 4.3.2
 * "SLCR write protection" for the lock, chapter 26 "Reset System" and the
 * register PSS_RST_CTRL in appendix B.28 for the reset itself): unlock the
 * SLCR with its key, then set PSS_RST_CTRL.SOFT_RST, which resets the whole
 * PS, both cores included. QEMU's model does the same (with -no-reboot,
 * QEMU exits). The SLCR's address comes from the platform file.
 */
#include "arch.h"
#include "config.h"
#include "mmio.h"
#include "plat.h"

#define SLCR_UNLOCK       0x008u
#define SLCR_UNLOCK_KEY   0xdf0du
#define PSS_RST_CTRL      0x200u
#define PSS_RST_SOFT_RST  (1u << 0)

void plat_system_reset(void)
{
    uint32_t slcr = system_config.slcr_base;
    arch_memory_barrier();
    mmio_write(slcr + SLCR_UNLOCK, SLCR_UNLOCK_KEY);
    mmio_write(slcr + PSS_RST_CTRL, PSS_RST_SOFT_RST);
    for (;;)
        arch_wait_for_interrupt();             /* the reset takes the core */
}
