/* Single-producer single-consumer ring over a channel (include/ring.h).
 *
 * Each slot starts with the sequence number of the record in it, written
 * twice: before the payload as (seq | odd marker) and after it as seq, with
 * barriers, so a reader that races the writer sees an odd marker or a
 * changed sequence and retries: a seqlock per slot. */
#include <string.h>
#include "ring.h"

#define SLOT_WORDS(r) (1u + (r)->record_size / 4u)

static volatile uint32_t *slot(const struct ring_header *r, uint32_t seq)
{
    volatile uint32_t *base = (volatile uint32_t *)(r + 1);
    return base + (seq % r->capacity) * SLOT_WORDS(r);
}

static inline void barrier(void)
{
    __asm__ volatile("dmb" ::: "memory");
}

struct ring_header *ring_init(void *mem, size_t size, uint32_t record_size)
{
    struct ring_header *r = mem;
    uint32_t slot_bytes = 4u + ((record_size + 3u) & ~3u);
    r->head = 0;
    r->record_size = (record_size + 3u) & ~3u;
    r->capacity = (uint32_t)((size - sizeof *r) / slot_bytes);
    for (uint32_t i = 0; i < r->capacity; i++)
        slot(r, i)[0] = UINT32_MAX;            /* odd: empty */
    barrier();
    r->magic = RING_MAGIC;
    barrier();
    return r;
}

void ring_put(struct ring_header *r, const void *record)
{
    uint32_t seq = r->head;
    volatile uint32_t *s = slot(r, seq);
    const uint32_t *src = record;
    s[0] = (seq << 1) | 1u;                    /* being written */
    barrier();
    for (uint32_t i = 0; i < r->record_size / 4u; i++)
        s[1 + i] = src[i];
    barrier();
    s[0] = seq << 1;                           /* complete */
    barrier();
    r->head = seq + 1;
}

void ring_reader_init(struct ring_reader *rd, const void *mem)
{
    rd->ring = mem;
    rd->next = 0;
    rd->lost = 0;
}

int ring_get(struct ring_reader *rd, void *record)
{
    const struct ring_header *r = rd->ring;
    if (r->magic != RING_MAGIC)
        return 0;
    for (;;) {
        uint32_t head = r->head;
        barrier();
        if (rd->next == head)
            return 0;
        if (head - rd->next > r->capacity) {   /* lapped: skip what was overwritten */
            rd->lost += head - rd->next - r->capacity;
            rd->next = head - r->capacity;
        }
        volatile uint32_t *s = slot(r, rd->next);
        uint32_t before = s[0];
        if (before & 1u)
            return 0;                          /* the writer is in this slot: later */
        barrier();
        uint32_t *dst = record;
        for (uint32_t i = 0; i < r->record_size / 4u; i++)
            dst[i] = s[1 + i];
        barrier();
        if (before == (rd->next << 1) && s[0] == before) {
            rd->next++;
            return 1;
        }
        /* overwritten while we copied: the writer lapped us; go again */
    }
}
