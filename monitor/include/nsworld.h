/*
 * Non-secure guests (world: non-secure): an unmodified OS such as Linux in
 * the TrustZone Non-secure world of a shared core, scheduled as an NRT vCPU
 * (DESIGN.md section 4; docs/monitor.md "Non-secure guests").
 */
#ifndef NSWORLD_H
#define NSWORLD_H

#include <stdint.h>
#include "arch.h"
#include "config.h"

struct pcpu;
struct vcpu;

/* Everything of the Non-secure guest that the worlds share, saved while
 * the Secure side runs (arch/armv7-a/world.S knows the offsets). */
struct ns_regs {
    struct trap_frame f;        /*   0: r0-r12, sp/lr usr, pc, cpsr */
    uint32_t svc[3];            /*  68: sp, lr, spsr */
    uint32_t abt[3];            /*  80 */
    uint32_t und[3];            /*  92 */
    uint32_t irq[3];            /* 104 */
    uint32_t fiq[8];            /* 116: r8-r12, sp, lr, spsr */
    uint32_t sec_sp[5];         /* 148: the Secure sp of svc, abt, und, irq, fiq */
    uint32_t grp1;              /* 168: the guest's GICC_CTLR EnableGrp1 */
    /* VFP/NEON across the worlds (nsworld.c ns_vfp_*): the guest's FPEXC
     * and CPACR while the Secure side runs. */
    uint32_t fpexc;             /* 172 */
    uint32_t cpacr;             /* 176 */
    /* `build: {bench: true}` images (CONFIG_BENCH_STAMPS): PMCCNTR at the
     * FIQ's Monitor vector (+3), at the start of the Secure side, when the
     * scheduler hands the core back to the guest, and before the exception
     * return to it (-4); HC_TEST_NS_STAMPS reads them. */
    uint32_t bench[4];          /* 180 */
};
_Static_assert(__builtin_offsetof(struct ns_regs, fiq) == 116, "world.S offsets");
_Static_assert(__builtin_offsetof(struct ns_regs, sec_sp) == 148, "world.S offsets");
_Static_assert(__builtin_offsetof(struct ns_regs, bench) == 180, "world.S offsets");

/* Boot, MMU off: copies every Non-secure guest's kernel, DTB and initramfs
 * in and enables the transmitter of its console UART. */
void ns_load_all(void);

/* A core that hosts a Non-secure guest: its Monitor vectors and NSACR. */
void ns_init_cpu(unsigned core);

/* The entry state of a Non-secure vCPU (first start and restart). */
void ns_vcpu_reset(struct vcpu *v);

/* Called by the scheduler when `v`, a Non-secure vCPU, is to run with the
 * context in `f`. Returns 1 if it did a bounded part of a restart's reload
 * instead (the scheduler then takes another pass); otherwise it enters the
 * Non-secure world and does not return. */
int ns_resume(struct pcpu *p, struct vcpu *v, struct trap_frame *f);

/* SMC from the Non-secure guest (PSCI 0.2, psci.c): the result in f->r[0]. */
void psci_call(struct pcpu *p, struct vcpu *v, struct trap_frame *f);

/* A channel's doorbell into a Non-secure reader: sets `spi` (a Group 1
 * interrupt of the reader's, edge-triggered) pending in the distributor. */
void ns_doorbell(uint32_t spi);

/* HC_TEST_NS_STAMPS (bench images only): the world-switch stamps of the
 * caller's core in r0-r3 (nsworld.c). */
int32_t ns_bench_stamps(struct pcpu *p, struct trap_frame *f);

/* Stops or restarts a Non-secure guest (PSCI SYSTEM_OFF / SYSTEM_RESET). */
void ns_stop(struct vcpu *v, const char *why);
void ns_restart(struct vcpu *v, const char *why);

/* ---- A Non-secure guest on several cores (nssmp.c) ---- */

/* PSCI AFFINITY_INFO values (ARM DEN 0022D 5.1.5), kept per vCPU. */
#define NS_AFF_ON          0u
#define NS_AFF_OFF         1u
#define NS_AFF_ON_PENDING  2u

/* PSCI CPU_OFF's function ID (psci.c; the monitor notes who goes off). */
#define NS_PSCI_CPU_OFF    0x84000002u

/* Guest-wide requests (ns_request), applied by every core of the guest. */
#define NS_REQ_STOP        1u
#define NS_REQ_RESTART     2u

/* What a core does before it enters its Non-secure vCPU (ns_smp_apply). */
enum ns_action {
    NS_ACT_NONE = 0,     /* enter it as it is */
    NS_ACT_STOPPED,      /* the guest stopped: take another scheduling pass */
    NS_ACT_OFF,          /* a secondary of a restarting guest went off: a pass */
    NS_ACT_RESTART,      /* the boot vCPU: begin the guest's reload */
    NS_ACT_CPU_ON,       /* started by CPU_ON: enter at ns_on_entry, r0 = ns_on_ctx */
};

/* The vCPU of guest `guest` on `core` (the scheduler's slots). */
struct vcpu *ns_vcpu_on(unsigned core, unsigned guest);

/* Boot, core 0: the guest's vCPUs on its other cores, off. */
void ns_smp_init(unsigned guest);

/* sched_start, own core: 1 if `v` enters the kernel now (boot vCPU), 0 if
 * it is off until a CPU_ON. */
int ns_vcpu_start(struct vcpu *v);

/* PSCI (psci.c): a PSCI return code. `core` is one the guest owns. */
int32_t ns_cpu_on(struct vcpu *caller, unsigned core, uint32_t entry, uint32_t context);
int32_t ns_affinity(const struct vcpu *caller, unsigned core);
int32_t ns_cpu_off(struct vcpu *v);

/* A guest-wide stop or restart (NS_REQ_*), told to each core of the guest. */
void ns_request(struct vcpu *v, uint32_t kind);

/* Own core, before entering `v`: a pending request or CPU_ON applied. */
enum ns_action ns_smp_apply(struct vcpu *v);

/* Own core: `v` has been reset for CPU_ON and is about to run. */
void ns_smp_started(struct vcpu *v);

/* 1 if every other vCPU of v's guest is off (or stopped). */
int ns_others_off(const struct vcpu *v);

/* stop-system (health.c): the secondaries stop with the guests. */
void ns_secondaries_stop(void);

/* PSCI SYSTEM_RESET: restarts, stops, or stops the system, as the guest's
 * on_fault and max_restarts say (each one counts as a restart). */
void ns_reset_request(struct vcpu *v, const char *why);

/* Entry from world.S, on the Secure SVC stack with the guest's frame. */
__attribute__((noreturn)) void ns_exit_c(struct trap_frame *f, unsigned kind);

/* world.S */
__attribute__((noreturn)) void arch_world_enter(struct ns_regs *ns, uint32_t secure_svc_sp);
void arch_ns_cp15_reset(void);
extern const uint32_t ns_mon_vectors[];

#endif
