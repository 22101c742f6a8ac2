/*
 * PSCI 0.2 over SMC for a Non-secure guest (ARM DEN 0022D, "Power State
 * Coordination Interface", sections 5.1-5.10; SMC32 function IDs). Each call
 * applies to the calling guest alone: SYSTEM_OFF stops it and SYSTEM_RESET
 * restarts it as its on_fault/max_restarts say (stop-system: every guest
 * stops), while every other guest goes on. Any other SMC function gets
 * NOT_SUPPORTED.
 */
#include "config.h"
#include "guestmem.h"
#include "nsworld.h"
#include "vcpu.h"

#define PSCI_VERSION           0x84000000u
#define PSCI_CPU_SUSPEND       0x84000001u
#define PSCI_CPU_OFF           0x84000002u
#define PSCI_CPU_ON            0x84000003u
#define PSCI_AFFINITY_INFO     0x84000004u
#define PSCI_MIGRATE           0x84000005u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_MIGRATE_INFO_UP   0x84000007u
#define PSCI_SYSTEM_OFF        0x84000008u
#define PSCI_SYSTEM_RESET      0x84000009u
#define PSCI_FEATURES          0x8400000au

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED     (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED            (-3)
#define PSCI_ALREADY_ON        (-4)
#define PSCI_INVALID_ADDRESS   (-9)

#define PSCI_VERSION_0_2        0x00000002u
#define PSCI_TOS_NOT_PRESENT_MP 2           /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */

/* MPIDR affinity level 0 of a target, if the rest is zero. */
static int target_core(uint32_t mpidr)
{
    return (mpidr & ~0x80000003u & 0x00ffffffu) ? -1 : (int)(mpidr & 3u);
}

static int supported(uint32_t fid)
{
    switch (fid) {
    case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON: case PSCI_AFFINITY_INFO:
    case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return 1;
    default:
        return 0;
    }
}

void psci_call(struct pcpu *p, struct vcpu *v, struct trap_frame *f)
{
    (void)p;
    const struct cfg_guest *g = v->cfg;
    uint32_t fid = f->r[0];
    int32_t ret = PSCI_NOT_SUPPORTED;
    int core;
    switch (fid) {
    case PSCI_VERSION:
        ret = (int32_t)PSCI_VERSION_0_2;
        break;
    case PSCI_FEATURES:
        ret = supported(f->r[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
        break;
    case PSCI_MIGRATE_INFO_TYPE:
        ret = PSCI_TOS_NOT_PRESENT_MP;
        break;
    case PSCI_CPU_ON:
        /* A core of the guest's own (`cores`), started at r2 with r3 in
         * r0 (nssmp.c); no other core is its. */
        core = target_core(f->r[1]);
        if (core < 0 || !(g->ns->cpus & (1u << core)))
            ret = PSCI_INVALID_PARAMETERS;
        else if (!guestmem_range_ok(g->ram, g->n_ram, f->r[2] & ~1u, 4, 0))
            ret = PSCI_INVALID_ADDRESS;     /* DEN 0022D 5.1.4: the entry is not its RAM */
        else
            ret = ns_cpu_on(v, (unsigned)core, f->r[2], f->r[3]);
        break;
    case PSCI_AFFINITY_INFO:
        core = target_core(f->r[1]);
        if (core < 0 || f->r[2] != 0 || !(g->ns->cpus & (1u << core)))
            ret = PSCI_INVALID_PARAMETERS;
        else
            ret = ns_affinity(v, (unsigned)core);
        break;
    case PSCI_CPU_OFF:
        /* Success does not return to the caller: that vCPU is off (or, the
         * guest's last one, stopped); DENIED for the boot vCPU while
         * another is on (nssmp.c). */
        ret = ns_cpu_off(v);
        if (ret == PSCI_SUCCESS)
            return;
        break;
    case PSCI_SYSTEM_OFF:
        ns_stop(v, "PSCI SYSTEM_OFF");
        return;
    case PSCI_SYSTEM_RESET:
        ns_reset_request(v, "PSCI SYSTEM_RESET");
        return;
    default:
        break;
    }
    f->r[0] = (uint32_t)ret;
}
