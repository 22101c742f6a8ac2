/*
 * mmio: reaches TTC1's registers three ways: through a sub-page I/O window
 * that the monitor emulates (trap, decode, translate, access, resume), and
 * through the explicit I/O hypercalls. The window is `ttc1_regs` in
 * tests/system/io.yaml: guest 0x40000000 -> TTC1 + 0x00, 0x30 bytes (clock
 * control, counter control, counter value, interval registers), read/write.
 * Every ARM load/store form is used; results are checked against the
 * hypercall path. Finally an access just outside the window must stop the
 * guest (the test reads the monitor's report).
 *
 * TTC registers: UG585 Appendix B.32: clock control 0x00 (bits 6:0
 * writable), interval 0x24 (16 bits).
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

#define WIN IO_TTC1_REGS_VA

static unsigned wrong;

static void expect(const char *what, uint32_t got, uint32_t want)
{
    if (got != want) {
        printf("mmio: %s: got 0x%08lx, want 0x%08lx\n", what, (unsigned long)got,
               (unsigned long)want);
        wrong++;
    }
}

static uint32_t hc_in(uint32_t addr)
{
    register uint32_t r0 __asm__("r0") = HC_IO_IN;
    register uint32_t r1 __asm__("r1") = addr;
    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1) : : "r2", "r3", "memory");
    if ((int32_t)r0 != 0)
        wrong++;
    return r1;
}

int main(void)
{
    volatile uint32_t *win = (volatile uint32_t *)WIN;
    printf("mmio: TTC1 registers through a trapped window at 0x%08lx\n", (unsigned long)WIN);

    /* STR/LDR immediate offset */
    win[0x24 / 4] = 0x1234;                           /* interval 1 */
    expect("ldr interval", win[0x24 / 4], 0x1234);
    expect("hypercall in", hc_in(WIN + 0x24), 0x1234);

    /* explicit output, trapped input */
    if (hv_call3(HC_IO_OUT, WIN + 0x28, 0xbeef, 0) != 0)
        wrong++;
    expect("ldr after hypercall out", win[0x28 / 4], 0xbeef);

    /* byte and halfword forms, sign extension, register offset,
     * pre-indexed with writeback and post-indexed */
    uint32_t base = WIN + 0x24, out;
    __asm__ volatile("mov r4, #0x7f\n\tstrb r4, [%1]\n\tldrb %0, [%1]"
                     : "=&r"(out) : "r"(base) : "r4", "memory");
    expect("strb/ldrb", out, 0x7f);
    __asm__ volatile("movw r4, #0x8001\n\tstrh r4, [%1]\n\tldrsh %0, [%1]"
                     : "=&r"(out) : "r"(base) : "r4", "memory");
    expect("strh/ldrsh", out, 0xffff8001u);
    __asm__ volatile("ldrh %0, [%1]" : "=r"(out) : "r"(base) : "memory");
    expect("ldrh", out, 0x8001);
    uint32_t idx = 4;
    __asm__ volatile("ldr %0, [%1, %2]" : "=r"(out) : "r"(base), "r"(idx) : "memory");
    expect("ldr register offset", out, 0xbeef);
    uint32_t b = WIN + 0x20;
    __asm__ volatile("ldr %0, [%1, #4]!" : "=r"(out), "+r"(b) : : "memory");
    expect("ldr pre-indexed", out, 0x8001);
    expect("pre-indexed writeback", b, WIN + 0x24);
    __asm__ volatile("ldr %0, [%1], #4" : "=r"(out), "+r"(b) : : "memory");
    expect("ldr post-indexed", out, 0x8001);
    expect("post-indexed writeback", b, WIN + 0x28);
    __asm__ volatile("mov r4, #0x5a\n\tstr r4, [%0], #-4" : "+r"(b) : : "r4", "memory");
    expect("str post-indexed writeback", b, WIN + 0x24);
    expect("str post-indexed value", hc_in(WIN + 0x28), 0x5a);

    printf("mmio: %u wrong results\n", wrong);
    if (wrong)
        hv_test_exit(1);
    printf("mmio: now reading just past the window\n");
    (void)win[0x30 / 4];                              /* must stop this guest */
    printf("mmio: READ PAST THE WINDOW\n");
    hv_test_exit(3);
    return 1;
}
