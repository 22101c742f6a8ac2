/*
 * bench_io: one 32-bit device register read, three ways (bench_io.yaml,
 * NRT alone on core 0, core 1 idle in WFI):
 *   io_direct   SPI0's config register (0x00) through the passthrough
 *               mapping: a plain load;
 *   io_trap     UART1's status register (0x2c) through the sub-page `io`
 *               window on the mediated UART1: the load takes a translation
 *               fault; the monitor decodes the instruction, finds the
 *               window, reads the register, writes the destination
 *               register and resumes after the instruction;
 *   io_hcall    the same register through HC_IO_IN (svc).
 * Each sample = PMCCNTR after - PMCCNTR before one access; bench.py
 * subtracts the two reads' own cost (`empty` of bench_a).
 */
#include <stdint.h>
#include "guest_config.h"
#include "hv.h"
#include "../bench_lib/bench.h"

#define SAMPLES 501

static int32_t samples[SAMPLES];
static volatile uint32_t sink;

int main(void)
{
    bench_begin();                  /* for `make profile` */
    volatile uint32_t *direct = (volatile uint32_t *)(DEV_SPI0_VA + 0x00u);
    volatile uint32_t *trapped = (volatile uint32_t *)IO_UART1_SR_VA;

    for (int i = 0; i < SAMPLES; i++) {
        uint32_t t0 = bench_ccnt();
        uint32_t v = *direct;
        uint32_t t1 = bench_ccnt();
        sink = v;
        samples[i] = (int32_t)(t1 - t0);
    }
    bench_report("io_direct", samples, SAMPLES);

    for (int i = 0; i < SAMPLES; i++) {
        uint32_t t0 = bench_ccnt();
        uint32_t v = *trapped;
        uint32_t t1 = bench_ccnt();
        sink = v;
        samples[i] = (int32_t)(t1 - t0);
    }
    bench_report("io_trap", samples, SAMPLES);

    uint32_t via_trap = *trapped, via_hcall = 0;
    for (int i = 0; i < SAMPLES; i++)
        samples[i] = (int32_t)bench_svc_timed(HC_IO_IN, IO_UART1_SR_VA, &via_hcall);
    bench_report("io_hcall", samples, SAMPLES);

    if (via_trap != via_hcall) {
        printf("UART1 SR: 0x%08lx by the trap, 0x%08lx by the hypercall\n",
               (unsigned long)via_trap, (unsigned long)via_hcall);
        hv_test_exit(2);
    }
    hv_test_exit(0);
    return 1;
}
