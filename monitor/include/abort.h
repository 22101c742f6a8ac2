/*
 * Exceptions the monitor takes from itself, and asynchronous aborts.
 *
 * The monitor's own accesses for a guest that may fail (arch_io_read*,
 * arch_io_write* of arch.h, in arch/armv7-a/extable.S) are listed in an exception
 * fixup table, as Linux's __ex_table: a data abort taken from the monitor
 * at one of them resumes at its fixup, which fails the access. Any other
 * exception from the monitor is a monitor bug and panics.
 */
#ifndef ABORT_H
#define ABORT_H

#include <stdint.h>

struct trap_frame;
struct vcpu;

/* One entry of .ex_table: an abort whose preferred return address is in
 * [first, last] resumes at `fixup`. */
struct ex_entry {
    uint32_t first, last, fixup;
};

/* The fixup for an abort at `pc`, or 0. Pure. */
uint32_t abort_fixup_find(const struct ex_entry *table, uint32_t n, uint32_t pc);

/* Whom an asynchronous abort found pending when the core switches away
 * from `prev` (0: no guest ran since boot or since the core idled) is
 * charged to: `prev` itself, or 0 for the monitor. Every access the guest
 * made, and every access the monitor made for it (trapped I/O, I/O
 * hypercalls), happened during its turn. Pure. */
struct vcpu *abort_async_culprit(struct vcpu *prev);

/* Reports and contains an asynchronous abort found pending at a switch
 * away from `prev`, with the DFSR it was taken with. */
void abort_async(struct vcpu *prev, uint32_t fsr);

/* vectors.S: an undefined instruction or abort taken from a privileged
 * mode. Returns only after redirecting `f` to a fixup. */
void trap_monitor(struct trap_frame *f, unsigned kind);

#endif
