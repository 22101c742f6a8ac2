/* bench_b: the partner of bench_a's switch measurement; it only yields. */
#include "hv.h"

int main(void)
{
    for (;;)
        hv_yield();
}
