/* busy: NRT background work that never yields; says how far it got at each
 * of its 10 ms marks, so the test sees it ran while another guest slept. */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    uint32_t hz;
    uint64_t last = hv_time(&hz);
    unsigned long loops = 0, marks = 0;
    for (;;) {
        loops++;
        uint64_t now = hv_time(0);
        if (now - last >= hz / 100) {
            last = now;
            if (++marks % 50 == 0)
                printf("busy: %lu marks, %lu loops\n", marks, loops);
        }
    }
}
