/*
 * sensor: a periodic SRT task on the shared core 0, in User mode, scheduled
 * by EDF on the period, budget and deadline of system.yaml. Each job
 * samples a simulated signal, filters it and signals job done; every 100
 * jobs it reports, with the monitor's count of its deadline misses.
 * Beside Linux it also writes every value into the channel sensor_data and,
 * if the channel has a doorbell, rings it every DOORBELL_JOBS jobs (a
 * Group 1 interrupt Linux's /init waits on).
 */
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"
#ifdef CHANNEL_SENSOR_DATA_VA
#include "ring.h"
#endif
#define DOORBELL_JOBS 10u

int main(void)
{
    printf("sensor: SRT task on core %ld in User mode\n", (long)hv_core_id());
    unsigned long jobs = 0;
    long filtered = 0;
#ifdef CHANNEL_SENSOR_DATA_VA
    /* The variant with a Linux guest: every job's value into the channel. */
    struct ring_header *ring = ring_init((void *)CHANNEL_SENSOR_DATA_VA,
                                         CHANNEL_SENSOR_DATA_SIZE, 8);
#endif
    for (;;) {
        long sample = (long)((jobs * 37u) % 101u) - 50;
        filtered += (sample - filtered) / 4;
        jobs++;
#ifdef CHANNEL_SENSOR_DATA_VA
        uint32_t rec[2] = {(uint32_t)jobs, (uint32_t)filtered};
        ring_put(ring, rec);
#if CHANNEL_SENSOR_DATA_VIRQ
        if (jobs % DOORBELL_JOBS == 0u)
            hv_call3(HC_CHANNEL_NOTIFY, CHANNEL_SENSOR_DATA_INDEX, 0, 0);
#endif
#endif
        if (jobs % 100u == 0) {
            struct hv_stats s = hv_stats();
            printf("sensor: job %lu, filtered value %ld, %lu deadline misses\n", jobs,
                   filtered, (unsigned long)s.misses);
        }
        hv_job_done();
    }
}
