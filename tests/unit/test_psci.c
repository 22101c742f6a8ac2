/* PSCI 0.2 of a Non-secure guest (monitor/core/psci.c): every function it
 * implements, and NOT_SUPPORTED for everything else, never a stop or a
 * restart the guest did not ask for. */
#include <stdint.h>
#include "config.h"
#include "nsworld.h"
#include "unit.h"
#include "vcpu.h"
#include "wake.h"

static int stops, restarts;

void ns_stop(struct vcpu *v, const char *why) { (void)v; (void)why; stops++; }
void ns_reset_request(struct vcpu *v, const char *why) { (void)v; (void)why; restarts++; }

/* nssmp.c's neighbours: the guests' vCPUs and the scheduler's side. */
struct vcpu vcpus[CONFIG_MAX_GUESTS];
static unsigned kicks;                  /* bit per core kicked */
static struct edf_vcpu evs[CONFIG_MAX_CORES];
void sched_kick(unsigned core) { kicks |= 1u << core; }
void sched_block(struct vcpu *v, uint32_t events)
{
    v->wait_for = events;
    v->ev->state = EDF_BLOCKED;
}
void sched_stop(struct vcpu *v)
{
    v->state = VCPU_STOPPED;
    if (v->ev)
        v->ev->state = EDF_STOPPED;
}

static const struct cfg_ns ns = {.entry = 0x10208000u, .dtb = 0x12600000u, .cpus = 1u};
static const struct cfg_region ram[] = {{.va = 0x10000000u, .size = 0x10000000u, .writable = 1}};
static const struct cfg_guest guest = {.name = "linux", .level = LEVEL_NRT, .core = 0,
                                       .world = WORLD_NS, .ns = &ns, .ram = ram, .n_ram = 1};

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

/* A guest on cores 0 and 1 (`cores: [0, 1]`): its vCPU on core 1 starts
 * off; CPU_ON starts it once (ALREADY_ON, ON_PENDING after), with the entry
 * and context id published before the wake-up and its core kicked; its
 * CPU_OFF takes it off again and only its core's pass sees it; the boot
 * vCPU cannot go off while core 1 is on; a guest-wide request reaches both
 * vCPUs exactly once each. */
static const struct cfg_ns ns2 = {.entry = 0x10208000u, .dtb = 0x12600000u, .cpus = 3u};
static const struct cfg_guest guest2 = {.name = "linux", .level = LEVEL_NRT, .core = 0,
                                        .world = WORLD_NS, .ns = &ns2, .ram = ram, .n_ram = 1};

static int32_t call_on(struct vcpu *v, uint32_t fid, uint32_t a1, uint32_t a2, uint32_t a3)
{
    struct trap_frame f = {.r = {fid, a1, a2, a3}};
    psci_call(0, v, &f);
    return (int32_t)f.r[0];
}

