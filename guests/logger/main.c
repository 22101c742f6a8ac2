/*
 * logger: NRT background work on core 0, in User mode. It never yields: it
 * counts primes and is preempted at the end of each quantum, so it uses the
 * time the SRT task leaves.
 */
#include <stdio.h>
#include "hv.h"

static int is_prime(unsigned long n)
{
    if (n < 2)
        return 0;
    for (unsigned long d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

int main(void)
{
    printf("logger: NRT worker on core %ld in User mode\n", (long)hv_core_id());
    unsigned long found = 0;
    for (unsigned long n = 2;; n++) {
        if (is_prime(n) && ++found % 5000u == 0)
            printf("logger: %lu primes found, latest %lu\n", found, n);
    }
}
