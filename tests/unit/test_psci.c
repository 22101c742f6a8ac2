/* PSCI 0.2 of a Non-secure guest (monitor/core/psci.c): every function it
 * implements, and NOT_SUPPORTED for everything else, never a stop or a
 * restart the guest did not ask for. */
#include <stdint.h>
#include "config.h"
#include "nsworld.h"
#include "unit.h"
#include "vcpu.h"

static int stops, restarts;

void ns_stop(struct vcpu *v, const char *why) { (void)v; (void)why; stops++; }
void ns_reset_request(struct vcpu *v, const char *why) { (void)v; (void)why; restarts++; }

static const struct cfg_ns ns = {.entry = 0x10208000u, .dtb = 0x12600000u, .cpus = 1u};
static const struct cfg_guest guest = {.name = "linux", .level = LEVEL_NRT, .core = 0,
                                       .world = WORLD_NS, .ns = &ns};

static int32_t call(uint32_t fid, uint32_t a1, uint32_t a2, uint32_t a3)
{
    struct vcpu v = {.cfg = &guest};
    struct trap_frame f = {.r = {fid, a1, a2, a3}};
    psci_call(0, &v, &f);
    return (int32_t)f.r[0];
}

TEST(psci_functions)
{
    stops = restarts = 0;
    CHECK_EQ_INT(call(0x84000000u, 0, 0, 0), 2);                 /* VERSION: 0.2 */
    CHECK_EQ_INT(call(0x84000006u, 0, 0, 0), 2);                 /* MIGRATE_INFO_TYPE */
    CHECK_EQ_INT(call(0x8400000au, 0x84000009u, 0, 0), 0);       /* FEATURES(SYSTEM_RESET) */
    CHECK_EQ_INT(call(0x8400000au, 0x84000001u, 0, 0), -1);      /* FEATURES(CPU_SUSPEND) */
    CHECK_EQ_INT(call(0x84000003u, 0x80000000u, 0x10008000u, 0), -4);   /* CPU_ON its core: on */
    CHECK_EQ_INT(call(0x84000003u, 1, 0x10008000u, 0), -2);      /* a core it does not own */
    CHECK_EQ_INT(call(0x84000003u, 0x100, 0x10008000u, 0), -2);  /* another cluster */
    CHECK_EQ_INT(call(0x84000004u, 0, 0, 0), 0);                 /* AFFINITY_INFO: ON */
    CHECK_EQ_INT(call(0x84000004u, 1, 0, 0), -2);
    CHECK_EQ_INT(call(0x84000004u, 0, 1, 0), -2);                /* level 1: not supported */
    CHECK_EQ_INT(stops, 0);
    CHECK_EQ_INT(restarts, 0);
    call(0x84000008u, 0, 0, 0);                              /* SYSTEM_OFF */
    CHECK_EQ_INT(stops, 1);
    call(0x84000009u, 0, 0, 0);                              /* SYSTEM_RESET */
    CHECK_EQ_INT(restarts, 1);
    call(0x84000002u, 0, 0, 0);                              /* CPU_OFF: its last core */
    CHECK_EQ_INT(stops, 2);
}

TEST(psci_everything_else_is_not_supported)
{
    stops = restarts = 0;
    uint32_t x = 12345u;
    for (int i = 0; i < 100000; i++) {
        x = x * 1664525u + 1013904223u;                      /* any function ID */
        uint32_t fid = (i & 1) ? x : (0x84000000u | (x & 0xffffu));
        if (fid <= 0x8400000au && fid >= 0x84000000u && fid != 0x84000001u &&
            fid != 0x84000005u && fid != 0x84000007u)
            continue;                                       /* implemented */
        CHECK_EQ_INT(call(fid, x, ~x, x ^ 0x5a5a5a5au), -1);
    }
    CHECK_EQ_INT(call(0xc4000003u, 0, 0, 0), -1);                /* SMC64 CPU_ON */
    CHECK_EQ_INT(stops, 0);
    CHECK_EQ_INT(restarts, 0);
}
