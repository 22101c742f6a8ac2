/*
 * bootcheck: the board hand-off scenarios' core-0 guest. It says where it
 * runs, prints a few ticks (time for the other core to show its lines) and
 * ends the test with status 0; the monitor turns that into a failure when
 * a core did not come up (boot.c, boot_exit_status).
 */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    printf("bootcheck: running on core %ld\n", (long)hv_core_id());
    for (unsigned tick = 1; tick <= 5; tick++) {
        for (volatile unsigned spin = 0; spin < 200000; spin++)
            ;
        printf("bootcheck: tick %u\n", tick);
        hv_yield();
    }
    hv_test_exit(0);
    return 0;
}
