/* Containment of guest faults. */
#ifndef HEALTH_H
#define HEALTH_H

#include <stdint.h>
#include "arch.h"

struct vcpu;

/* Names the fault a fault status register value describes (ARM ARM
 * B4.1.52, short-descriptor format). Pure. */
const char *health_fault_name(uint32_t fsr);

/* Stops the guest after a fault in User mode and reports it. */
void health_guest_fault(struct vcpu *v, const struct trap_frame *f,
                        enum trap_kind kind);

/* Stops a guest that asked to stop. */
void health_guest_stop(struct vcpu *v, int32_t status);

__attribute__((noreturn)) void panic(const char *file, int line, const char *what);
#define PANIC(what) panic(__FILE__, __LINE__, (what))
#define BUG_ON(cond) do { if (cond) PANIC(#cond); } while (0)

#endif
