/*
 * runtime: the C runtime of guests/lib as a ported program uses it - the
 * time calls, sleeping on the virtual timer, a bounded heap, a long console
 * line, stdin from the virtual UART and exit() with a status. Prints what
 * it measured; the test (test_byo.py) checks the numbers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "guest_config.h"
#include "hv.h"

static long long ns_of(const struct timespec *t)
{
    return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
    /* hv_time takes the caller's own unsigned type. */
    unsigned int hz_ui;
    uint32_t hz_u32;
    uint64_t hz_u64;
    uint64_t t0 = hv_time(&hz_ui);
    hv_time(&hz_u32);
    hv_time(&hz_u64);
    printf("runtime: hz %u %lu %llu, ticks %llu, ns %llu\n", hz_ui, (unsigned long)hz_u32,
           (unsigned long long)hz_u64, (unsigned long long)t0,
           (unsigned long long)hv_now_ns());

    struct timespec a, b;
    struct timeval tv;
    clock_gettime(CLOCK_MONOTONIC, &a);
    gettimeofday(&tv, 0);
    time_t secs = time(0);
    clock_t c0 = clock();
    uint32_t yields = hv_sleep_until(hv_now() + (uint64_t)hz_ui / 10u);   /* 100 ms */
    int r1 = usleep(50000);
    struct timespec req = {0, 50000000L};
    int r2 = nanosleep(&req, 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    clock_t c1 = clock();
    printf("runtime: slept %lld us (asked 200000), yields %lu, rc %d %d\n",
           (ns_of(&b) - ns_of(&a)) / 1000, (unsigned long)yields, r1, r2);
    printf("runtime: clock %ld ms of %ld per s, time %ld s, gettimeofday %ld s %ld us\n",
           (long)((c1 - c0) * 1000 / CLOCKS_PER_SEC), (long)CLOCKS_PER_SEC, (long)secs,
           (long)tv.tv_sec, (long)tv.tv_usec);
    printf("runtime: monotonic %s\n", ns_of(&b) > ns_of(&a) ? "yes" : "no");

    /* The heap ends at the stack's reserve: malloc fails, nothing overruns. */
    size_t total = 0;
    void *p;
    while ((p = malloc(16 * 1024)) != 0) {
        memset(p, 0xa5, 16 * 1024);
        total += 16 * 1024;
    }
    printf("runtime: heap %lu KiB of %lu KiB RAM, then %s\n", (unsigned long)(total / 1024),
           (unsigned long)(GUEST_RAM_SIZE / 1024), errno == ENOMEM ? "ENOMEM" : "?");

    char line[301];
    for (int i = 0; i < 300; i++)
        line[i] = (char)('a' + i % 26);
    line[300] = 0;
    printf("runtime: long %s|end\n", line);

    printf("runtime: type a line\n");
    fflush(stdout);
    char in[80];
    if (fgets(in, sizeof in, stdin)) {
        in[strcspn(in, "\n")] = 0;
        printf("runtime: read '%s'\n", in);
    } else {
        printf("runtime: read nothing\n");
    }
    exit(3);
}
