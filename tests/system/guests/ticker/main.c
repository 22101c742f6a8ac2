/*
 * ticker: proves the system goes on. It prints a numbered tick now and
 * then. Where system.yaml lets it read the guests' states (`info: true`),
 * it waits until two guests have been stopped, prints ten more ticks and
 * ends the test with status 0; otherwise it just keeps ticking.
 */
#include <stdio.h>
#include "hv.h"

static int stopped_guests(void)
{
    struct guest_info info[8];
    int32_t n = hv_call3(HC_INFO, (uint32_t)info, 8, 0);
    if (n < 0)
        return -1;
    int stopped = 0;
    for (int32_t i = 0; i < n; i++)
        stopped += info[i].state != 0;
    return stopped;
}

int main(void)
{
    printf("ticker: running on core %ld\n", (long)hv_core_id());
    unsigned after = 0;
    for (unsigned tick = 1;; tick++) {
        for (volatile unsigned spin = 0; spin < 20000; spin++)
            ;
        printf("ticker: tick %u\n", tick);
        if (after || stopped_guests() >= 2)
            after++;
        if (after == 10) {
            printf("ticker: done, %d guests stopped\n", stopped_guests());
            hv_test_exit(0);
        }
        hv_yield();
    }
}
