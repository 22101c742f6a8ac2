/*
 * healthlog: a guest with `info: true` that waits until every guest named
 * "crash*" has stopped (and at least `RUN_S` seconds passed), then prints
 * the monitor's health log, checks it against what the crashers did
 * (one entry per fault, in order, the right kind and address for each
 * restart count, counts that add up) and ends the test.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest_config.h"
#include "hv.h"

#define RUN_S 3u

static unsigned expected_kind(unsigned restarts_before)
{
    static const unsigned kinds[3] = {4, 1, 3};      /* data abort, undefined, prefetch */
    return kinds[restarts_before % 3u];
}

int main(void)
{
    uint32_t hz;
    uint64_t start = hv_time(&hz);
    struct guest_info info[8];
    int32_t n;
    for (;;) {
        n = hv_call3(HC_INFO, (uint32_t)info, 8, 0);
        int running = 0;
        for (int32_t i = 0; i < n; i++)
            if (strncmp(info[i].name, "crash", 5) == 0 && !info[i].state)
                running = 1;
        if (!running && hv_time(0) - start >= (uint64_t)hz * RUN_S)
            break;
        hv_yield();
    }
    static struct health_entry log[HEALTH_LOG_SIZE];
    struct hv_health h = hv_health(log, HEALTH_LOG_SIZE, 0);
    printf("healthlog: %ld entries logged, %lu read\n", (long)h.total, (unsigned long)h.written);
    unsigned wrong = 0, faults[8] = {0};
    for (uint32_t k = 0; k < h.written; k++) {
        const struct health_entry *e = &log[k];
        unsigned g = e->guest < 8 ? e->guest : 7;
        faults[g]++;
        unsigned before = e->restarts - (e->action == HEALTH_RESTARTED ? 1u : 0u);
        uint32_t addr = e->kind == 1 ? e->pc : 0x3fc00000u;
        int ok = e->seq == k + 1u && e->faults == faults[g] && e->kind == expected_kind(before) &&
                 e->address == addr && e->action != HEALTH_SYSTEM &&
                 (k == 0 || ((uint64_t)e->time_hi << 32 | e->time_lo) >=
                                ((uint64_t)log[k - 1].time_hi << 32 | log[k - 1].time_lo));
        if (!ok)
            wrong++;
        printf("healthlog: #%lu %s kind %u action %u address 0x%08lx faults %lu restarts %lu%s\n",
               (unsigned long)e->seq, info[g].name, e->kind, e->action,
               (unsigned long)e->address, (unsigned long)e->faults,
               (unsigned long)e->restarts, ok ? "" : " WRONG");
    }
    for (int32_t i = 0; i < n; i++)
        if (strncmp(info[i].name, "crash", 5) == 0 && info[i].faults != faults[i])
            wrong++;
#ifdef CHANNEL_TRAIL_VA
    printf("healthlog: channel trail starts with 0x%08lx\n",
           (unsigned long)*(const volatile uint32_t *)CHANNEL_TRAIL_VA);
#endif
    printf("healthlog: %u wrong\n", wrong);
    hv_test_exit(wrong ? 1 : 0);
    return 1;
}
