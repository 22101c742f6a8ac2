/*
 * bench_spin: the NRT load beside bench_jitter. Guest `bench_spin` spins
 * in User mode without a hypercall; guest `bench_hcspin` (the same image)
 * makes null hypercalls back to back, so that a release interrupt usually
 * arrives while the monitor, which runs with IRQs masked, is busy.
 */
#include <string.h>
#include "guest_config.h"
#include "hv.h"

int main(void)
{
    if (strcmp(GUEST_NAME, "bench_hcspin") == 0)
        for (;;)
            hv_null();
    for (;;)
        __asm__ volatile("" ::: "memory");
}
