/* Runs every TEST() linked in and prints "N passed, N failed". */
#include "unit.h"

int unit_failures;

extern const struct unit_test __start_unit_tests[], __stop_unit_tests[];

int main(void)
{
    int passed = 0, failed = 0;
    for (const struct unit_test *t = __start_unit_tests; t < __stop_unit_tests; t++) {
        int before = unit_failures;
        t->fn();
        if (unit_failures == before) {
            passed++;
        } else {
            failed++;
            printf("FAIL %s\n", t->name);
        }
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
