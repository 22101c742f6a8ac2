/*
 * The per-core pointer of the monitor (vcpu.h this_pcpu): TPIDRPRW, the
 * PL1-only thread ID register (ARM ARM B4.1.150; c13, c0, 4). User mode
 * cannot read or write it (B4.1.150: PL0 access is UNDEFINED), and it is
 * banked by security state (B4.1.1, "Banked system control registers"), so
 * a Non-secure guest's own per-CPU offset (Linux keeps one there) lives in
 * the Non-secure copy and never meets the monitor's. Every C entry of the
 * monitor runs with SCR.NS = 0 (world.S switches SCR back before leaving
 * Monitor mode), so it reads the Secure copy. A PL1 (HRT) guest can write
 * the Secure copy: its smc entry (trap.c smc_entry_c) installs the
 * monitor's value and restores the guest's before returning.
 *
 * One MRC instead of the MPIDR read, mask and index of the array.
 */
#ifndef PERCPU_H
#define PERCPU_H

#include <stdint.h>
#include "cp15.h"

static inline void *arch_this_cpu(void)
{
    return (void *)cp15_read_tpidrprw();
}

/* Installs `p` as this core's pointer; returns the value it replaces. */
static inline uint32_t arch_this_cpu_set(const void *p)
{
    uint32_t old = cp15_read_tpidrprw();
    cp15_write_tpidrprw((uint32_t)p);
    return old;
}

static inline void arch_this_cpu_restore(uint32_t old)
{
    cp15_write_tpidrprw(old);
}

#endif
