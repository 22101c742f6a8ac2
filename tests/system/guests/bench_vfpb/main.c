/* bench_vfpb: bench_vfpa's partner: uses the VFP, then yields straight back. */
#include "hv.h"

int main(void)
{
    for (;;) {
        __asm__ volatile("vmov.f64 d1, d0" : : : "d1");
        hv_yield();
    }
}
