/*
 * The shared console (console.h). Lines are assembled per guest, queued
 * whole, and sent by the UART's interrupt; an HRT guest's bytes take a ring
 * of their own to the core that prints them. Locks are taken only once the
 * second core runs.
 */
#include "lib.h"
#include "arch.h"
#include "config.h"
#include "console.h"

uint32_t console_line_feed_some(struct console_line *line, const char *prefix,
                                uint32_t prefix_len, const char *data, uint32_t len,
                                console_emit_fn emit, void *arg, uint32_t max_lines)
{
    uint32_t lines = 0;
    for (uint32_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '\n') {
            emit(prefix, prefix_len, line->buf, line->len, arg);
            line->len = 0;
            if (++lines == max_lines)
                return i + 1;
            continue;
        }
        if (c == '\r')
            continue;
        if ((unsigned char)c < 0x20 && c != '\t')
            c = '?';                            /* no terminal control from guests */
        line->buf[line->len++] = c;
        if (line->len == CONSOLE_LINE_MAX) {
            emit(prefix, prefix_len, line->buf, line->len, arg);
            line->len = 0;
            if (++lines == max_lines)
                return i + 1;
        }
    }
    return len;
}

void console_line_feed(struct console_line *line, const char *prefix,
                       uint32_t prefix_len, const char *data, uint32_t len,
                       console_emit_fn emit, void *arg)
{
    console_line_feed_some(line, prefix, prefix_len, data, len, emit, arg, 0);
}

uint32_t byte_ring_put(struct byte_ring *r, const char *data, uint32_t n)
{
    uint32_t head = r->head;
    uint32_t room = CONSOLE_RING_SIZE - (head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE));
    uint32_t put = n < room ? n : room;
    /* At most two straight copies (around the ring's end), not a division
     * per byte: a guest's console line is on a bounded path (issue 8). */
    uint32_t at = head % CONSOLE_RING_SIZE, first = CONSOLE_RING_SIZE - at;
    if (first > put)
        first = put;
    memcpy(&r->buf[at], data, first);
    memcpy(r->buf, data + first, put - first);
    __atomic_store_n(&r->head, head + put, __ATOMIC_RELEASE);
    __atomic_store_n(&r->dropped, r->dropped + (n - put), __ATOMIC_RELAXED);   /* read by the drainer */
    return put;
}

int byte_ring_get(struct byte_ring *r, char *c)
{
    uint32_t tail = r->tail;
    if (tail == __atomic_load_n(&r->head, __ATOMIC_ACQUIRE))
        return 0;
    *c = r->buf[tail % CONSOLE_RING_SIZE];
    __atomic_store_n(&r->tail, tail + 1, __ATOMIC_RELEASE);
    return 1;
}

#ifndef HOST_TEST

#include "arch.h"
#include "config.h"
#include "plat.h"
#include "spinlock.h"
#include "vcpu.h"

/*
 * Output is interrupt-driven: a line goes whole into `out` under the console
 * lock (held for a copy, never for the UART), then console_pump() moves what
 * the UART's transmit FIFO has room for and asks for an interrupt when it
 * empties; the console IRQ pumps again. So no core ever waits for the UART,
 * except console_flush() at the very end (panic, test exit).
 */
static struct byte_ring out;
static uint32_t out_dropped_lines;
static spinlock_t out_lock;        /* producers (any core) */
static spinlock_t pump_lock;       /* the consumer: whoever pumps */
static uint32_t pump_req;          /* bytes were queued since the pumper last looked */
static int console_smp;

static int ring_empty(const struct byte_ring *r)
{
    return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) ==
           __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
}

void console_smp_started(void)
{
    console_smp = 1;
}

static void lock(void)
{
    if (console_smp)
        spin_lock(&out_lock);
}

static void unlock(void)
{
    if (console_smp)
        spin_unlock(&out_lock);
}

