/*
 * spy: reads memory that is not its own. 0x01000000 is the HRT guest
 * motor's memory in tests/system/isolation.yaml; it is not mapped in spy's
 * address space, so the read must fault and the monitor must stop spy.
 */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    printf("spy: reading motor's memory at 0x01000000\n");
    uint32_t v = *(volatile uint32_t *)0x01000000u;
    printf("spy: LEAKED 0x%08lx\n", (unsigned long)v);   /* must never print */
    return 0;
}
