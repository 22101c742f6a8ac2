/*
 * runaway: an SRT task whose job never ends: it never signals job done.
 * Budget enforcement must throttle it at its budget every period; it prints
 * its counters now and then.
 */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    uint32_t hz;
    uint64_t last = hv_time(&hz);
    for (;;) {
        uint64_t now = hv_time(0);
        if (now - last >= hz / 4) {
            last = now;
            struct hv_stats s = hv_stats();
            printf("runaway: %lu jobs, %lu misses, %lu overruns\n", (unsigned long)s.jobs,
                   (unsigned long)s.misses, (unsigned long)s.overruns);
        }
    }
}
