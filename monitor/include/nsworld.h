/*
 * Non-secure guests (world: non-secure): an unmodified OS such as Linux in
 * the TrustZone Non-secure world of a shared core, scheduled as an NRT vCPU
 * (DESIGN.md section 4; docs/monitor.md "Non-secure guests").
 */
#ifndef NSWORLD_H
#define NSWORLD_H

#include <stdint.h>
#include "arch.h"

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
