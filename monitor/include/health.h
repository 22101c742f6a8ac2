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

/* Stops the guest whose trapped access the device failed with a bus error
 * (the monitor's access for it aborted; abort.h): a fault of the guest. */
void health_guest_bus_error(struct vcpu *v, const struct trap_frame *f, uint32_t va,
                            uint32_t pa);

/* A Non-secure guest (nsworld.c) has stopped: on_all_stopped if it was the
 * last; or its restart request under on_fault: stop-system stops every
 * guest. Linux's own faults never reach the monitor: what it sees of them
 * is PSCI SYSTEM_RESET (a reboot, or a panic with panic=-1). */
void health_ns_stopped(void);
void health_ns_stop_system(struct vcpu *v, const char *why);

/* Stops a guest that asked to stop. */
void health_guest_stop(struct vcpu *v, int32_t status);

/* The health log (HC_HEALTH): copies up to `max` entries from sequence
 * number `first` on (the oldest kept if older), sets *written, returns the
 * number of entries ever logged. */
struct health_entry;
uint32_t health_log_read(struct health_entry *out, uint32_t max, uint32_t first,
                         uint32_t *written);

/* The monitor cannot go on (core/panic.c): one line straight to the UART,
 * polled and bounded, taking no lock (the panicking core may hold one);
 * then the core halts. A fault while a core is panicking halts it quietly. */
__attribute__((noreturn)) void panic(const char *file, int line, const char *what);
#define PANIC(what) panic(__FILE__, __LINE__, (what))
#define BUG_ON(cond) do { if (cond) PANIC(#cond); } while (0)

/* An exception taken from the monitor that no fixup covers. */
__attribute__((noreturn)) void panic_exception(const struct trap_frame *f, enum trap_kind kind);

/* Test builds (build: test_stack_check): every C entry from vectors.S checks
 * that it runs on an 8-byte aligned stack (AAPCS 5.2.1.2). */
#ifdef TEST_STACK_CHECK
__attribute__((noreturn)) void stack_check_failed(uint32_t sp);
#define STACK_CHECK()                                                       \
    do {                                                                    \
        uint32_t stack_check_sp;                                            \
        __asm__ volatile("mov %0, sp" : "=r"(stack_check_sp));              \
        if (stack_check_sp & 7u)                                            \
            stack_check_failed(stack_check_sp);                             \
    } while (0)
#else
#define STACK_CHECK() do { } while (0)
#endif

#endif
