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

    /* The answer to a proxied read the guest waits for, applied by its own
     * core when it runs again (the service may answer from the other core
     * while this core is still switching away from it). */
    volatile uint8_t io_result_pending;
    uint8_t io_result_reg;
    uint32_t io_result;

    struct console_line line;

    /* Non-secure guests (nsworld.c): a restart's reload, done in bounded
     * pieces between scheduling passes. */
    uint8_t ns_reloading;
    uint32_t ns_reload_item, ns_reload_word;
    uint32_t ns_restarts;

    /* What the guest can observe or change in User mode without a
     * hypercall, swapped at every switch (docs/monitor.md, "Per-vCPU
     * state"; arch_user_state_switch). */
    uint32_t tpidrurw;                  /* its User read/write thread ID register */
};

struct pcpu {
    unsigned id;
    struct vcpu *current;               /* vCPU whose context the trap frame holds, or 0 */
    int need_resched;
    struct edf_core edf;                /* shared cores: the scheduler */
    struct edf_vcpu ev[CONFIG_MAX_GUESTS];
    struct vcpu *slot[CONFIG_MAX_GUESTS];   /* vCPU of each edf index */
};

extern struct vcpu vcpus[CONFIG_MAX_GUESTS];
extern struct pcpu pcpus[CONFIG_MAX_CORES];

struct pcpu *this_pcpu(void);

#endif
