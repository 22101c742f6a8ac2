/*
 * rtgreedy: an SRT attacker on admission. Its system.yaml limits are
 * permissive (min_period 5us), so it asks HC_SET_RT for parameters whose
 * budgets alone fit next to the other SRT guest of its core but that the
 * monitor's own cost per job does not: 60 us every 100 us (density 0.6,
 * 0.74 with the monitor's cost), then 3 us every 5 us (a release every
 * 5 us, each costing the monitor more than that). It prints both results,
 * then never signals job done: it takes every microsecond it is given.
 */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    int32_t a = hv_set_rt(100, 60, 100);
    int32_t b = hv_set_rt(5, 3, 5);
    printf("rtgreedy: set_rt(100us, 60us, 100us) -> %ld, set_rt(5us, 3us, 5us) -> %ld\n",
           (long)a, (long)b);
    for (;;)
        ;
}
