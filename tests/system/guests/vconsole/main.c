/*
 * vconsole: talks through its own emulated UART (a device model in the
 * monitor), not through a console hypercall: output goes to the console
 * with its prefix; input typed at the console comes in with a virtual
 * interrupt. It echoes one line and ends the test.
 */
#include <stdint.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"

#define UART(off) (*(volatile uint32_t *)(VUART_VA + (off)))
#define SR_RXEMPTY (1u << 1)

static volatile unsigned rx_irqs;

static void on_virq(unsigned virq)
{
    if (virq == 99)                     /* CFG_VIRQ_VUART_RX */
        rx_irqs++;
}

static void puts_uart(const char *s)
{
    while (*s)
        UART(0x30) = (uint8_t)*s++;
}

int main(void)
{
    virq_init(on_virq);
    puts_uart("vconsole: type a line\n");
    char line[64];
    unsigned n = 0;
    for (;;) {
        if (UART(0x2c) & SR_RXEMPTY) {
            hv_yield();
            continue;
        }
        char c = (char)UART(0x30);
        if (c == '\n' || c == '\r' || n == sizeof line - 1)
            break;
        line[n++] = c;
    }
    line[n] = 0;
    puts_uart("vconsole: got '");
    puts_uart(line);
    puts_uart("'\n");
    hv_test_exit(rx_irqs ? 0 : 1);
    return 1;
}