static void pump_once(uint32_t max)
{
    char c;
    for (uint32_t n = 0; n < max && !plat_console_tx_full() && byte_ring_get(&out, &c); n++)
        plat_console_tx(c);
    plat_console_tx_irq(!ring_empty(&out));
}

/*
 * Whoever finds the pump busy leaves a request and goes: the pumper looks
 * at the requests after it unlocks and pumps again if there is one
 * (tests/models/console.pml). Without it a line queued while the other
 * core drains, after its last look at the ring and before its unlock,
 * stays in the ring until someone prints again (issue 14 item 5). The
 * request store, the try-lock, the unlock and the re-check are sequentially
 * consistent (Dekker's pattern: a store then a load of another location,
 * on both sides; DMB on both sides, ARM ARM A3.8.4), and the request is
 * taken with an exchange, which acquires the producer's ring stores.
 *
 * The work is bounded (issue 8): a pass moves at most `max` bytes (the rest
 * go from the transmit interrupt, armed while the ring holds bytes), and a
 * pumper serves at most CONSOLE_PUMP_PASSES requests. At the last one it
 * arms the transmit interrupt before it unlocks, whatever the ring holds:
 * a request left after that is served by the interrupt's pump (which
 * disarms it once the ring is empty), so nothing is stranded either. The
 * model checks the request protocol; the last pass's hand-over to the
 * interrupt is this comment's argument.
 */
static void pump(uint32_t max)
{
    /* One core only until the second starts (the MMU may still be off, and
     * exclusive accesses want Normal memory). */
    if (!console_smp) {
        pump_once(max);
        return;
    }
    __atomic_store_n(&pump_req, 1u, __ATOMIC_SEQ_CST);
    for (unsigned pass = 1; __atomic_load_n(&pump_req, __ATOMIC_SEQ_CST); pass++) {
        if (__atomic_exchange_n(&pump_lock.locked, 1u, __ATOMIC_SEQ_CST))
            return;                            /* the pumper will see the request */
        __atomic_exchange_n(&pump_req, 0u, __ATOMIC_SEQ_CST);
        pump_once(max);
        if (pass == CONSOLE_PUMP_PASSES)
            plat_console_tx_irq(1);            /* the rest from the interrupt */
        __atomic_store_n(&pump_lock.locked, 0u, __ATOMIC_SEQ_CST);
        if (pass == CONSOLE_PUMP_PASSES)
            return;
    }
}

void console_pump(void)
{
    pump(CONSOLE_PUMP_MAX);
}

void console_flush(void)
{
    while (!ring_empty(&out))
        console_pump();
}

/* Queues a line; moves at most `max` bytes to the UART at once (the rest
 * go from the transmit interrupt). */
static void write_line(const char *prefix, uint32_t prefix_len,
                       const char *text, uint32_t len, uint32_t max)
{
    static const char eol[2] = {'\r', '\n'};
    lock();
    uint32_t used = out.head - __atomic_load_n(&out.tail, __ATOMIC_ACQUIRE);
    if (CONSOLE_RING_SIZE - used >= prefix_len + len + 2) {
        byte_ring_put(&out, prefix, prefix_len);
        byte_ring_put(&out, text, len);
        byte_ring_put(&out, eol, 2);
    } else {
        out_dropped_lines++;                   /* whole lines or nothing */
    }
    unlock();
    pump(max);
}

void console_write_line(const char *prefix, uint32_t prefix_len,
                        const char *text, uint32_t len)
{
    write_line(prefix, prefix_len, text, len, CONSOLE_PUMP_MAX);
}

static void emit_line(const char *prefix, uint32_t prefix_len,
                      const char *text, uint32_t len, void *arg)
{
    (void)arg;
    write_line(prefix, prefix_len, text, len, CONSOLE_PUMP_GUEST);   /* a guest's call */
}

static struct byte_ring hrt_out[CONFIG_MAX_GUESTS];
static uint32_t hrt_dropped_reported[CONFIG_MAX_GUESTS];
static int drain_core = -1;
static spinlock_t drain_lock;
static uint32_t drain_req;          /* the pump's request protocol, for HRT rings */

