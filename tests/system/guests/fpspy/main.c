/*
 * fpspy: a soft-float guest that tries to read the VFP registers the
 * hard-float guests of its core left there. Its VFP instruction must be
 * undefined (the monitor stops it), never a read of their values.
 */
#include <stdint.h>
#include <stdio.h>
#include "hv.h"

int main(void)
{
    for (int i = 0; i < 50; i++)
        hv_yield();                     /* let the hard-float guests fill the VFP */
    printf("fpspy: reading d0\n");
    uint32_t lo, hi;
    __asm__ volatile(".fpu vfpv3\n\tvmov %0, %1, d0" : "=r"(lo), "=r"(hi));
    printf("fpspy: LEAKED d0 = 0x%08lx%08lx\n", (unsigned long)hi, (unsigned long)lo);
    return 0;
}
