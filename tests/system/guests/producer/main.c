/*
 * producer: an SRT task that sends one record per period to `consumer`
 * over the channel `telemetry` (a ring in shared memory) and rings its
 * doorbell.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"
#include "ring.h"

struct record {
    uint32_t seq;
    uint32_t time_lo;
    uint32_t payload[6];
    uint32_t check;
};

int main(void)
{
    struct ring_header *ring = ring_init((void *)CHANNEL_TELEMETRY_VA, CHANNEL_TELEMETRY_SIZE,
                                         sizeof(struct record));
    printf("producer: ring of %lu records\n", (unsigned long)ring->capacity);
    for (uint32_t seq = 0;; seq++) {
        struct record r = {.seq = seq, .time_lo = (uint32_t)hv_time(0)};
        r.check = seq ^ r.time_lo;
        for (unsigned i = 0; i < 6; i++) {
            r.payload[i] = seq * 7u + i;
            r.check ^= r.payload[i];
        }
        ring_put(ring, &r);
        hv_call3(HC_CHANNEL_NOTIFY, CHANNEL_TELEMETRY_INDEX, 0, 0);
        hv_job_done();
    }
}
