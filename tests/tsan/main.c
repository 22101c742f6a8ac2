/*
 * Two threads per cross-core protocol, each playing one core, running the
 * monitor's own C (built with -fsanitize=thread, tsan.mk): proxied I/O with
 * its slot and result wake-ups and the vIRQ queues it raises, the console
 * pump from both cores, an HRT guest's console ring and its drain, and a
 * channel ring. ThreadSanitizer fails the run on any data race; each test
 * also checks its results (every answer right, no line or record lost,
 * torn or reordered) and fails with a message.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "console.h"
#include "ioproxy.h"
#include "ring.h"
#include "sched.h"
#include "shims.h"
#include "vcpu.h"
#include "virq.h"
#include "wake.h"

static int failures;

#define EXPECT(cond, ...)                                                    \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("  %s:%d: ", __FILE__, __LINE__);                         \
            printf(__VA_ARGS__);                                             \
            printf("\n");                                                    \
            failures++;                                                      \
        }                                                                    \
    } while (0)

static void run2(void *(*a)(void *), void *(*b)(void *))
{
    pthread_t ta, tb;
    pthread_create(&ta, 0, a, 0);
    pthread_create(&tb, 0, b, 0);
    pthread_join(ta, 0);
    pthread_join(tb, 0);
}

static void setup_vcpus(void)
{
    memset(vcpus, 0, sizeof vcpus);
    memset(pcpus, 0, sizeof pcpus);
    for (unsigned i = 0; i < system_config.n_guests; i++) {
        struct vcpu *v = &vcpus[i];
        v->cfg = &system_config.guests[i];
        v->index = (uint8_t)i;
        v->state = VCPU_READY;
        if (v->cfg->level != LEVEL_HRT) {
            struct pcpu *p = &pcpus[v->cfg->core];
            v->ev = &p->ev[p->edf.n];
            v->ev->state = EDF_READY;
            p->slot[p->edf.n++] = v;
            p->id = v->cfg->core;
            p->current = v;
        }
    }
}

/* ---- proxied I/O: client on core 0, service on core 1 ---- */

#define IO_ROUNDS 20000u
static int io_stop;
static uint32_t io_served, io_done_irqs;

/* What sched_block() does on the client's core (sched.c). */
static void block(struct vcpu *v, uint32_t events)
{
    v->wait_for = events;
    v->ev->state = EDF_BLOCKED;
}

/* Core 0's scheduling passes until the client is ready again: an SGI is
 * acknowledged, then the pass (wake_pass, as sched_resume), else "WFI". */
static void wait_ready(struct vcpu *v, struct trap_frame *f)
{
    for (;;) {
        shim_take_kicks(0);
        wake_pass(&pcpus[0], f);
        if (v->ev->state == EDF_READY)
            return;
        shim_wait_kick(0);
    }
}

static int32_t request(struct vcpu *v, struct trap_frame *f, uint32_t off, int write,
                       uint32_t value, unsigned rt)
{
    const struct cfg_io_window *w = &v->cfg->io[0];
    for (;;) {
        int32_t r = ioproxy_request(v, w, off, 4, write, value, rt, 0, 1);
        if (r != HV_EAGAIN)
            return r;
        block(v, WAKE_IO_SLOT);               /* the pair is full: wait for a slot */
        wait_ready(v, f);
    }
}

