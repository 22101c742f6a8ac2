/*
 * The shared console (console.h). Lines are assembled per guest and written
 * whole under a spinlock, taken only once the second core runs.
 */
#include "arch.h"
#include "config.h"
#include "console.h"

void console_line_feed(struct console_line *line, const char *prefix,
                       uint32_t prefix_len, const char *data, uint32_t len,
                       console_emit_fn emit, void *arg)
{
    for (uint32_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '\n') {
            emit(prefix, prefix_len, line->buf, line->len, arg);
            line->len = 0;
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
        }
    }
}

#ifndef HOST_TEST

#include "plat.h"
#include "vcpu.h"

static volatile uint32_t console_lock;
static int console_smp;

void console_smp_started(void)
{
    console_smp = 1;
}

static void lock(void)
{
    if (!console_smp)
        return;
    while (__atomic_exchange_n(&console_lock, 1u, __ATOMIC_ACQUIRE))
        while (console_lock)
            ;
}

static void unlock(void)
{
    if (console_smp)
        __atomic_store_n(&console_lock, 0u, __ATOMIC_RELEASE);
}

void console_write_line(const char *prefix, uint32_t prefix_len,
                        const char *text, uint32_t len)
{
    lock();
    for (uint32_t i = 0; i < prefix_len; i++)
        plat_console_putc(prefix[i]);
    for (uint32_t i = 0; i < len; i++)
        plat_console_putc(text[i]);
    plat_console_putc('\r');
    plat_console_putc('\n');
    unlock();
}

static void emit_line(const char *prefix, uint32_t prefix_len,
                      const char *text, uint32_t len, void *arg)
{
    (void)arg;
    console_write_line(prefix, prefix_len, text, len);
}

void console_guest_write(struct vcpu *v, const char *data, uint32_t len)
{
    console_line_feed(&v->line, v->cfg->prefix, v->cfg->prefix_len, data, len,
                      emit_line, 0);
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
