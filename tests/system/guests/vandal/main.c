/*
 * vandal: writes the monitor's memory. The monitor sits at 0x3FC00000
 * (platforms/zynq-7000.yaml) and is mapped privileged-only in every guest's
 * table, so this User-mode write must fault and the monitor must stop vandal.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    printf("vandal: writing the monitor's memory at 0x3fc00000\n");
    *(volatile uint32_t *)0x3fc00000u = 0xdeadbeefu;
    printf("vandal: CORRUPTED the monitor\n");        /* must never print */
    return 0;
}
