/*
 * sensor: a periodic SRT task on the shared core 0, in User mode. Each
 * activation samples a simulated signal, filters it, and gives the core back
 * (job done); it reports every 200 jobs.
 */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    printf("sensor: SRT task on core %ld in User mode\n", (long)hv_core_id());
    unsigned long jobs = 0;
    long filtered = 0;
    for (;;) {
        long sample = (long)((jobs * 37u) % 101u) - 50;
        filtered += (sample - filtered) / 4;
        jobs++;
        if (jobs % 200u == 0)
            printf("sensor: job %lu, filtered value %ld\n", jobs, filtered);
        hv_yield();
    }
}
