/*
 * victim: a client of proxied I/O that must keep being served while an
 * unrelated client floods another service (tests/system/proxy_flood.yaml).
 * It waits until the flood has had time to fill every slot it can, then
 * writes and reads back its device's registers (the service answers a read
 * with the register's value plus its index), printing every 100 reads.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

int main(void)
{
    volatile uint32_t *regs = (volatile uint32_t *)PROXY_REGS_VA;
    uint32_t hz;
    uint64_t start = hv_time(&hz);
    while (hv_time(0) - start < hz / 20u)     /* 50 ms: the flooder runs meanwhile */
        hv_yield();
    printf("victim: reading its device\n");
    unsigned wrong = 0;
    for (uint32_t n = 1;; n++) {
        uint32_t i = n % 16u;
        regs[i] = n;
        if (regs[i] != n + i)                 /* waits for the server */
            wrong++;
        if (n % 100u == 0)
            printf("victim: %lu reads answered, %u wrong\n", (unsigned long)n, wrong);
    }
}
