/*
 * deaf: a service guest that never fetches or answers its requests
 * (tests/system/proxy_flood.yaml): whatever its clients queue stays queued.
 */
#include <stdio.h>
#include "hv.h"

int main(void)
{
    printf("deaf: serving nobody\n");
    for (;;)
        hv_yield();
}
