/*
 * bench_chr: the reader of bench_channel.yaml (NRT, same core as the
 * writer). It spins in User mode; its doorbell handler reads PMCCNTR as its
 * FIRST STATEMENT, then takes the records from the ring. Each sample =
 * handler's value - the stamp in the newest record. The path: the writer's
 * ring_put() (seqlock stores and barriers), the HC_CHANNEL_NOTIFY round
 * trip (which queues vIRQ 100 for the reader), HC_JOB_DONE with a full
 * scheduling pass, the switch to the reader (context, TTBR0/ASID/DACR),
 * the upcall set-up and exception return, guests/lib's
 * virq_upcall/virq_dispatch trampoline and the handler's prologue.
 */
#include <stdint.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"
#include "ring.h"
#include "../bench_lib/bench.h"

#define SAMPLES 501
#define WARMUP  3               /* the first doorbells may predate virq_init() */

struct record {
    uint32_t stamp;
    uint32_t seq;
};

static struct ring_reader rd;
static volatile unsigned taken;
static int32_t samples[SAMPLES];

static void on_virq(unsigned virq)
{
    uint32_t now = bench_ccnt();            /* first statement */
    if (virq != CHANNEL_BENCH_VIRQ)
        return;
    struct record r, newest;
    unsigned got = 0;
    while (ring_get(&rd, &r)) {
        newest = r;
        got++;
    }
    if (!got)
        return;
    unsigned k = taken;
    if (k >= WARMUP && k - WARMUP < SAMPLES)
        samples[k - WARMUP] = (int32_t)(now - newest.stamp);
    taken = k + 1;
}

int main(void)
{
    bench_begin();                  /* for `make profile` */
    ring_reader_init(&rd, (const void *)CHANNEL_BENCH_VA, CHANNEL_BENCH_SIZE,
                     sizeof(struct record));
    virq_init(on_virq);
    while (taken < WARMUP + SAMPLES)
        __asm__ volatile("" ::: "memory");
    bench_report("channel", samples, SAMPLES);
    printf("%lu records lost\n", (unsigned long)rd.lost);
    hv_test_exit(rd.lost ? 2 : 0);
    return 1;
}
