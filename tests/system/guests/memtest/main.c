/*
 * memtest: an NRT guest whose memory the generator scattered over
 * non-adjacent physical frames (`scatter: true`). It fills all of its RAM
 * above its image with an address-dependent pattern, reads it back, and
 * ends the test with the number of wrong words.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

extern char __heap_start[], __stack_limit[];

int main(void)
{
    uint32_t *lo = (uint32_t *)(((uintptr_t)__heap_start + 4095u) & ~4095u);
    uint32_t *hi = (uint32_t *)((uintptr_t)__stack_limit & ~4095u);
    printf("memtest: testing 0x%08lx-0x%08lx of 0x%08lx-0x%08lx\n", (unsigned long)lo,
           (unsigned long)hi - 1, (unsigned long)GUEST_RAM_VA,
           (unsigned long)(GUEST_RAM_VA + GUEST_RAM_SIZE - 1));
    unsigned wrong = 0;
    for (unsigned pass = 0; pass < 2; pass++) {
        for (uint32_t *p = lo; p < hi; p++)
            *p = (uint32_t)(uintptr_t)p * 2654435761u ^ pass;
        for (uint32_t *p = lo; p < hi; p++)
            if (*p != ((uint32_t)(uintptr_t)p * 2654435761u ^ pass))
                wrong++;
    }
    printf("memtest: %lu KiB tested twice, %u wrong words\n",
           (unsigned long)((hi - lo) * 4u / 1024u), wrong);
    hv_test_exit(wrong ? 1 : 0);
    return 1;
}
