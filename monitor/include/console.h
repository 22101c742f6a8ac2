/*
 * The monitor's console: one UART shared by every guest and the monitor.
 * Each guest's output is cut into lines and every line carries the guest's
 * prefix (e.g. "[sensor] "); the monitor's own lines start with "[monitor] ".
 * A line is written whole under a lock, so lines of the two cores never mix.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "abi/hypercall.h"

/* The longest line a guest's output keeps whole; a longer one is cut into
 * pieces of this length (each printed as a line with the prefix). Costs this
 * many bytes per guest (struct vcpu) and must leave room in the console ring
 * (CONSOLE_RING_SIZE) for a few lines. Override with -DCONSOLE_LINE_MAX=n. */
#ifndef CONSOLE_LINE_MAX
#define CONSOLE_LINE_MAX 512u
#endif

/* A partial line of one guest, kept until its newline arrives. */
struct console_line {
    uint32_t len;
    char buf[CONSOLE_LINE_MAX];
};

/*
 * Bounds on the work one monitor entry does for the console (issue 8: every
 * path bounded with interrupts masked). A console-write hypercall takes at
 * most CONSOLE_WRITE_MAX bytes and completes at most one line, and returns
 * the short count; guests/lib's _write() continues with the rest; the line
 * it completes is queued and at most CONSOLE_PUMP_GUEST bytes are moved to
 * the UART then. A pump from the UART's interrupt moves at most
 * CONSOLE_PUMP_MAX bytes (half the depth of the Zynq UART's 64-byte TX
 * FIFO, UG585 section 19.2.3; the TX-empty interrupt brings the rest), and one drain of
 * the HRT guests' rings at most CONSOLE_DRAIN_MAX bytes; both continue from
 * the next interrupt. docs/performance.md section 8 has what these cost.
 */
#define CONSOLE_WRITE_MAX HC_CONSOLE_WRITE_MAX
#define CONSOLE_PUMP_MAX 32u
#define CONSOLE_PUMP_GUEST 8u
#define CONSOLE_DRAIN_MAX 24u
#define CONSOLE_PUMP_PASSES 2u   /* requests one pumper serves (console.c pump()) */

typedef void (*console_emit_fn)(const char *prefix, uint32_t prefix_len,
                                const char *text, uint32_t len, void *arg);

/* Appends guest bytes to `line`; calls `emit` for every completed line
 * (without its newline) and for a full buffer. Pure: unit-tested on the host. */
void console_line_feed(struct console_line *line, const char *prefix,
                       uint32_t prefix_len, const char *data, uint32_t len,
                       console_emit_fn emit, void *arg);

/* The same, but stops after the byte that completes `max_lines` lines
 * (0: no limit); returns the bytes consumed. Pure. */
uint32_t console_line_feed_some(struct console_line *line, const char *prefix,
                                uint32_t prefix_len, const char *data, uint32_t len,
                                console_emit_fn emit, void *arg, uint32_t max_lines);

/* Bytes an HRT guest writes, on their way to the core that prints them: a
 * single-producer (the HRT core) single-consumer (the draining core) ring,
 * so the HRT guest never waits for the console or for another core. */
#define CONSOLE_RING_SIZE 4096u
_Static_assert(CONSOLE_LINE_MAX >= 16u && CONSOLE_LINE_MAX <= CONSOLE_RING_SIZE / 4u,
               "CONSOLE_LINE_MAX: 16 .. a quarter of the console ring");

struct byte_ring {
    volatile uint32_t head;          /* bytes ever put (producer) */
    volatile uint32_t tail;          /* bytes ever taken (consumer) */
    uint32_t dropped;                /* bytes that did not fit (producer) */
    char buf[CONSOLE_RING_SIZE];
};

/* Puts what fits of data[0..n) and counts the rest as dropped; never
 * waits. Returns the bytes stored. Pure. */
uint32_t byte_ring_put(struct byte_ring *r, const char *data, uint32_t n);
/* Takes one byte; 0 if the ring is empty. Pure. */
int byte_ring_get(struct byte_ring *r, char *c);

/* The SGI by which an HRT core asks the draining core to print. The
 * monitor's SGIs are 14 and 15: Linux takes SGIs 0-7 for its IPIs and
 * leaves 8-15 to the secure firmware (arch/arm/kernel/smp.c), and a
 * Non-secure write to GICD_SGIR cannot raise a Group 0 SGI (GICv1 4.3.15;
 * QEMU 10 raises it anyway, shared/QEMU-ZYNQ.md section 2), so a Linux on
 * two cores would lose any IPI numbered like one of the monitor's. */
#define CONSOLE_SGI 14u

/* Chooses the core that prints HRT guests' output (the first core that is
 * not an HRT guest's; none if every core is). */
void console_init_drain(void);
/* Prints what HRT guests have written (on the draining core, or anywhere
 * with `wait` at the end of a test). */
void console_drain(int wait);

/* Queues one whole line for the UART (never waits; a line that does not
 * fit is dropped whole and counted). */
void console_write_line(const char *prefix, uint32_t prefix_len,
                        const char *text, uint32_t len);
/* Moves queued bytes into the UART's FIFO while it has room (also the
 * console IRQ's handler). */
void console_pump(void);
/* Waits until every queued byte is in the UART (panic, end of a test). */
void console_flush(void);

/* Writes guest output with the guest's prefix (monitor side of the
 * console-write hypercall): at most CONSOLE_WRITE_MAX bytes and one
 * completed line; returns the bytes taken (an HRT guest's bytes that do not
 * fit its ring count as taken, and dropped). */
struct vcpu;
uint32_t console_guest_write(struct vcpu *v, const char *data, uint32_t len);

/* A monitor line: "[monitor] " + formatted text + newline. */
void mon_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Tells the console that both cores may now print (take the lock). */
void console_smp_started(void);

/* Minimal formatter: %s %c %d %u %x %X %p %% with optional 0-padding and
 * width; returns the length it would have written. Pure. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Test images only: takes the console lock and never releases it. */
void console_test_hold_lock(void);

#endif
