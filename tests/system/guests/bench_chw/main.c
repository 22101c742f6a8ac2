/*
 * bench_chw: the writer of bench_channel.yaml (SRT, period 100 us). Each
 * job stores PMCCNTR in a record, puts it in the ring of channel `bench`
 * (guests/lib/ring.c), rings the reader's doorbell (HC_CHANNEL_NOTIFY) and
 * ends its job (HC_JOB_DONE), which hands core 0 to the reader.
 */
#include <stdint.h>
#include "guest_config.h"
#include "hv.h"
#include "ring.h"
#include "../bench_lib/bench.h"

struct record {
    uint32_t stamp;
    uint32_t seq;
};

int main(void)
{
    struct ring_header *ring = ring_init((void *)CHANNEL_BENCH_VA, CHANNEL_BENCH_SIZE,
                                         sizeof(struct record));
    for (uint32_t seq = 0;; seq++) {
        struct record r;
        r.seq = seq;
        r.stamp = bench_ccnt();
        ring_put(ring, &r);
        hv_call3(HC_CHANNEL_NOTIFY, CHANNEL_BENCH_INDEX, 0, 0);
        hv_job_done();
    }
}
