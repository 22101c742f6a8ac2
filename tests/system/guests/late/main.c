/*
 * late: an SRT task that never signals job done, with budget = deadline, so
 * every job misses its deadline. Its deadline-miss handler must be called
 * once per miss, at its next dispatch, with the missed job's release time
 * (one period after the previous one) and the monitor's miss count. After
 * 50 misses it ends the test: status 0 if every call was as expected.
 */
#include <stdio.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"

static volatile unsigned calls, wrong;
static uint32_t last_release;
static uint32_t period_ticks;

static void on_miss(uint32_t release, uint32_t misses)
{
    calls++;
    if (misses != calls)
        wrong++;
    if (calls > 1 && release - last_release != period_ticks)
        wrong++;
    last_release = release;
}

int main(void)
{
    uint32_t hz;
    hv_time(&hz);
    period_ticks = (uint32_t)((uint64_t)GUEST_SCHED_PERIOD_NS * hz / 1000000000u);
    if (virq_on_deadline_miss(on_miss) != 0)
        hv_test_exit(2);
    printf("late: never signalling job done\n");
    for (;;) {
        if (calls >= 50) {
            struct hv_stats s = hv_stats();
            printf("late: %u misses handled, monitor counts %lu, %u wrong\n", calls,
                   (unsigned long)s.misses, wrong);
            hv_test_exit(wrong || s.misses < calls ? 1 : 0);
        }
    }
}
