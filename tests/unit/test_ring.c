/* The channel ring (guests/lib/ring.c) on the host: records in order, a
 * lapped reader counts what it lost, and a hostile writer (issue 14 item
 * 11) that rewrites the header or the slots can make the reader see nothing
 * or garbage, never divide by zero or read outside the channel: the
 * channel is an exact-size heap block, so ASan stops any read past it and
 * UBSan a division by zero. */
#include <stdint.h>
#include <stdlib.h>
#include "ring.h"
#include "unit.h"

#define CHAN_SIZE 1024u
struct rec { uint32_t seq, a, b; };     /* 12 bytes: slots of 16, 63 of them */

static void *channel(void)
{
    void *m = malloc(CHAN_SIZE);          /* exactly the mapping: ASan guards its ends */
    memset(m, 0, CHAN_SIZE);
    return m;
}

TEST(ring_carries_records_in_order_and_counts_laps)
{
    void *m = channel();
    struct ring_header *w = ring_init(m, CHAN_SIZE, sizeof(struct rec));
    struct ring_reader rd;
    ring_reader_init(&rd, m, CHAN_SIZE, sizeof(struct rec));
    CHECK_EQ_INT(rd.capacity, (CHAN_SIZE - sizeof(struct ring_header)) / 16u);
    struct rec r;
    CHECK(!ring_get(&rd, &r));
    for (uint32_t i = 0; i < 10; i++) {
        struct rec x = {i, 3 * i, ~i};
        ring_put(w, &x);
    }
    for (uint32_t i = 0; i < 10; i++) {
        CHECK(ring_get(&rd, &r));
        CHECK_EQ_INT(r.seq, i);
        CHECK_EQ_INT(r.b, ~i);
    }
    CHECK(!ring_get(&rd, &r));
    uint32_t cap = rd.capacity;
    for (uint32_t i = 10; i < 10 + cap + 5; i++) {
        struct rec x = {i, 3 * i, ~i};
        ring_put(w, &x);
    }
    CHECK(ring_get(&rd, &r));
    CHECK_EQ_INT(rd.lost, 5);
    CHECK_EQ_INT(r.seq, 15);
    free(m);
}

TEST(ring_reader_ignores_the_writers_geometry)
{
    void *m = channel();
    struct ring_header *w = ring_init(m, CHAN_SIZE, sizeof(struct rec));
    struct rec x = {1, 2, 3}, r;
    ring_put(w, &x);
    struct ring_reader rd;
    ring_reader_init(&rd, m, CHAN_SIZE, sizeof(struct rec));
    w->capacity = 0;                      /* would divide by zero */
    CHECK(!ring_get(&rd, &r));
    w->capacity = 1u << 24;               /* slots far beyond the channel */
    w->head = (1u << 24) - 1;
    CHECK(!ring_get(&rd, &r));
    w->capacity = 63;
    w->record_size = 1u << 20;            /* a copy far beyond the channel and the record */
    CHECK(!ring_get(&rd, &r));
    free(m);
}

TEST(ring_reader_survives_any_head_and_slot_contents)
{
    void *m = channel();
    struct ring_header *w = ring_init(m, CHAN_SIZE, sizeof(struct rec));
    struct ring_reader rd;
    ring_reader_init(&rd, m, CHAN_SIZE, sizeof(struct rec));
    uint32_t *words = (uint32_t *)m;
    uint32_t seed = 12345;
    for (unsigned round = 0; round < 20000; round++) {
        seed = seed * 1103515245u + 12345u;
        /* a hostile writer: any head, any slot word (header geometry kept,
         * else the reader reads nothing, as the test above shows) */
        w->head = seed ^ (seed >> 7);
        words[4 + (seed >> 3) % ((CHAN_SIZE - 16) / 4)] = seed * 2654435761u;
        struct rec r;
        uint32_t before = rd.next;
        int got = ring_get(&rd, &r);
        CHECK(got == 0 || got == 1);
        if (got)
            CHECK(rd.next != before);
    }
    free(m);
}
