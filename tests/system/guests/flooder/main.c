/*
 * flooder: floods a proxied device whose service never answers
 * (tests/system/proxy_flood.yaml): posted writes as fast as it can. Each
 * takes a proxied-I/O slot that is never freed; once its pair's slots are
 * all taken the monitor makes it wait for one, forever. It must not take
 * anybody else's.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"

int main(void)
{
    volatile uint32_t *regs = (volatile uint32_t *)PROXY_SINK_VA;
    printf("flooder: flooding a service that never answers\n");
    for (uint32_t n = 0;; n++)
        regs[n % 16u] = n;
}
