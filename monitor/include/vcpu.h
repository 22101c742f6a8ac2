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

enum vcpu_state {
    VCPU_READY   = 0,    /* may be dispatched */
    VCPU_STOPPED = 1,    /* faulted or stopped itself; never dispatched again */
};

struct vcpu {
    struct trap_frame ctx;              /* saved context while not running */
    const struct cfg_guest *cfg;
    uint8_t index;                      /* guest index in system_config */
    uint8_t state;                      /* enum vcpu_state */
    uint32_t virq_pending[4];           /* device interrupts held for the guest (IDs 0..127) */
    struct console_line line;
};

struct pcpu {
    unsigned id;
    struct vcpu *current;               /* vCPU whose context the trap frame holds, or 0 */
    unsigned rr_pos;                    /* position of `current` in the core's vcpus[] */
    int need_resched;
};

extern struct vcpu vcpus[CONFIG_MAX_GUESTS];
extern struct pcpu pcpus[CONFIG_MAX_CORES];

struct pcpu *this_pcpu(void);

#endif
