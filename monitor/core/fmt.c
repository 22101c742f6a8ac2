/* A small printf-style formatter for the monitor's own messages. */
#include "console.h"

struct out {
    char *buf;
    size_t size;
    size_t pos;
};

static void put(struct out *o, char c)
{
    if (o->pos + 1 < o->size)
        o->buf[o->pos] = c;
    o->pos++;
}

/* Writes v in `base`, right-aligned in `width`; a minus sign goes before
 * zero padding and after space padding, as printf does. */
static void put_uint(struct out *o, unsigned long v, int negative, unsigned base,
                     int upper, unsigned width, char pad)
{
    char tmp[24];
    unsigned n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    unsigned len = n + (negative ? 1u : 0u);
    if (negative && pad == '0')
        put(o, '-');
    for (; width > len; width--)
        put(o, pad);
    if (negative && pad != '0')
        put(o, '-');
    while (n)
        put(o, tmp[--n]);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = {buf, size, 0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        char pad = ' ';
        unsigned width = 0;
        if (*p == '0') {
            pad = '0';
            p++;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10u + (unsigned)(*p++ - '0');
        switch (*p) {
        case 'd': {
            int v = va_arg(ap, int);
            unsigned long mag = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
            put_uint(&o, mag, v < 0, 10, 0, width, pad);
            break;
        }
        case 'u':
            put_uint(&o, va_arg(ap, unsigned), 0, 10, 0, width, pad);
            break;
        case 'x':
        case 'X':
            put_uint(&o, va_arg(ap, unsigned), 0, 16, *p == 'X', width, pad);
            break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_uint(&o, (unsigned long)va_arg(ap, void *), 0, 16, 0, 8, '0');
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            while (*s)
                put(&o, *s++);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            p--;
            break;
        default:
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    if (size)
        o.buf[o.pos < size ? o.pos : size - 1] = '\0';
    return (int)o.pos;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
