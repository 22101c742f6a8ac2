/* The two functions GCC may call for structure copies and clears even in a
 * freestanding build. */
#include <stddef.h>
#include <stdint.h>
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
