/*
 * ticker: proves the system goes on. It prints a numbered tick now and then
 * and, after 40 of them, ends the test with status 0.
 */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    printf("ticker: running on core %ld\n", (long)hv_core_id());
    for (unsigned tick = 1; tick <= 40; tick++) {
        for (volatile unsigned spin = 0; spin < 20000; spin++)
            ;
        printf("ticker: tick %u\n", tick);
        hv_yield();
    }
    printf("ticker: done\n");
    hv_test_exit(0);
    return 1;
}
