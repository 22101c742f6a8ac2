/*
 * I/O virtualization in the monitor (DESIGN.md section 6, RESEARCH.md
 * "Hardware I/O address-map translation"): a guest's access to an I/O
 * window that is not page-mapped faults; the monitor decodes the faulting
 * load/store, translates the address through the guest's constant window
 * table, performs the access (on the physical device, on a device model
 * such as the virtual UART, or as a request to a service guest) and
 * resumes the guest after the instruction.
 */
#ifndef IOEMU_H
#define IOEMU_H

#include <stdint.h>
#include "config.h"
#include "decode.h"

struct vcpu;
struct pcpu;
struct trap_frame;
struct fault_info;

/* A vCPU's decode cache of the trap path (ioemu.c, ioemu_dabt): the
 * last instruction it emulated there, when reusable. Zero = empty. */
struct ioemu_cache {
    const struct cfg_io_window *w;   /* window of that access; 0 = empty */
    uint32_t pc;                     /* address of the instruction */
    uint32_t insn;                   /* ARM word, or Thumb hw1 | hw2 << 16 (hw2 = 0: 16-bit) */
    uint32_t thumb;                  /* CPSR.T of its state */
    uint32_t guest;                  /* w->guest */
    uint32_t span;                   /* w->size - d.size: the offsets in w where it fits */
    /* A trapped window of a physical device that allows this direction
     * (both constant: the window's, and the decoded instruction's): the
     * access goes to address + phys_delta, and `phys` is 1. `word`: also an
     * ARM LDR/STR of a word without writeback (address = R[rn] + disp), the
     * form of a device register access. */
    uint32_t phys, word, phys_delta;
    struct ldst d;                   /* address, new_base: recomputed from R[rn] (d.disp) */

    /* HC_IO_IN's last window when it was a readable physical device's of
     * at least a word: a read at va with va - in_guest < in_end (the
     * window's size - 3: the word's offsets in it, plus one) goes to
     * va + in_delta. in_end = 0 (as in .bss): none, no va passes. */
    uint32_t in_guest, in_end, in_delta;
};

/* The window of `g` that holds [va, va + size), or 0. Pure. */
const struct cfg_io_window *ioemu_find(const struct cfg_guest *g, uint32_t va,
                                       uint32_t size);

/* The data-abort entry (vectors.S dabt_entry): a User-mode guest's data
 * abort with its DFSR and DFAR, emulated when it is an access to one of the
 * guest's windows, else the guest's fault (health.h); then the end of the
 * entry (trap_resume, trap.h). */
void ioemu_dabt(struct trap_frame *f, uint32_t dfsr, uint32_t dfar);

/* Hypercalls: explicit I/O through the same windows, and the service side
 * of proxied I/O. */
int32_t ioemu_in(struct pcpu *p, struct vcpu *v, struct trap_frame *f, uint32_t va);
/* HC_IO_IN when it misses the kept window (io_cache.in_*): the search. */
int32_t ioemu_in_find(struct vcpu *v, struct trap_frame *f, uint32_t va);
int32_t ioemu_out(struct pcpu *p, struct vcpu *v, uint32_t va, uint32_t value);
int32_t ioemu_fetch(struct vcpu *service, uint32_t buf);
int32_t ioemu_reply(struct vcpu *service, uint32_t id, uint32_t value);

/* The restart of `v` (restart.c): drops the proxied requests it made as a
 * client, puts those it had fetched as a service back in its queue (the new
 * instance fetches and answers them), forgets that it waited for a free
 * slot, and empties its virtual UART's input. Bounded by the slot count.
 * (Keep this interface when the slots change: restart.c calls it.) */
void ioemu_reset_guest(struct vcpu *v);

/* Console input for the guest that has it (virtual UART). */
void ioemu_console_input(void);

#if !defined(HOST_TEST) && !defined(HOST_TSAN)
#include "abi/hypercall.h"
#include "arch.h"

/* HC_IO_IN (r1 = va), for hvc_svc()'s own switch (issue 11): a read in the
 * window the last call found is done here, with the same checks as the
 * search's result would be (the bounds and the alignment: the window's
 * kind, permission and target are its constants), through the
 * exception-fixup accessor; anything else goes to the search. The value
 * goes to r1, r0 is the result. */
static inline int32_t ioemu_in_kept(const struct ioemu_cache *c, struct vcpu *v,
                                    struct trap_frame *f, uint32_t va)
{
    if (va - c->in_guest < c->in_end && !(va & 3u))
        return arch_io_read32(va + c->in_delta, &f->r[1]) ? HV_EFAULT : 0;
    return ioemu_in_find(v, f, va);
}
#endif

#endif
