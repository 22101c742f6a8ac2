/*
 * Hypercall ABI shared by the monitor and guests (DESIGN.md section 5).
 *
 * User-mode guests (SRT, NRT) call `svc #0`; the HRT guest, which owns its
 * core's vectors, calls `smc #0` and reaches the monitor's Monitor-mode
 * vectors instead. In both: r0 = call number, r1-r3 = arguments, the result
 * comes back in r0 (negative = error). Every other register is preserved.
 */
#ifndef ABI_HYPERCALL_H
#define ABI_HYPERCALL_H

#define HC_NULL           0   /* () -> 0; the cheapest round trip, for benchmarks */
#define HC_CONSOLE_WRITE  1   /* (const char *buf, size_t len) -> len written */
#define HC_YIELD          2   /* () -> 0; give up the rest of this quantum */
#define HC_STOP           3   /* (int status) -> does not return; this guest stops */
#define HC_TEST_EXIT      4   /* (int status) -> ends the whole system (test images only) */
#define HC_CORE_ID        5   /* () -> the physical core the caller runs on */
#define HC_COUNT          6

/* Error codes (negated errno values, so newlib's errno names apply). */
#define HV_EPERM   (-1)
#define HV_EFAULT  (-14)
#define HV_EINVAL  (-22)
#define HV_ENOSYS  (-38)

#endif
