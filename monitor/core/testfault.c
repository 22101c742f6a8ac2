/* Faults of the monitor on demand (testfault.h), test images only. */
#include "abi/hypercall.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "testfault.h"

static volatile int fault_in_panic;

/* Each level keeps a frame the compiler cannot drop; bounded, in case
 * nothing stops it (a monitor without guard pages). */
__attribute__((noinline)) static uint32_t recurse(volatile uint32_t depth)
{
    volatile uint32_t pad[64];
    pad[0] = depth;
    if (depth >= 1000000u)
        return pad[0];
    return recurse(depth + 1u) + pad[0];
}

int32_t testfault_call(uint32_t op)
{
    if (!(system_config.flags & CFG_FLAG_TEST_FAULTS))
        return HV_ENOSYS;
    switch (op) {
    case TESTFAULT_PANIC_LOCKED:
        console_test_hold_lock();
        PANIC("test: panic with the console lock held");
    case TESTFAULT_STACK:
        mon_printf("test: overflowing the SVC stack of this core");
        return (int32_t)recurse(0);
    case TESTFAULT_PANIC_FAULT:
        fault_in_panic = 1;
        PANIC("test: a fault follows inside the panic path");
    default:
        return HV_EINVAL;
    }
}

void testfault_in_panic(void)
{
    if (fault_in_panic)
        __asm__ volatile(".word 0xe7f000f0");   /* UDF #0: undefined (ARM ARM A8.8.247) */
}
