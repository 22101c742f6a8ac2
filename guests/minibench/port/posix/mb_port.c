/* port/posix/mb_port.c - minibench on a POSIX-like C library */
#include <stdio.h>
#include <time.h>
#include "minibench.h"

mb_u32 mb_port_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (mb_u32)ts.tv_sec * 1000000u + (mb_u32)(ts.tv_nsec / 1000);
}

mb_u32 mb_port_ticks_per_sec(void) { return 1000000u; }

void mb_port_init(void)
{
    printf("minibench: %d iterations, list %d, matrix %dx%d\n", MB_ITERATIONS, MB_LIST_SIZE,
           MB_MATRIX_N, MB_MATRIX_N);
}

void mb_port_done(int ok)
{
    printf("minibench: %s\n", ok ? "crc self-check passed" : "CRC SELF-CHECK FAILED");
}
