/*
 * Guest side of the hypercall ABI (monitor/include/abi/hypercall.h).
 * User-mode guests trap with `svc #0`; an HRT guest owns its core's
 * vectors and reaches the monitor with `smc #0` (built with -DGUEST_HRT).
 */
#ifndef HV_H
#define HV_H

#include <stddef.h>
#include <stdint.h>
#include "abi/hypercall.h"

#ifdef GUEST_HRT
#define HV_TRAP ".arch_extension sec\n\tsmc #0"
#else
#define HV_TRAP "svc #0"
#endif

static inline int32_t hv_call3(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    register uint32_t r0 __asm__("r0") = nr;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = a3;
    /* r1-r3 are in/out: some calls return values there (HC_TIME, HC_STATS,
     * HC_IO_IN), so the compiler must not assume they survive. */
    __asm__ volatile(HV_TRAP : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
    return (int32_t)r0;
}

static inline int32_t hv_null(void) { return hv_call3(HC_NULL, 0, 0, 0); }
/* Writes all of buf: the monitor takes at most HC_CONSOLE_WRITE_MAX bytes
 * and one line per call and returns the short count (every hypercall does
 * bounded work), so this calls again for the rest. Returns len, or the
 * first error. */
static inline int32_t hv_console_write(const void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        int32_t r = hv_call3(HC_CONSOLE_WRITE, (uint32_t)buf + (uint32_t)done,
                             (uint32_t)(len - done), 0);
        if (r < 0)
            return r;
        if (r == 0)
            break;
        done += (size_t)r;
    }
    return (int32_t)done;
}
static inline int32_t hv_yield(void) { return hv_call3(HC_YIELD, 0, 0, 0); }
static inline int32_t hv_core_id(void) { return hv_call3(HC_CORE_ID, 0, 0, 0); }
static inline int32_t hv_test_exit(int status)
{
    return hv_call3(HC_TEST_EXIT, (uint32_t)status, 0, 0);
}
__attribute__((noreturn)) static inline void hv_stop(int status)
{
    hv_call3(HC_STOP, (uint32_t)status, 0, 0);
    for (;;)
        ;
}

static inline int32_t hv_job_done(void) { return hv_call3(HC_JOB_DONE, 0, 0, 0); }
static inline int32_t hv_set_rt(uint32_t period_us, uint32_t budget_us, uint32_t deadline_us)
{
    return hv_call3(HC_SET_RT, period_us, budget_us, deadline_us);
}
static inline int32_t hv_virq_ack(unsigned virq) { return hv_call3(HC_VIRQ_ACK, virq, 0, 0); }
static inline int32_t hv_vtimer_set(uint64_t when)
{
    return hv_call3(HC_VTIMER_SET, (uint32_t)when, (uint32_t)(when >> 32), 0);
}

/* Monotonic time in ticks of the board timer; *hz gets ticks per second. */
static inline uint64_t hv_time(uint32_t *hz)
{
    register uint32_t r0 __asm__("r0") = HC_TIME;
    register uint32_t r1 __asm__("r1");
    register uint32_t r2 __asm__("r2");
    __asm__ volatile(HV_TRAP : "+r"(r0), "=r"(r1), "=r"(r2) : : "r3", "memory");
    if (hz)
        *hz = r2;
    return ((uint64_t)r1 << 32) | r0;
}

struct hv_stats {
    uint32_t jobs, misses, overruns;
};
static inline struct hv_stats hv_stats(void)
{
    register uint32_t r0 __asm__("r0") = HC_STATS;
    register uint32_t r1 __asm__("r1");
    register uint32_t r2 __asm__("r2");
    __asm__ volatile(HV_TRAP : "+r"(r0), "=r"(r1), "=r"(r2) : : "r3", "memory");
    struct hv_stats s = {r0, r1, r2};
    return s;
}

/* HC_HEALTH: this guest's restarts and faults; with `info: true` and
 * max > 0 also up to `max` entries of the monitor's health log from sequence
 * number `first` on. Returns the entries ever logged (or a HV_E* code). */
struct hv_health {
    int32_t total;
    uint32_t restarts, faults, written;
};
static inline struct hv_health hv_health(struct health_entry *buf, uint32_t max, uint32_t first)
{
    register uint32_t r0 __asm__("r0") = HC_HEALTH;
    register uint32_t r1 __asm__("r1") = (uint32_t)buf;
    register uint32_t r2 __asm__("r2") = max;
    register uint32_t r3 __asm__("r3") = first;
    __asm__ volatile(HV_TRAP : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
    struct hv_health h = {(int32_t)r0, r1, r2, r3};
    return h;
}

/* Cycle counter (PMCCNTR); readable from User mode in bench images only. */
static inline uint32_t hv_cycles(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
    return v;
}

#endif
