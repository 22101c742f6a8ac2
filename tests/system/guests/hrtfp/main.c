/* hrtfp: a hard-float HRT guest. It owns its core, so the monitor enables
 * the VFP before it starts: double arithmetic and NEON work at once. */
#include <stdint.h>
#include <stdio.h>
#include "hv.h"

void hrt_irq_handler(void);
void hrt_irq_handler(void) {}        /* crt0_hrt.S wants one; no interrupt is enabled */

int main(void)
{
    volatile double x = 2.0;
    double s = 0;
    for (int i = 1; i <= 1000; i++)
        s += x / ((double)i * i);
    uint32_t lanes[4];
    __asm__ volatile("vmov.i32 q0, #7\n\tvadd.i32 q0, q0, q0\n\tvst1.32 {d0-d1}, [%0]"
                     : : "r"(lanes) : "q0", "memory");
    printf("hrtfp: sum %.6f, neon %lu %lu %lu %lu\n", s, (unsigned long)lanes[0],
           (unsigned long)lanes[1], (unsigned long)lanes[2], (unsigned long)lanes[3]);
    hv_stop(0);
}