void console_init_drain(void)
{
    for (uint32_t c = 0; c < system_config.n_cores; c++)
        if (system_config.cores[c].kind != CORE_HRT) {
            drain_core = (int)c;
            return;
        }
}

uint32_t console_guest_write(struct vcpu *v, const char *data, uint32_t len)
{
    if (len > CONSOLE_WRITE_MAX)
        len = CONSOLE_WRITE_MAX;
    if (v->cfg->level == LEVEL_HRT && drain_core >= 0) {
        /* Never wait on the HRT core: hand the bytes over, and ring the
         * draining core once a line is complete. */
        byte_ring_put(&hrt_out[v->index], data, len);
        for (uint32_t i = 0; i < len; i++)
            if (data[i] == '\n') {
                plat_gic_send_sgi((unsigned)drain_core, CONSOLE_SGI);
                break;
            }
        return len;
    }
    return console_line_feed_some(&v->line, v->cfg->prefix, v->cfg->prefix_len, data, len,
                                  emit_line, 0, 1);
}

static int drain_once(int wait)
{
    /* Without `wait` (the console SGI's handler), a bounded share: at most
     * CONSOLE_DRAIN_MAX bytes and one completed line; console_drain sends
     * this core the SGI again for the rest. */
    uint32_t budget = wait ? UINT32_MAX : CONSOLE_DRAIN_MAX;
    int more = 0;
    for (uint32_t g = 0; g < system_config.n_guests; g++) {
        struct vcpu *v = &vcpus[g];
        if (v->cfg->level != LEVEL_HRT)
            continue;
        char c;
        while (budget && byte_ring_get(&hrt_out[g], &c)) {
            budget--;
            console_line_feed(&v->line, v->cfg->prefix, v->cfg->prefix_len, &c, 1,
                              emit_line, 0);
            if (!wait && c != '\r' && v->line.len == 0)
                budget = 0;                    /* one completed line per drain */
        }
        if (!budget && !ring_empty(&hrt_out[g]))
            more = 1;
        uint32_t dropped = __atomic_load_n(&hrt_out[g].dropped, __ATOMIC_RELAXED);
        if (dropped != hrt_dropped_reported[g]) {
            mon_printf("guest '%s': %u console bytes dropped (its ring was full)",
                       v->cfg->name, (unsigned)(dropped - hrt_dropped_reported[g]));
            hrt_dropped_reported[g] = dropped;
        }
    }
    return more;
}

/* As console_pump(): a drain that finds another under way leaves a request
 * that the other serves after its unlock, so no HRT byte is stranded. A
 * drain that stopped at its share hands the rest to the SGI it sends its
 * own core (a request pending then is served by that drain too). */
void console_drain(int wait)
{
    int more = 0;
    __atomic_store_n(&drain_req, 1u, __ATOMIC_SEQ_CST);
    while (!more && __atomic_load_n(&drain_req, __ATOMIC_SEQ_CST)) {
        if (wait)
            spin_lock(&drain_lock);
        else if (__atomic_exchange_n(&drain_lock.locked, 1u, __ATOMIC_SEQ_CST))
            return;                            /* another core is at it: it will see the request */
        __atomic_exchange_n(&drain_req, 0u, __ATOMIC_SEQ_CST);
        more = drain_once(wait);
        __atomic_store_n(&drain_lock.locked, 0u, __ATOMIC_SEQ_CST);
    }
    if (more && drain_core >= 0)
        plat_gic_send_sgi((unsigned)drain_core, CONSOLE_SGI);
}

/* Test images (testfault.c): takes the console lock and keeps it, so the
 * panic that follows shows that the panic path takes no lock. */
void console_test_hold_lock(void)
{
    spin_lock(&out_lock);
}

static const char mon_prefix[] = "[monitor] ";

void mon_printf(const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = (int)sizeof buf - 1;
    console_write_line(mon_prefix, sizeof mon_prefix - 1, buf, (uint32_t)n);
}

#endif
