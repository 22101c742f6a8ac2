/*
 * Console output without printf, for the test guests that must not use the
 * C library's (prober: every instance is one probe and a fault; insnfuzz:
 * its registers and stack are the fuzzer's): a string, a decimal and a
 * hexadecimal number through HC_CONSOLE_WRITE. Header only: guest images
 * are built from the .c files of their own directory.
 */
#ifndef PUT_H
#define PUT_H

#include <stdint.h>
#include "hv.h"

static inline void put(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    hv_console_write(s, n);
}

static inline void put_dec(uint32_t v)
{
    char buf[12];
    int i = 11;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    put(&buf[i]);
}

static inline void put_hex(uint32_t v)
{
    char buf[11] = "0x";
    for (int i = 0; i < 8; i++)
        buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xfu];
    buf[10] = 0;
    put(buf);
}

#endif
