/* Single-producer single-consumer ring over a channel (include/ring.h).
 *
 * Each slot starts with the sequence number of the record in it, written
 * twice: before the payload as (seq | odd marker) and after it as seq, with
 * barriers, so a reader that races the writer sees an odd marker or a
 * changed sequence and retries: a seqlock per slot (tests/models/ring.pml).
 *
 * The reader trusts nothing the writer controls (issue 14 item 11): the
 * geometry comes from the reader's own configuration, every slot index is
 * reduced modulo its own capacity, and a writer that keeps changing the
 * slot under it costs it a bounded number of retries. C11 atomics with
 * explicit orders (GCC emits DMB for the fences and acquire/release on
 * ARMv7, ARM ARM A3.8.3 and A3.8.4). */
#include <string.h>
#include "ring.h"

#define RING_TRIES 4u                  /* reader retries of a slot the writer is rewriting */

/* The seqlock's two fences (Boehm, "Can seqlocks get along with programming
 * language memory models?", 2012). ThreadSanitizer does not model fences:
 * its build (tests/tsan) uses the stronger per-access orders instead, an
 * acquire exchange for the odd marker and acquire loads of the payload. */
#ifdef __SANITIZE_THREAD__
#define MARK_WRITING(p, v) ((void)__atomic_exchange_n((p), (v), __ATOMIC_ACQ_REL))
#define LOAD_PAYLOAD(p)    __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define FENCE_ACQUIRE()    ((void)0)
#else
#define MARK_WRITING(p, v) (__atomic_store_n((p), (v), __ATOMIC_RELAXED), \
                            __atomic_thread_fence(__ATOMIC_RELEASE))
#define LOAD_PAYLOAD(p)    __atomic_load_n((p), __ATOMIC_RELAXED)
#define FENCE_ACQUIRE()    __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif

static uint32_t slot_bytes(uint32_t record_size)
{
    return 4u + ((record_size + 3u) & ~3u);
}

static uint32_t capacity_of(size_t size, uint32_t record_size)
{
    if (size < sizeof(struct ring_header))
        return 0;
    return (uint32_t)((size - sizeof(struct ring_header)) / slot_bytes(record_size));
}

static uint32_t *slot(void *mem, uint32_t seq, uint32_t capacity, uint32_t record_size)
{
    uint32_t *base = (uint32_t *)((struct ring_header *)mem + 1);
    return base + (seq % capacity) * (slot_bytes(record_size) / 4u);
}

struct ring_header *ring_init(void *mem, size_t size, uint32_t record_size)
{
    struct ring_header *r = mem;
    uint32_t cap = capacity_of(size, record_size);
    r->head = 0;
    r->record_size = (record_size + 3u) & ~3u;
    r->capacity = cap;
    for (uint32_t i = 0; i < cap; i++)
        __atomic_store_n(&slot(mem, i, cap, record_size)[0], UINT32_MAX,
                         __ATOMIC_RELAXED);     /* odd: empty */
    /* Release: a reader that sees the magic sees the empty slots. */
    __atomic_store_n(&r->magic, RING_MAGIC, __ATOMIC_RELEASE);
    return r;
}

void ring_put(struct ring_header *r, const void *record)
{
    uint32_t seq = r->head;                    /* the writer's own: only it stores head */
    uint32_t *s = slot(r, seq, r->capacity, r->record_size);
    const uint32_t *src = record;
    MARK_WRITING(&s[0], (seq << 1) | 1u);      /* being written; then the payload */
    for (uint32_t i = 0; i < r->record_size / 4u; i++)
        __atomic_store_n(&s[1 + i], src[i], __ATOMIC_RELAXED);
    __atomic_store_n(&s[0], seq << 1, __ATOMIC_RELEASE);          /* complete */
    __atomic_store_n(&r->head, seq + 1, __ATOMIC_RELEASE);
}

void ring_reader_init(struct ring_reader *rd, const void *mem, size_t size,
                      uint32_t record_size)
{
    rd->ring = mem;
    rd->next = 0;
    rd->lost = 0;
    rd->record_size = (record_size + 3u) & ~3u;
    rd->capacity = capacity_of(size, record_size);
}

int ring_get(struct ring_reader *rd, void *record)
{
    const struct ring_header *r = rd->ring;
    uint32_t cap = rd->capacity, words = rd->record_size / 4u;
    /* A ring the writer laid out differently from our configuration is
     * not read at all: its records would not be the ones we expect. */
    if (cap == 0 || __atomic_load_n(&r->magic, __ATOMIC_ACQUIRE) != RING_MAGIC ||
        r->capacity != cap || r->record_size != rd->record_size)
        return 0;
    for (uint32_t tries = 0; tries < RING_TRIES; tries++) {
        uint32_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
        if (rd->next == head)
            return 0;
        /* Any head the writer shows: more than a ring ahead (lapped) or
         * behind us (a hostile writer) both resynchronise a ring back. */
        if (head - rd->next > cap) {
            rd->lost += head - rd->next - cap;
            rd->next = head - cap;
        }
        uint32_t *s = slot((void *)r, rd->next, cap, rd->record_size);
        uint32_t before = __atomic_load_n(&s[0], __ATOMIC_ACQUIRE);
        if (before & 1u)
            return 0;                          /* the writer is in this slot: later */
        uint32_t *dst = record;
        for (uint32_t i = 0; i < words; i++)
            dst[i] = LOAD_PAYLOAD(&s[1 + i]);
        FENCE_ACQUIRE();                       /* the payload before the re-check */
        if (before == (rd->next << 1) && __atomic_load_n(&s[0], __ATOMIC_RELAXED) == before) {
            rd->next++;
            return 1;
        }
        /* overwritten while we copied: the writer lapped us; go again */
    }
    return 0;
}