static void *io_client(void *arg)
{
    (void)arg;
    struct vcpu *v = &vcpus[G_CLIENT];
    struct trap_frame *f = &v->ctx;           /* its registers while "current" */
    unsigned wrong = 0, more;
    for (uint32_t i = 0; i < IO_ROUNDS; i++) {
        uint32_t off = (i % 16u) * 4u;
        EXPECT(request(v, f, off, 1, i, 0) == 0, "posted write %u refused", i);
        f->r[3] = 0xdeadbeef;
        EXPECT(request(v, f, off, 0, 0, 3) == 0, "read %u refused", i);
        block(v, WAKE_IO_RESULT);
        wait_ready(v, f);
        if (f->r[3] != i + 1u)
            wrong++;
        while (virq_take(v, &more) >= 0)
            io_done_irqs++;
    }
    EXPECT(wrong == 0, "%u proxied reads resumed with a wrong register", wrong);
    __atomic_store_n(&io_stop, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static void *io_service(void *arg)
{
    (void)arg;
    struct vcpu *s = &vcpus[G_SERVICE];
    uint32_t regs[16] = {0};
    unsigned more;
    while (!__atomic_load_n(&io_stop, __ATOMIC_SEQ_CST)) {
        struct io_request rq;
        shim_take_kicks(1);
        while (virq_take(s, &more) >= 0)
            ;
        if (!ioproxy_fetch(s, &rq)) {
            host_yield();
            continue;
        }
        uint32_t value = 0, i = (rq.offset / 4u) % 16u;
        if (rq.write)
            regs[i] = rq.value;
        else
            value = regs[i] + 1u;
        EXPECT(ioproxy_reply(s, rq.id, value) == 0, "reply %u refused", rq.id);
        EXPECT(ioproxy_reply(s, rq.id, value) == HV_EINVAL, "reply %u taken twice", rq.id);
        io_served++;
    }
    return 0;
}

static void test_proxied_io(void)
{
    setup_vcpus();
    run2(io_client, io_service);
    EXPECT(io_served == 2 * IO_ROUNDS, "%u requests served, expected %u", io_served,
           2 * IO_ROUNDS);
    EXPECT(io_done_irqs > 0 && io_done_irqs <= 2 * IO_ROUNDS,
           "%u completion vIRQs for %u requests", io_done_irqs, 2 * IO_ROUNDS);
}

/* ---- the console pump from both cores ---- */

#define LINES 3000u

static void serve_tx_irq(void)
{
    /* The transmit interrupt, while asked for: the FIFO has emptied. */
    while (shim_tx_irq_on()) {
        shim_uart_drain();
        console_pump();
        host_yield();
    }
}

static void *printer(void *arg)
{
    const char *prefix = arg;
    char text[32];
    for (unsigned i = 0; i < LINES; i++) {
        int n = fmt_snprintf(text, sizeof text, "line %05u", i);
        console_write_line(prefix, 4, text, (uint32_t)n);
        serve_tx_irq();
    }
    return 0;
}

static void *printer_a(void *arg) { (void)arg; return printer("[a] "); }
static void *printer_b(void *arg) { (void)arg; return printer("[b] "); }

/* Every line of `prefix` in the UART's output, whole and in order. */
static unsigned check_lines(const char *prefix, unsigned expected)
{
    unsigned next = 0;
    size_t plen = strlen(prefix);
    const char *p = shim_uart_out, *end = shim_uart_out + shim_uart_len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            break;
        if ((size_t)(eol - p) > plen && !memcmp(p, prefix, plen)) {
            unsigned k;
            if (sscanf(p + plen, "line %u", &k) == 1 || sscanf(p + plen, "hrt %u", &k) == 1) {
                EXPECT(k == next, "%sline %u where %u was due", prefix, k, next);
                next = k + 1;
            }
        }
        p = eol + 1;
    }
    EXPECT(next == expected, "%u lines of %s printed, expected %u", next, prefix, expected);
    return next;
}

static void test_console_pump(void)
{
    setup_vcpus();
    shim_uart_len = 0;
    console_smp_started();
    run2(printer_a, printer_b);
    check_lines("[a] ", LINES);
    check_lines("[b] ", LINES);
}

/* ---- an HRT guest's console bytes, drained by the other core ---- */

#define HRT_LINES 150u              /* they fit in its ring: none may be dropped */
static int hrt_stop;

static void *hrt_core(void *arg)
{
    (void)arg;
    char text[32];
    for (unsigned i = 0; i < HRT_LINES; i++) {
        int n = fmt_snprintf(text, sizeof text, "hrt %05u\n", i);
        console_guest_write(&vcpus[G_HRT], text, (uint32_t)n);
    }
    __atomic_store_n(&hrt_stop, 1, __ATOMIC_SEQ_CST);
    return 0;
}

static void *drain_core(void *arg)
{
    (void)arg;
    for (;;) {
        int stop = __atomic_load_n(&hrt_stop, __ATOMIC_SEQ_CST);
        uint32_t k = shim_take_kicks(0);
        if (k & (1u << CONSOLE_SGI))
            console_drain(0);                 /* trap.c: the console SGI */
        serve_tx_irq();
        if (stop && !k)
            break;
        host_yield();
    }
    return 0;
}

static void test_hrt_console(void)
{
    setup_vcpus();
    shim_uart_len = 0;
    console_init_drain();
    run2(hrt_core, drain_core);
    check_lines("[motor] ", HRT_LINES);
}

/* ---- a channel ring ---- */

#define CHAN_SIZE 1024u
#define RECORDS 200000u
struct rec { uint32_t seq, a, b, c; };
static uint32_t chan[CHAN_SIZE / 4];

static void *ring_writer(void *arg)
{
    (void)arg;
    struct ring_header *r = ring_init(chan, CHAN_SIZE, sizeof(struct rec));
    for (uint32_t i = 0; i < RECORDS; i++) {
        struct rec x = {i, i * 3u, ~i, i ^ 0x5a5a5a5au};
        ring_put(r, &x);
    }
    return 0;
}

static void *ring_reader(void *arg)
{
    (void)arg;
    struct ring_reader rd;
    ring_reader_init(&rd, chan, CHAN_SIZE, sizeof(struct rec));
    uint32_t torn = 0, disorder = 0, got = 0, last = 0;
    int any = 0;
    while (!any || last + 1 < RECORDS) {
        struct rec x;
        if (!ring_get(&rd, &x)) {
            host_yield();
            continue;
        }
        if (x.a != x.seq * 3u || x.b != ~x.seq || x.c != (x.seq ^ 0x5a5a5a5au))
            torn++;
        if (any && x.seq <= last)
            disorder++;
        last = x.seq;
        any = 1;
        got++;
    }
    EXPECT(torn == 0 && disorder == 0, "%u torn, %u out of order of %u records", torn,
           disorder, got);
    EXPECT(got + rd.lost == RECORDS, "%u read + %u lost != %u written", got, rd.lost, RECORDS);
    return 0;
}

static void test_channel_ring(void)
{
    memset(chan, 0, sizeof chan);
    run2(ring_writer, ring_reader);
}

int main(void)
{
    static const struct { const char *name; void (*fn)(void); } tests[] = {
        {"proxied_io_wakeups", test_proxied_io},
        {"console_pump_two_cores", test_console_pump},
        {"hrt_console_drain", test_hrt_console},
        {"channel_ring", test_channel_ring},
    };
    int failed = 0;
    for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int before = failures;
        tests[i].fn();
        if (failures != before) {
            failed++;
            printf("FAIL %s\n", tests[i].name);
        }
    }
    printf("tsan: %d passed, %d failed\n", (int)(sizeof tests / sizeof tests[0]) - failed, failed);
    return failed ? 1 : 0;
}
