/*
 * busfault: its I/O window's device fails every access the monitor makes
 * for it (build: test_bus_error, tests/system/bus_error.yaml). The I/O
 * hypercalls must return HV_EFAULT; then a trapped load must stop it.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

#define WIN IO_TTC1_REGS_VA

int main(void)
{
    int32_t out = hv_call3(HC_IO_OUT, WIN + 0x24, 0x1234, 0);
    register uint32_t r0 __asm__("r0") = HC_IO_IN;
    register uint32_t r1 __asm__("r1") = WIN + 0x24;
    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1) : : "r2", "r3", "memory");
    printf("busfault: io_out -> %ld, io_in -> %ld\n", (long)out, (long)(int32_t)r0);
    uint32_t v = *(volatile uint32_t *)(WIN + 0x24);
    printf("busfault: TRAPPED LOAD RETURNED 0x%08lx\n", (unsigned long)v);
    for (;;)
        hv_job_done();
}
