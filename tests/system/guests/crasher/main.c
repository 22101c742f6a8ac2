/*
 * crasher: makes the monitor itself fault (build: test_monitor_faults),
 * by the guest's name: "locked" panics while holding the console lock,
 * "overflow" overflows the monitor's SVC stack into its guard page,
 * "refault" faults again inside the panic path.
 */
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

#define HC_TEST_FAULT_OP(name) \
    (name[0] == 'l' ? 1u : name[0] == 'o' ? 2u : 3u)   /* monitor/include/testfault.h */

int main(void)
{
    printf("crasher: %s\n", GUEST_NAME);
    int32_t r = hv_call3(HC_TEST_FAULT, HC_TEST_FAULT_OP(GUEST_NAME), 0, 0);
    printf("crasher: the monitor survived (%ld)\n", (long)r);
    for (;;)
        hv_yield();
}
