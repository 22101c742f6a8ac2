/* crash: takes one exception the monitor must contain, chosen by the
 * guest's name: "undef*" an undefined instruction, else a prefetch abort
 * (a branch to an address it has not mapped). */
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

int main(void)
{
    printf("crash: %s\n", GUEST_NAME);
    if (GUEST_NAME[0] == 'u')
        __asm__ volatile(".word 0xe7f000f0");      /* UDF #0 */
    void (*nowhere)(void) = (void (*)(void))0x30000000u;
    nowhere();
    printf("crash: STILL RUNNING\n");
    for (;;)
        hv_yield();
}
