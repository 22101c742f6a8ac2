/*
 * The TrustZone partition (docs/monitor.md "Isolation"): core 0 writes the
 * values generator/trustzone.py computed into the registers the platform
 * file names (UG585 v1.13 appendix B: the SLCR's TZ_* registers and the
 * interconnect's security registers; the Cortex-A9 MPCore TRM's SCU Access
 * Control (SAC) and Non-secure Access Control (SNSAC) registers), then
 * reads back the readable ones. It runs at boot with the MMU off (every
 * access Strongly-ordered, to the device itself), before core 1 is released
 * and before any core enters the Non-secure world.
 *
 * A board image stops if a value did not stick or an access aborted: a
 * Non-secure guest must not start on a partition that is not the one the
 * report shows. QEMU models none of it (docs/monitor.md, "What QEMU
 * 10.0.2 showed"): an image for it notes what was dropped and goes on.
 * No address here: all come from system_config.
 */
#include "tz.h"
#include "config.h"
#include "console.h"

/* SLCR write protection (UG585 4.3.2, appendix B slcr: SLCR_LOCK 0x004,
 * SLCR_UNLOCK 0x008, their keys); offsets from the SLCR's base. */
#define SLCR_LOCK        0x004u
#define SLCR_UNLOCK      0x008u
#define SLCR_LOCK_KEY    0x767bu
#define SLCR_UNLOCK_KEY  0xdf0du

uint32_t tz_apply(const struct cfg_trustzone *tz, uint32_t slcr, const struct tz_io *io,
                  struct tz_result *res)
{
    uint32_t aborted = 0, in_slcr = 0, bad = 0;
    char line[80];

    res->checked = res->kept = 0;
    for (uint32_t i = 0; i < tz->n_regs; i++)
        in_slcr |= tz->regs[i].flags & CFG_TZ_SLCR;
    /* The SLCR's registers take writes only between the unlock and the
     * lock (UG585 4.3.2); the others take them at any time. Each write is
     * completed by a DSB before the next access (io->write, ARM ARM A3.8.3):
     * the partition is in place before core 1 is released (with its own DSB
     * and SEV) and before any exception return to the Non-secure world, on
     * either core; each readback is ordered after the write to the same
     * device (A3.5.5). */
    if (in_slcr)                    /* the generator requires the SLCR then */
        io->write(slcr + SLCR_UNLOCK, SLCR_UNLOCK_KEY);
    for (uint32_t i = 0; i < tz->n_regs; i++)
        if (io->write(tz->regs[i].addr, tz->regs[i].value))
            aborted |= 1u << i;     /* at most 32 registers (the generator) */
    if (in_slcr)
        io->write(slcr + SLCR_LOCK, SLCR_LOCK_KEY);

    for (uint32_t i = 0; i < tz->n_regs; i++) {
        const struct cfg_tz_reg *r = &tz->regs[i];
        uint32_t v = 0;
        int read_aborted = 0;
        if (!(aborted & (1u << i))) {
            if (!(r->flags & CFG_TZ_READBACK))
                continue;               /* write-only */
            res->checked++;
            read_aborted = io->read(r->addr, &v);
            if (!read_aborted && v == r->value) {
                res->kept++;
                continue;
            }
        }
        if (aborted & (1u << i))
            fmt_snprintf(line, sizeof line, "%s at 0x%08x: the write aborted", r->name,
                         (unsigned)r->addr);
        else if (read_aborted)
            fmt_snprintf(line, sizeof line, "%s at 0x%08x: the read aborted", r->name,
                         (unsigned)r->addr);
        else
            fmt_snprintf(line, sizeof line, "%s reads 0x%x, written 0x%x", r->name,
                         (unsigned)v, (unsigned)r->value);
        bad++;
        io->failed(line);
    }
    return bad;
}

#ifndef HOST_TEST

#include "arch.h"
#include "health.h"
#include "plat.h"

static char tz_why[96];

/* A board image panics at the first register that did not stick; a QEMU
 * image notes each and goes on. */
static void tz_failed(const char *line)
{
    if (!(system_config.flags & CFG_FLAG_EMULATED)) {
        fmt_snprintf(tz_why, sizeof tz_why, "trustzone: %s", line);
        PANIC(tz_why);
    }
    mon_printf("trustzone: %s", line);
}

static const struct tz_io board_io = {
    .write = arch_io_write32,       /* str, DSB, then its asynchronous abort's window */
    .read = arch_io_read32,
    .failed = tz_failed,
};

void plat_tz_program(void)
{
    const struct cfg_trustzone *tz = system_config.trustzone;
    struct tz_result res;
    if (!tz)
        return;
    tz_apply(tz, system_config.slcr_base, &board_io, &res);
    mon_printf("trustzone: %u registers written, %u of %u read back as written%s",
               (unsigned)tz->n_regs, (unsigned)res.kept, (unsigned)res.checked,
               (system_config.flags & CFG_FLAG_EMULATED)
                   ? " (QEMU: the partition is not enforced)" : "");
}

#endif
