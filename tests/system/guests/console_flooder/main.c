/*
 * console_flooder: an attacker at full effort on the console hypercall. It makes
 * the largest legal HC_CONSOLE_WRITE it can (its whole 1.5 MiB buffer, all
 * carriage returns, which the console drops, so the flood costs the
 * monitor its full per-byte work but prints nothing) over and over, never
 * yielding. Every so often it prints how many calls it made and how many
 * bytes the monitor took, so the test sees that the attack ran.
 */
#include <stdio.h>
#include <string.h>
#include "hv.h"

#define FLOOD (1536u * 1024u)

static char flood[FLOOD];

int main(void)
{
    memset(flood, '\r', sizeof flood);
    uint32_t hz;
    uint64_t last = hv_time(&hz);
    unsigned long calls = 0;
    uint64_t taken = 0;
    for (;;) {
        int32_t r = hv_call3(HC_CONSOLE_WRITE, (uint32_t)flood, FLOOD, 0);
        calls++;
        if (r > 0)
            taken += (uint32_t)r;
        uint64_t now = hv_time(0);
        if (now - last >= hz / 10) {
            last = now;
            printf("flooder: %lu calls, %lu KiB taken\n", calls, (unsigned long)(taken >> 10));
        }
    }
}
