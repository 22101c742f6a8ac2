/*
 * Faults of the monitor itself on demand, for the QEMU tests of the panic
 * path and the stack guards (build: test_monitor_faults; HC_TEST_FAULT).
 * In any other image the hypercall is HV_ENOSYS and the hooks do nothing.
 */
#ifndef TESTFAULT_H
#define TESTFAULT_H

#include <stdint.h>

#define TESTFAULT_PANIC_LOCKED  1u   /* panic while holding the console lock */
#define TESTFAULT_STACK         2u   /* overflow this core's SVC stack */
#define TESTFAULT_PANIC_FAULT   3u   /* panic, then fault inside the panic path */

/* HC_TEST_FAULT(op): does not return for a known op in a test image. */
int32_t testfault_call(uint32_t op);

/* Called by the panic path after its line: faults there if asked to. */
void testfault_in_panic(void);

#endif