TEST(psci_two_cores)
{
    memset(vcpus, 0, sizeof vcpus);
    memset(ns_secondary, 0, sizeof ns_secondary);
    stops = restarts = 0;
    kicks = 0;
    struct vcpu *boot = &vcpus[0];
    boot->cfg = &guest2;
    boot->state = VCPU_READY;
    boot->ev = &evs[0];
    ns_smp_init(0);
    struct vcpu *sec = &ns_secondary[1];
    CHECK(sec->cfg == &guest2 && sec->ns_core == 1 && sec->index == 0);
    sec->ev = &evs[1];
    evs[1].state = EDF_READY;
    CHECK_EQ_INT(ns_vcpu_start(boot), 1);
    CHECK_EQ_INT(ns_vcpu_start(sec), 0);            /* off until CPU_ON */
    CHECK_EQ_INT(evs[1].state, EDF_BLOCKED);
    CHECK_EQ_INT(call_on(boot, 0x84000004u, 1, 0, 0), 1);          /* AFFINITY_INFO: OFF */
    CHECK_EQ_INT(call_on(boot, 0x84000004u, 0x80000000u, 0, 0), 0);
    call_on(boot, 0x84000002u, 0, 0, 0);            /* CPU_OFF of the last one: stops */
    CHECK_EQ_INT(stops, 1);
    stops = 0;

    /* An entry outside its RAM (the monitor's, another guest's): refused,
     * and nothing is started. */
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x00100000u, 0), -9);      /* INVALID_ADDRESS */
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x1ffffffeu, 0), -9);      /* its word crosses the end */
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x20000000u, 0), -9);
    CHECK_EQ_INT(sec->wake & WAKE_CPU_ON, 0);
    CHECK_EQ_INT(call_on(boot, 0x84000004u, 1, 0, 0), 1);          /* still OFF */
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 0x80000001u, 0x10300001u, 0xabcd), 0);  /* CPU_ON */
    CHECK_EQ_INT(kicks, 2u);
    CHECK_EQ_INT(sec->wake & WAKE_CPU_ON, WAKE_CPU_ON);
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x10300000u, 0), -5);       /* ON_PENDING */
    CHECK_EQ_INT(call_on(boot, 0x84000004u, 1, 0, 0), 2);
    /* Core 1's pass: the wake-up taken, then the start applied once. */
    struct trap_frame f = {0};
    CHECK_EQ_INT(wake_take(sec, &f), 1);
    CHECK_EQ_INT(ns_smp_apply(sec), NS_ACT_CPU_ON);
    CHECK_EQ_INT((int)sec->ns_on_entry, 0x10300001);
    CHECK_EQ_INT((int)sec->ns_on_ctx, 0xabcd);
    ns_smp_started(sec);
    CHECK_EQ_INT(ns_smp_apply(sec), NS_ACT_NONE);
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x10300000u, 0), -4);       /* ALREADY_ON */
    CHECK_EQ_INT(call_on(boot, 0x84000004u, 1, 0, 0), 0);
    CHECK_EQ_INT(call_on(boot, 0x84000002u, 0, 0, 0), -3);         /* boot CPU_OFF: DENIED */
    CHECK_EQ_INT(stops, 0);

    /* Core 1 goes off itself; core 0 sees OFF; a second CPU_ON works. */
    call_on(sec, 0x84000002u, 0, 0, 0);             /* no return to the caller */
    CHECK_EQ_INT(evs[1].state, EDF_BLOCKED);
    CHECK_EQ_INT(sec->wait_for, WAKE_CPU_ON);
    CHECK_EQ_INT(call_on(boot, 0x84000004u, 1, 0, 0), 1);
    CHECK_EQ_INT(stops, 0);
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x10400000u, 7), 0);
    CHECK_EQ_INT(wake_take(sec, &f), 1);
    evs[1].state = EDF_READY;
    CHECK_EQ_INT(ns_smp_apply(sec), NS_ACT_CPU_ON);
    CHECK_EQ_INT((int)sec->ns_on_entry, 0x10400000);
    ns_smp_started(sec);

    /* SYSTEM_RESET from core 1: both cores kicked; core 1 goes off, core 0
     * restarts, each once; the reload waits for core 1 to be off. */
    kicks = 0;
    ns_request(sec, NS_REQ_RESTART);
    CHECK_EQ_INT(kicks, 3u);
    CHECK_EQ_INT(ns_others_off(boot), 0);
    CHECK_EQ_INT(ns_smp_apply(boot), NS_ACT_RESTART);
    CHECK_EQ_INT(ns_smp_apply(boot), NS_ACT_NONE);
    CHECK_EQ_INT(ns_others_off(boot), 0);
    CHECK_EQ_INT(ns_smp_apply(sec), NS_ACT_OFF);
    CHECK_EQ_INT(evs[1].state, EDF_BLOCKED);
    CHECK_EQ_INT(ns_others_off(boot), 1);
    /* The new run starts core 1 again: the old request is not applied. */
    CHECK_EQ_INT(call_on(boot, 0x84000003u, 1, 0x10400000u, 0), 0);
    CHECK_EQ_INT(wake_take(sec, &f), 1);
    evs[1].state = EDF_READY;
    CHECK_EQ_INT(ns_smp_apply(sec), NS_ACT_CPU_ON);
    ns_smp_started(sec);

    /* SYSTEM_OFF from core 0: both stop. */
    ns_request(boot, NS_REQ_STOP);
    CHECK_EQ_INT(ns_smp_apply(boot), NS_ACT_STOPPED);
    CHECK_EQ_INT(ns_smp_apply(sec), NS_ACT_STOPPED);
    CHECK_EQ_INT(boot->state, VCPU_STOPPED);
    CHECK_EQ_INT(sec->state, VCPU_STOPPED);
    CHECK_EQ_INT(restarts, 0);
    memset(vcpus, 0, sizeof vcpus);                 /* the other tests' guest is alone */
    memset(ns_secondary, 0, sizeof ns_secondary);
}
