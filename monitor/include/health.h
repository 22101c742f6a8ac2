/* Containment of guest faults. */
#ifndef HEALTH_H
#define HEALTH_H

#include <stdint.h>
#include "arch.h"

struct vcpu;

/* Names the fault a fault status register value describes (ARM ARM
 * B4.1.52, short-descriptor format). Pure. */
const char *health_fault_name(uint32_t fsr);

/* A fault of a User-mode guest: logs and reports it, then applies the
 * guest's fault policy (stop, restart, stop-system). */
void health_guest_fault(struct vcpu *v, const struct trap_frame *f,
                        enum trap_kind kind);

/* Stops a guest that asked to stop. */
void health_guest_stop(struct vcpu *v, int32_t status);

/* The health log (HC_HEALTH): copies up to `max` entries from sequence
 * number `first` on (the oldest kept if older), sets *written, returns the
 * number of entries ever logged. */
struct health_entry;
uint32_t health_log_read(struct health_entry *out, uint32_t max, uint32_t first,
                         uint32_t *written);

__attribute__((noreturn)) void panic(const char *file, int line, const char *what);
#define PANIC(what) panic(__FILE__, __LINE__, (what))
#define BUG_ON(cond) do { if (cond) PANIC(#cond); } while (0)

#endif
