/*
 * badptr: passes console-write pointers that are not its own. Its memory is
 * 0x00100000-0x001fffff (tests/system/badptr.yaml); every call below must
 * return HV_EFAULT and print nothing. A good call must still work. Exits
 * the test with the number of wrong results (0 = all as expected).
 */
#include <stdint.h>
#include <stdio.h>
#include "hv.h"

struct probe {
    const char *what;
    uint32_t ptr;
    uint32_t len;
};

static const struct probe probes[] = {
    {"the monitor's memory",         0x3fc00000u, 16},
    {"another guest's memory",       0x00000000u, 16},
    {"unmapped space",               0x20000000u, 16},
    {"a range that ends outside",    0x001ffff0u, 32},
    {"a range that wraps at 4 GiB",  0x00100000u, 0xffffffffu},
    {"the device space",             0xe0000000u, 4},
};

int main(void)
{
    int wrong = 0;
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        int32_t r = hv_call3(HC_CONSOLE_WRITE, probes[i].ptr, probes[i].len, 0);
        printf("badptr: write from %s -> %ld\n", probes[i].what, (long)r);
        if (r != HV_EFAULT)
            wrong++;
    }
    static const char ok[] = "badptr: a valid write still works\n";
    if (hv_console_write(ok, sizeof ok - 1) != (int32_t)(sizeof ok - 1))
        wrong++;
    if (hv_call3(0x1234u, 0, 0, 0) != HV_ENOSYS)
        wrong++;
    printf("badptr: %d wrong results\n", wrong);
    hv_job_done();                      /* let the other guest show it runs */
    hv_job_done();
    hv_test_exit(wrong);
    return 1;
}
