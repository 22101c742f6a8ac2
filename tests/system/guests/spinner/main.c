/* spinner: NRT background work; reports how far it got every half second. */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    uint32_t hz;
    uint64_t last = hv_time(&hz);
    unsigned long loops = 0, reports = 0;
    for (;;) {
        loops++;
        uint64_t now = hv_time(0);
        if (now - last >= hz / 2) {
            last = now;
            printf("spinner: progress %lu, %lu loops\n", ++reports, loops);
        }
    }
}
