/*
 * A lock-free single-producer single-consumer ring of fixed-size records
 * over an inter-guest channel (shared memory mapped read/write in the
 * writer and read-only in the reader). The writer owns `head` and the
 * records; the reader owns nothing in the shared memory, so a one-way
 * channel works: the reader keeps its position privately and the writer
 * never overwrites a record the reader has not consumed... which it cannot
 * know through a read-only mapping. Instead, each record carries a
 * sequence number: the writer may lap a slow reader, and the reader then
 * sees the gap and counts the records it lost, but never a torn record.
 *
 * Layout: struct ring_header, then `capacity` slots of
 * (sequence, payload[record_size]).
 *
 * The reader takes the ring's geometry from its own configuration (the
 * channel's size in its guest_config.h and its record type), never from
 * the header the writer wrote: a writer can then make it read nothing, or
 * garbage records, but never divide by zero or read outside the channel.
 */
#ifndef RING_H
#define RING_H

#include <stddef.h>
#include <stdint.h>

struct ring_header {
    volatile uint32_t head;          /* records ever written */
    uint32_t capacity;               /* slots */
    uint32_t record_size;            /* payload bytes per slot, a multiple of 4 */
    uint32_t magic;
};

struct ring_reader {
    const struct ring_header *ring;
    uint32_t next;                   /* sequence of the next record to read */
    uint32_t lost;                   /* records overwritten before they were read */
    uint32_t capacity;               /* slots, from the reader's own configuration */
    uint32_t record_size;            /* payload bytes per slot, likewise */
};

#define RING_MAGIC 0x52494e47u       /* "RING" */

/* Writer side: lays out a ring in `mem` of `size` bytes. */
struct ring_header *ring_init(void *mem, size_t size, uint32_t record_size);
void ring_put(struct ring_header *r, const void *record);

/* Reader side, over the channel `mem` of `size` bytes carrying records of
 * `record_size` bytes (both from the reader's configuration): ring_get
 * returns 1 and copies the next record, 0 if none is ready (or the ring is
 * not initialised yet, or laid out with another geometry). */
void ring_reader_init(struct ring_reader *rd, const void *mem, size_t size,
                      uint32_t record_size);
int ring_get(struct ring_reader *rd, void *record);

#endif
