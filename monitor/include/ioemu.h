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

struct vcpu;
struct pcpu;
struct trap_frame;
struct fault_info;

/* The window of `g` that holds [va, va + size), or 0. Pure. */
const struct cfg_io_window *ioemu_find(const struct cfg_guest *g, uint32_t va,
                                       uint32_t size);

/* A data abort of User-mode guest `v`: returns 1 if it was an access to an
 * emulated window and has been carried out (or queued), 0 if it is a fault. */
int ioemu_data_abort(struct pcpu *p, struct vcpu *v, struct trap_frame *f,
                     const struct fault_info *fi);

/* Hypercalls: explicit I/O through the same windows, and the service side
 * of proxied I/O. */
int32_t ioemu_in(struct pcpu *p, struct vcpu *v, struct trap_frame *f, uint32_t va);
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

#endif
