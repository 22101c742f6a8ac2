/*
 * Time for newlib and POSIX callers, on the monitor's monotonic clock
 * (HC_TIME). There is no real-time clock in a partition: time(),
 * gettimeofday() and CLOCK_REALTIME count from the board's boot, like
 * CLOCK_MONOTONIC. clock() and times() give the time since the guest
 * started (the monitor keeps no per-guest CPU time, so this includes the
 * time other guests of the core ran). Sleeping (nanosleep, usleep, sleep)
 * waits on the guest's virtual timer, giving the core away meanwhile
 * (hv_sleep_until in virq.c); an HRT guest, alone on its core, polls.
 *
 * Guests are compiled with _POSIX_TIMERS and _POSIX_MONOTONIC_CLOCK
 * (mk/image.mk), so newlib's <time.h> declares clock_gettime() and
 * nanosleep(), which newlib itself does not implement for this target.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "hv.h"

int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *t);
int usleep(useconds_t us);

static uint64_t started;          /* ticks at the first call (close to the guest's start) */

/* Run by __libc_init_array from crt0, before main. */
__attribute__((constructor)) static void clock_start(void)
{
    started = hv_now();
}

static uint64_t now_ns(void)
{
    uint32_t hz;
    uint64_t t = hv_time(&hz);
    if (!started)
        started = t;
    return hv_ticks_to_ns(t, hz);
}

int _gettimeofday(struct timeval *tv, void *tz)
{
    (void)tz;
    uint64_t ns = now_ns();
    if (tv) {
        tv->tv_sec = (time_t)(ns / 1000000000u);
        tv->tv_usec = (suseconds_t)(ns % 1000000000u / 1000u);
    }
    return 0;
}

clock_t _times(struct tms *t)
{
    uint32_t hz;
    uint64_t now = hv_time(&hz);
    if (!started)
        started = now;
    /* newlib's clock() adds these fields: CLOCKS_PER_SEC units */
    clock_t c = (clock_t)((now - started) * CLOCKS_PER_SEC / hz);
    if (t) {
        t->tms_utime = c;
        t->tms_stime = 0;
        t->tms_cutime = 0;
        t->tms_cstime = 0;
    }
    return c;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
        errno = EINVAL;
        return -1;
    }
    uint64_t ns = now_ns();
    ts->tv_sec = (time_t)(ns / 1000000000u);
    ts->tv_nsec = (long)(ns % 1000000000u);
    return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
    if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
        errno = EINVAL;
        return -1;
    }
    if (res) {
        uint32_t hz = hv_ticks_per_second();
        res->tv_sec = 0;
        res->tv_nsec = (long)((1000000000u + hz - 1u) / hz);
    }
    return 0;
}

#ifdef GUEST_HRT
uint32_t hv_sleep_until(uint64_t when)
{
    while (hv_now() < when)
        ;
    return 0;
}
#endif

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L || req->tv_sec < 0) {
        errno = EINVAL;
        return -1;
    }
    uint32_t hz;
    uint64_t now = hv_time(&hz);
    uint64_t ns = (uint64_t)req->tv_sec * 1000000000u + (uint64_t)req->tv_nsec;
    hv_sleep_until(now + hv_ns_to_ticks(ns, hz));
    if (rem) {
        rem->tv_sec = 0;
        rem->tv_nsec = 0;
    }
    return 0;
}

int usleep(useconds_t us)
{
    struct timespec ts = {(time_t)(us / 1000000u), (long)(us % 1000000u) * 1000L};
    return nanosleep(&ts, 0);
}

unsigned sleep(unsigned seconds)
{
    struct timespec ts = {(time_t)seconds, 0};
    nanosleep(&ts, 0);
    return 0;
}
