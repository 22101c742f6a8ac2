/* The two functions GCC may call for structure copies and clears even in a
 * freestanding build. */
#include <stddef.h>
#include <stdint.h>
#include "arch.h"
#include "lib.h"




void *memcpy(void *dst, const void *src, size_t n)
{
    if ((((uintptr_t)dst | (uintptr_t)src | n) & 3u) == 0) {
        uint32_t *dw = dst;                 /* word copies when aligned */
        const uint32_t *sw = src;
        for (n /= 4; n; n--)
            *dw++ = *sw++;
        return dst;
    }
    uint8_t *d = dst;
    const uint8_t *s = src;
    /* Misaligned: word copies all the same once the MMU is on (a console
     * line into the ring is on a bounded path, issue 8); memcpy is never
     * used on Device memory. */
    if (n >= 16 && arch_unaligned_ok()) {
        typedef uint32_t unaligned_word __attribute__((aligned(1), may_alias));
        for (; n >= 4; n -= 4, d += 4, s += 4)
            *(unaligned_word *)(void *)d = *(const unaligned_word *)(const void *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}
