/*
 * bench_virq: latency of a virtual interrupt through the monitor, for a
 * User-mode guest (SRT in bench_virq_srt.yaml, NRT in bench_virq_nrt.yaml;
 * alone on core 0, core 1 idle in WFI). The handler given to virq_init()
 * reads PMCCNTR as its FIRST STATEMENT; two sources:
 *
 *   virq_*    its one-shot virtual timer (vIRQ 96), armed DELAY ticks
 *             ahead while bench.h's loop stores PMCCNTR into `last`;
 *             sample = handler's value - the loop's last stored value. The
 *             path: the private-timer IRQ taken by the monitor (vectors.S,
 *             GIC acknowledge, timer acknowledge, EOI), the full scheduling
 *             pass of sched_resume() (time, EDF update, virtual timers,
 *             pick, timer reprogramming), the upcall set-up, the exception
 *             return, guests/lib's virq_upcall/virq_dispatch and the
 *             handler's prologue; plus at least 2 instructions of the loop.
 *   devirq_*  UART1's interrupt (ID 82, passed through with the device):
 *             the guest reads PMCCNTR, stores it in `last` and, in the next
 *             instruction, enables UART1's TX-FIFO-empty interrupt, which
 *             is pending at once (the FIFO is empty); sample = handler's
 *             value - that read (at least 3: read, store, store).
 *             The path: the IRQ taken by the monitor, GIC acknowledge, the
 *             distributor masking of the level-triggered line, the vIRQ
 *             queued for the running guest, no scheduling pass, the upcall,
 *             the exception return and the same trampoline. The handler
 *             then masks the UART's interrupt, clears it and acknowledges
 *             the vIRQ (HC_VIRQ_ACK re-enables the line).
 *
 * UART registers (UG585 B.33): IER 0x08, IDR 0x0c, ISR 0x14 (write 1 to
 * clear); TEMPTY = bit 3.
 */
#include <stdint.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"
#include "../bench_lib/bench.h"

#define VIRQ_VTIMER 96u             /* CFG_VIRQ_VTIMER, monitor/include/config.h */
#define VIRQ_UART1  DEV_UART1_IRQ0  /* 82 */
#define DELAY_TICKS 500u            /* 5 us: 5000 instructions under shift=0 */
#define SAMPLES     501

#define UART(off)     (*(volatile uint32_t *)(DEV_UART1_VA + (off)))
#define UART_IER      0x08u
#define UART_IDR      0x0cu
#define UART_ISR      0x14u
#define UART_TEMPTY   (1u << 3)

static volatile uint32_t last, fired, expect;
static volatile unsigned n;
static int32_t samples[SAMPLES];

static void on_virq(unsigned virq)
{
    uint32_t now = bench_ccnt();            /* first statement */
    if (virq == VIRQ_UART1) {
        UART(UART_IDR) = UART_TEMPTY;
        UART(UART_ISR) = UART_TEMPTY;
        hv_virq_ack(virq);
    }
    if (virq == expect && !fired) {
        samples[n] = (int32_t)(now - last);
        n = n + 1;
        fired = 1;
    }
}

int main(void)
{
    bench_begin();                  /* for `make profile` */
    virq_init(on_virq);

    expect = VIRQ_VTIMER;
    n = 0;
    while (n < SAMPLES) {
        fired = 0;
        /* + 0..6 ticks, so that the interrupt meets the loop at every phase */
        hv_vtimer_set(hv_time(0) + DELAY_TICKS + n % 7u);
        bench_stamp_until(&last, &fired);
    }
    bench_report(GUEST_LEVEL_SRT ? "virq_srt" : "virq_nrt", samples, SAMPLES);

    expect = VIRQ_UART1;
    UART(UART_IDR) = 0xffffffffu;
    UART(UART_ISR) = 0xffffffffu;
    n = 0;
    while (n < SAMPLES) {
        fired = 0;
        uint32_t t;
        /* read, store the stamp, then the store that raises the interrupt:
         * a free interrupt would give a sample of 3 */
        __asm__ volatile("mrc     p15, 0, %0, c9, c13, 0\n"
                         "    str     %0, [%1]\n"
                         "    str     %2, [%3]"
                         : "=&r"(t)
                         : "r"(&last), "r"(UART_TEMPTY), "r"(&UART(UART_IER))
                         : "memory");
        while (!fired)
            ;
    }
    bench_report(GUEST_LEVEL_SRT ? "devirq_srt" : "devirq_nrt", samples, SAMPLES);

    hv_test_exit(0);
    return 1;
}
