/* main.c - minibench driver: runs each kernel MB_ITERATIONS times, checks
 * the C and ARM CRC agree, reports rates through the port layer's ticks. */
#include "minibench.h"

static int check_crc()          /* (old-style declaration, as upstream has it) */
{
    mb_u32 v = 0x12345678u, i;
    mb_u16 a = 0xffff, b = 0xffff;
    for (i = 0; i < 100; i++, v = v * 2654435761u + 1u) {
        a = mb_crc16(a, v);
        b = mb_crc16_arm(b, v);
    }
    return a == b;
}

int main(argc, argv)            /* K&R definition, as some old benchmarks keep */
    int argc;
    char **argv;
{
    static const struct { const char *name; mb_u16 (*run)(mb_u32); } kernels[] = {
        {"list", mb_list_run}, {"matrix", mb_matrix_run}, {"state", mb_state_run},
    };
    unsigned k;
    int ok;
    mb_port_init();
    ok = check_crc();
    for (k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
        mb_u32 i, t0 = mb_port_ticks(), t1;
        mb_u16 crc = 0;
        for (i = 0; i < MB_ITERATIONS; i++)
            crc = mb_crc16(crc, kernels[k].run(i));
        t1 = mb_port_ticks();
        mb_report(kernels[k].name, MB_ITERATIONS, t1 - t0, mb_port_ticks_per_sec(), crc);
    }
    mb_port_done(ok);
    return ok ? 0 : 1;
}
