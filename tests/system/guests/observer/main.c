/*
 * observer: a guest that system.yaml allows to read every guest's state
 * (`info: true`); it prints the table once, after the others ran a while.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

int main(void)
{
    uint32_t hz;
    uint64_t start = hv_time(&hz);
    while (hv_time(0) - start < hz / 2)
        hv_yield();
    struct guest_info info[8];
    int32_t n = hv_call3(HC_INFO, (uint32_t)info, 8, 0);
    printf("observer: %ld guests\n", (long)n);
    static const char *const level[] = {"HRT", "SRT", "NRT"};
    for (int32_t i = 0; i < n; i++)
        printf("observer: %s %s core %u %s jobs %u misses %u faults %u\n", info[i].name,
               level[info[i].level % 3], info[i].core, info[i].state ? "stopped" : "running",
               info[i].jobs, info[i].misses, info[i].faults);
#ifdef CHANNEL_NOISE_VA
    printf("observer: channel noise holds 0x%08lx\n",
           (unsigned long)*(const volatile uint32_t *)CHANNEL_NOISE_VA);
#endif
    for (;;)
        hv_yield();
}
