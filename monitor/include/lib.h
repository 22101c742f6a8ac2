/* Freestanding replacements for the two libc functions the monitor uses. */
#ifndef LIB_H
#define LIB_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

#endif
