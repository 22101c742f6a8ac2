/*
 * irqs: receives device and virtual interrupts while it is not running.
 * Each job arms the three TTC0 counters to fire 1, 2 and 3 ms later and its
 * virtual timer 4 ms later, then signals job done: `hog` runs while they
 * all arrive. At its next release the monitor must deliver them, none
 * lost, in arrival order: 42, 43, 44 (TTC0, UG585 Table 7-4), then 96 (the
 * virtual timer). After 20 rounds it ends the test.
 *
 * TTC registers: UG585 Appendix B.32 (ttc): clock control 0x00, counter
 * control 0x0C, interval 0x24, interrupt status 0x54, interrupt enable
 * 0x60, each +4 per counter. QEMU's TTC runs at 133 MHz.
 */
#include <stdio.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"

#define TTC(off) (*(volatile uint32_t *)(DEV_TTC0_VA + (off)))
#define CLK_CTRL(i)  TTC(0x00 + 4 * (i))
#define CNT_CTRL(i)  TTC(0x0c + 4 * (i))
#define INTERVAL(i)  TTC(0x24 + 4 * (i))
#define ISR(i)       TTC(0x54 + 4 * (i))
#define IER(i)       TTC(0x60 + 4 * (i))

#define CNT_DISABLE  (1u << 0)
#define CNT_INTERVAL (1u << 1)
#define CNT_RESET    (1u << 4)
#define PRESCALE_10  ((10u << 1) | 1u)     /* 133 MHz / 2^11 = 64.9 kHz */
#define TICKS_PER_MS 65u

static volatile unsigned got[8], n_got;

static void on_virq(unsigned virq)
{
    if (virq >= 42 && virq <= 44) {
        unsigned i = virq - 42;
        CNT_CTRL(i) = CNT_DISABLE;          /* one-shot: stop it */
        (void)ISR(i);                       /* read-to-clear: the line drops */
        hv_virq_ack(virq);
    }
    if (n_got < 8)
        got[n_got] = virq;
    n_got++;
}

int main(void)
{
    if (virq_init(on_virq) != 0)
        hv_test_exit(2);
    printf("irqs: waiting for TTC0 and virtual timer interrupts while not running\n");
    unsigned bad = 0;
    for (unsigned round = 1; round <= 20; round++) {
        n_got = 0;
        for (unsigned i = 0; i < 3; i++) {
            CNT_CTRL(i) = CNT_DISABLE;
            CLK_CTRL(i) = PRESCALE_10;
            INTERVAL(i) = TICKS_PER_MS * (i + 1);
            IER(i) = 1;                     /* interval interrupt */
            (void)ISR(i);
            CNT_CTRL(i) = CNT_INTERVAL | CNT_RESET;
        }
        uint32_t hz;
        uint64_t now = hv_time(&hz);
        hv_vtimer_set(now + (uint64_t)hz * 4 / 1000);
        hv_job_done();                      /* hog runs; everything arrives meanwhile */
        while (n_got < 4)
            ;
        int ok = n_got == 4 && got[0] == 42 && got[1] == 43 && got[2] == 44 && got[3] == 96;
        if (!ok)
            bad++;
        if (round % 5 == 0 || !ok)
            printf("irqs: round %u delivered %u: %u %u %u %u%s\n", round, n_got, got[0],
                   got[1], got[2], got[3], ok ? "" : "  WRONG");
        hv_job_done();
    }
    printf("irqs: %u rounds wrong\n", bad);
    hv_test_exit(bad ? 1 : 0);
    return 1;
}
