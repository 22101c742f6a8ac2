/* The TrustZone partition's boot sequence (monitor/platform/zynq7000/tz.c)
 * against a model of the devices: the SLCR unlocked around its registers
 * only, every register written in table order, the readable ones read back,
 * and every register that did not stick reported (a value the device
 * dropped, a write or a read that aborted); write-only ones never read. */
#include <stdint.h>
#include "config.h"
#include "tz.h"
#include "unit.h"

#define SLCR 0xf8000000u

static struct { uint32_t addr, value; } log_w[64];
static uint32_t n_w, n_r, n_failed;
static char last_failed[96];
static uint32_t drops_addr, abort_write_addr, abort_read_addr;

static int model_write(uint32_t addr, uint32_t value)
{
    if (n_w < 64) {
        log_w[n_w].addr = addr;
        log_w[n_w].value = value;
    }
    n_w++;
    return addr == abort_write_addr;
}

static int model_read(uint32_t addr, uint32_t *value)
{
    n_r++;
    if (addr == abort_read_addr)
        return 1;
    *value = 0;
    for (uint32_t i = 0; i < n_w && i < 64; i++)      /* the last value written */
        if (log_w[i].addr == addr && addr != drops_addr)
            *value = log_w[i].value;
    return 0;
}

static void model_failed(const char *line)
{
    n_failed++;
    strncpy(last_failed, line, sizeof last_failed - 1);
}

static const struct tz_io io = {.write = model_write, .read = model_read,
                                .failed = model_failed};

static const struct cfg_tz_reg regs[] = {
    {.name = "tz_ddr_ram", .addr = SLCR + 0x430u, .value = 0xf0u,
     .flags = CFG_TZ_SLCR | CFG_TZ_READBACK},
    {.name = "security6_apb_slaves", .addr = 0xe0200018u, .value = 0x80u, .flags = 0},
    {.name = "scu_snsac", .addr = 0xf8f00054u, .value = 0x10u, .flags = CFG_TZ_READBACK},
};
static const struct cfg_trustzone tz = {.regs = regs, .n_regs = 3};

static void reset(void)
{
    n_w = n_r = n_failed = 0;
    last_failed[0] = 0;
    drops_addr = abort_write_addr = abort_read_addr = 0;
}

TEST(tz_writes_in_order_inside_the_slcr_unlock)
{
    struct tz_result res;
    reset();
    CHECK_EQ_INT(tz_apply(&tz, SLCR, &io, &res), 0);
    CHECK_EQ_INT(n_w, 5);
    CHECK(log_w[0].addr == SLCR + 0x008u && log_w[0].value == 0xdf0du);   /* unlock */
    for (uint32_t i = 0; i < 3; i++)
        CHECK(log_w[1 + i].addr == regs[i].addr && log_w[1 + i].value == regs[i].value);
    CHECK(log_w[4].addr == SLCR + 0x004u && log_w[4].value == 0x767bu);   /* lock */
    CHECK_EQ_INT(n_r, 2);                       /* the write-only one is not read */
    CHECK_EQ_INT(res.checked, 2);
    CHECK_EQ_INT(res.kept, 2);
    CHECK_EQ_INT(n_failed, 0);
}

TEST(tz_no_slcr_key_without_an_slcr_register)
{
    struct tz_result res;
    reset();
    static const struct cfg_trustzone scu_only = {.regs = &regs[2], .n_regs = 1};
    CHECK_EQ_INT(tz_apply(&scu_only, 0, &io, &res), 0);
    CHECK_EQ_INT(n_w, 1);
    CHECK(log_w[0].addr == regs[2].addr);
}

TEST(tz_reports_every_register_that_did_not_stick)
{
    struct tz_result res;
    reset();
    drops_addr = regs[0].addr;                  /* as QEMU: dropped, reads 0 */
    CHECK_EQ_INT(tz_apply(&tz, SLCR, &io, &res), 1);
    CHECK(strcmp(last_failed, "tz_ddr_ram reads 0x0, written 0xf0") == 0);
    CHECK_EQ_INT(res.kept, 1);

    reset();
    abort_write_addr = regs[1].addr;            /* a write-only register's write aborts */
    CHECK_EQ_INT(tz_apply(&tz, SLCR, &io, &res), 1);
    CHECK(strcmp(last_failed, "security6_apb_slaves at 0xe0200018: the write aborted") == 0);
    CHECK_EQ_INT(n_w, 5);                       /* the others still written, the SLCR locked */

    reset();
    abort_read_addr = regs[2].addr;
    CHECK_EQ_INT(tz_apply(&tz, SLCR, &io, &res), 1);
    CHECK(strcmp(last_failed, "scu_snsac at 0xf8f00054: the read aborted") == 0);
    CHECK_EQ_INT(res.checked, 2);
    CHECK_EQ_INT(res.kept, 1);
}
