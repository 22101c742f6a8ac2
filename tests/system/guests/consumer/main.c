/*
 * consumer: an NRT guest that reads `telemetry` (mapped read-only here)
 * whenever its doorbell rings, and checks every record: none lost, none
 * torn, order kept. After 300 records it reports, then writes to the
 * channel, which must fault: the channel is read-only at this end.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"
#include "ring.h"

struct record {
    uint32_t seq;
    uint32_t time_lo;
    uint32_t payload[6];
    uint32_t check;
};

static volatile unsigned doorbells;

static void on_virq(unsigned virq)
{
    if (virq == CHANNEL_TELEMETRY_VIRQ)
        doorbells++;
}

int main(void)
{
    virq_init(on_virq);
    struct ring_reader rd;
    ring_reader_init(&rd, (const void *)CHANNEL_TELEMETRY_VA, CHANNEL_TELEMETRY_SIZE,
                     sizeof(struct record));
    printf("consumer: reading telemetry\n");
    uint32_t expect = 0, torn = 0, disorder = 0;
    while (expect < 300) {
        struct record r;
        if (!ring_get(&rd, &r)) {
            hv_yield();
            continue;
        }
        uint32_t check = r.seq ^ r.time_lo;
        for (unsigned i = 0; i < 6; i++)
            check ^= r.payload[i];
        if (check != r.check || r.payload[5] != r.seq * 7u + 5u)
            torn++;
        if (r.seq != expect)
            disorder++;
        expect = r.seq + 1;
        if (expect % 100 == 0)
            printf("consumer: %lu records, %lu lost, %lu torn, %lu out of order, %u doorbells\n",
                   (unsigned long)expect, (unsigned long)rd.lost, (unsigned long)torn,
                   (unsigned long)disorder, doorbells);
    }
    int ok = rd.lost == 0 && torn == 0 && disorder == 0 && doorbells > 0;
    printf("consumer: %s\n", ok ? "all 300 records intact and in order" : "RECORDS DAMAGED");
    printf("consumer: writing the read-only channel\n");
    *(volatile uint32_t *)CHANNEL_TELEMETRY_VA = 0;   /* must fault: read-only here */
    printf("consumer: WROTE A READ-ONLY CHANNEL\n");
    return 1;
}
