/*
 * Run-time state of guests and cores. Sizes are fixed at build time: one
 * vCPU per guest, one pcpu per core, all in .bss.
 */
#ifndef VCPU_H
#define VCPU_H

#include <stdint.h>
#include "arch.h"
#include "config.h"
#include "console.h"
#include "edf.h"
#include "ioemu.h"
#include "vfp.h"

enum vcpu_state {
    VCPU_READY   = 0,    /* may be dispatched */
    VCPU_STOPPED = 1,    /* faulted or stopped itself; never dispatched again */
};

/* Virtual interrupts queued for a guest: each ID at most once, in arrival
 * order (a FIFO of IDs plus a pending bit per ID). */
struct virq_queue {
    uint32_t pending[CFG_VIRQ_COUNT / 32];
    uint8_t fifo[CFG_VIRQ_COUNT];
    uint8_t head, count;
};

struct vcpu {
    struct trap_frame ctx;              /* saved context while not running */
    const struct cfg_guest *cfg;
    struct edf_vcpu *ev;                /* scheduling state (shared cores), or 0 */
    uint8_t index;                      /* guest index in system_config */
    uint8_t state;                      /* enum vcpu_state */
    uint8_t in_upcall;                  /* running a vIRQ or miss handler */
    uint32_t faults;
    uint32_t tlb_locks;                 /* dispatches onto its locked TLB entries (tlb.c) */

    /* Virtual interrupts (virq.c). */
    uint32_t virq_entry;                /* guest handler entry, 0 = none registered */
    uint32_t virq_shared;               /* guest address of its struct virq_shared */
    uint32_t miss_entry;                /* deadline-miss handler, 0 = none */
    struct virq_queue virqs;
    struct trap_frame upcall_saved;     /* context interrupted by the upcall */
    uint64_t vtimer;                    /* absolute time of the virtual timer, 0 = off */

    /* Cross-core wake-up (wake.h): events any core posts for this vCPU,
     * taken only by its own core at a scheduling pass, so the state of a
     * blocked vCPU is never written from the other core. */
    uint32_t wake;                      /* WAKE_* bits posted; atomic */
    uint32_t wait_for;                  /* own core: the WAKE_* bits it is blocked on, 0 = none */
    uint32_t io_result;                 /* a proxied read's answer, published by WAKE_IO_RESULT */
    uint8_t io_result_reg;              /* register it goes to (r0-r14) */

    struct console_line line;

    /* Non-secure guests (nsworld.c): a restart's reload, done in bounded
     * pieces between scheduling passes. */
    uint8_t ns_reloading;
    uint32_t ns_reload_item, ns_reload_word;
    uint32_t ns_restarts;

    /* Non-secure guests on several cores (nssmp.c): one such vCPU per core
     * of the guest; the one of its boot core is vcpus[guest], the others
     * are ns_secondary[core]. */
    uint8_t ns_core;                    /* the core this vCPU runs on */
    uint8_t ns_off;                     /* own core: off, blocked until a PSCI CPU_ON */
    uint32_t ns_aff;                    /* PSCI AFFINITY_INFO state (NS_AFF_*); atomic */
    uint32_t ns_seen;                   /* the guest-wide request it applied last */
    uint32_t ns_on_entry, ns_on_ctx;    /* CPU_ON's entry and context id (WAKE_CPU_ON) */

    /* What the guest can observe or change in User mode without a
     * hypercall, swapped at every switch (docs/monitor.md, "Per-vCPU
     * state"; arch_user_state_switch). */
    uint32_t tpidrurw;                  /* its User read/write thread ID register */

    /* Fault policy (health.c, restart.c). While `restarting`, the vCPU is
     * scheduled as usual but never resumed: each of its dispatches does one
     * bounded step of the reload instead. */
    uint32_t restarts;
    uint32_t faults_undef, faults_pabt, faults_dabt;   /* `faults` by kind */
    uint8_t restarting;
    uint8_t restart_phase;              /* enum in restart.c */
    uint32_t restart_item;              /* index in restart_clear / load */
    uint32_t restart_off;               /* bytes of that item done */

    /* Hard-float guests: VFP/NEON registers while another vCPU owns the
     * core's (vfp.c). Untouched for soft-float guests. */
    struct vfp_state vfp;

    /* Trap-and-emulate I/O (ioemu.c): the last instruction decoded. */
    struct ioemu_cache io_cache;
};

struct pcpu {
    unsigned id;
    struct vcpu *current;               /* vCPU whose context the trap frame holds, or 0 */
    int need_resched;
    /* Fast paths of the scheduler (sched.c, switch.c, issue 11): what the
     * last pass decided, so that an entry which changes nothing decides
     * nothing. Before the arrays: small offsets for the fast paths' loads. */
    uint64_t edf_next;                  /* the EDF's next event after the last pass */
    uint64_t vt_next;                   /* no virtual timer of the core is due before this */
    uint64_t timer_at;                  /* the one-shot is armed for this time; EDF_NEVER: not armed */
    uint64_t now;                       /* time read earlier in this entry (now_valid) */
    uint8_t now_valid;
    uint8_t edf_next_exact;             /* edf_next is an SRT event (edf_schedule) */
    uint8_t gtimer;                     /* events from the global timer's comparator */
    uint8_t ticked;                     /* the timer fired in this entry (sched_tick) */
    uint16_t blocked;                   /* vCPUs that may be EDF_BLOCKED (wake_pass skips at 0) */

    /* Lazy VFP switching (vfp.c). */
    struct vcpu *vfp_owner;             /* whose registers the VFP holds, or 0 */
    uint8_t vfp_on;                     /* FPEXC.EN is set (only while the owner runs) */
    uint32_t vfp_switches;              /* register moves between vCPUs */

    struct vcpu *slot[CONFIG_MAX_GUESTS];   /* vCPU of each edf index */
    struct edf_core edf;                /* shared cores: the scheduler */
    struct edf_vcpu ev[CONFIG_MAX_GUESTS];

    /* Time-triggered releases (release.c): the one-shot fires at lead_at
     * for the release at rel_at (EDF_NEVER: none planned). */
    uint8_t leads;                      /* some vCPU of the core has a lead */
    uint32_t rel_lead;
    uint64_t lead_at;
    uint64_t rel_at;
};

extern struct vcpu vcpus[CONFIG_MAX_GUESTS];
/* A Non-secure guest's vCPU on each core that is not its boot core (nssmp.c). */
extern struct vcpu ns_secondary[CONFIG_MAX_CORES];
extern struct pcpu pcpus[CONFIG_MAX_CORES];

/* The calling core's pcpu. On the target a fixed per-core pointer set at
 * boot (arch/armv7-a/percpu.h: TPIDRPRW, one instruction); the host builds
 * of the unit and TSan tests provide their own. */
#if defined(HOST_TEST) || defined(HOST_TSAN)
struct pcpu *this_pcpu(void);
#else
#include "percpu.h"
static inline struct pcpu *this_pcpu(void)
{
    return (struct pcpu *)arch_this_cpu();
}
#endif

#endif
