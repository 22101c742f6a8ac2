/*
 * The TrustZone partition (docs/monitor.md "Isolation"): core 0 writes the
 * values generator/trustzone.py computed into the registers the platform
 * file names (UG585 v1.13 appendix B: the SLCR's TZ_* registers and the
 * interconnect's security registers; the Cortex-A9 MPCore TRM's SCU Access
 * Control (SAC) and Non-secure Access Control (SNSAC) registers), then reads back the readable ones. It runs at boot with the
 * MMU off (every access Strongly-ordered, to the device itself), before core
 * 1 is released and before any core enters the Non-secure world.
 *
 * A board image stops if a value did not stick or an access aborted: a
 * Non-secure guest must not start on a partition that is not the one the
 * report shows. QEMU models little of it (docs/monitor.md, "What QEMU
 * 10.0.2 showed"): an image for it notes what was dropped and goes on.
 * No address here: all come from system_config.
 */
#include "arch.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "mmio.h"
#include "plat.h"

/* SLCR write protection (UG585 4.3.2, appendix B slcr: SLCR_LOCK 0x004,
 * SLCR_UNLOCK 0x008, their keys); offsets from system_config.slcr_base. */
#define SLCR_LOCK        0x004u
#define SLCR_UNLOCK      0x008u
#define SLCR_LOCK_KEY    0x767bu
#define SLCR_UNLOCK_KEY  0xdf0du

static char tz_why[96];

static void tz_failed(const char *line)
{
    if (!(system_config.flags & CFG_FLAG_EMULATED)) {
        fmt_snprintf(tz_why, sizeof tz_why, "trustzone: %s", line);
        PANIC(tz_why);
    }
    mon_printf("trustzone: %s", line);
}

void plat_tz_program(void)
{
    const struct cfg_trustzone *tz = system_config.trustzone;
    if (!tz)
        return;
    uint32_t slcr = system_config.slcr_base;
    uint32_t aborted = 0, checked = 0, kept = 0;
    char line[80];

    /* The SLCR's registers take writes only between the unlock and the
     * lock (UG585 4.3.2); the others take them at any time. */
    uint32_t in_slcr = 0;
    for (uint32_t i = 0; i < tz->n_regs; i++)
        in_slcr |= tz->regs[i].flags & CFG_TZ_SLCR;
    if (in_slcr)                    /* the generator requires the SLCR then */
        mmio_write(slcr + SLCR_UNLOCK, SLCR_UNLOCK_KEY);
    for (uint32_t i = 0; i < tz->n_regs; i++)
        if (arch_io_write32(tz->regs[i].addr, tz->regs[i].value))
            aborted |= 1u << i;
    if (in_slcr)
        mmio_write(slcr + SLCR_LOCK, SLCR_LOCK_KEY);
    /* ARM ARM v7-A A3.8.3: the DSB completes every write above (each one
     * has been answered by its device) before anything after it, so the
     * partition is in place before core 1 is released (whose release
     * follows with its own DSB and SEV) and before any exception return
     * to the Non-secure world, on either core; the readback below is
     * ordered after each write to the same device (A3.5.5). */
    mmio_complete();

    for (uint32_t i = 0; i < tz->n_regs; i++) {
        const struct cfg_tz_reg *r = &tz->regs[i];
        if (aborted & (1u << i)) {
            fmt_snprintf(line, sizeof line, "%s at 0x%08x: the write aborted", r->name,
                         (unsigned)r->addr);
            tz_failed(line);
            continue;
        }
        if (!(r->flags & CFG_TZ_READBACK))
            continue;
        uint32_t v;
        checked++;
        if (arch_io_read32(r->addr, &v)) {
            fmt_snprintf(line, sizeof line, "%s at 0x%08x: the read aborted", r->name,
                         (unsigned)r->addr);
            tz_failed(line);
        } else if (v != r->value) {
            fmt_snprintf(line, sizeof line, "%s reads 0x%x, written 0x%x", r->name,
                         (unsigned)v, (unsigned)r->value);
            tz_failed(line);
        } else {
            kept++;
        }
    }
    mon_printf("trustzone: %u registers written, %u of %u read back as written%s",
               (unsigned)tz->n_regs, (unsigned)kept, (unsigned)checked,
               (system_config.flags & CFG_FLAG_EMULATED)
                   ? " (QEMU: the partition is not enforced)" : "");
}
