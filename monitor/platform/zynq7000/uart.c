/*
 * Console output on the Cadence UART the monitor owns (UG585 ch. 19,
 * Appendix B.33). The baud rate is left as the first-stage boot loader set
 * it (QEMU ignores it). The transmitter must be enabled: QEMU 10.0.2 resets
 * the control register to 0x28 (TX and RX disabled) and then drops every
 * byte, although shared/QEMU-ZYNQ.md section 3 measured 0x14.
 */
#include "config.h"
#include "plat.h"
#include "mmio.h"

#define UART_CR       0x00u        /* Control_reg0 */
#define UART_CR_RXEN  (1u << 2)
#define UART_CR_TXEN  (1u << 4)
#define UART_IER      0x08u        /* Intrpt_en_reg0 */
#define UART_IDR      0x0cu        /* Intrpt_dis_reg0 */
#define UART_ISR      0x14u        /* Chnl_int_sts_reg0, write 1 to clear */
#define UART_RXWM     0x20u        /* Rcvr_FIFO_trigger_level0 */
#define UART_RXTRIG   (1u << 0)    /* interrupt bits (IER, IDR, ISR) */
#define UART_TEMPTY   (1u << 3)
#define UART_SR       0x2cu        /* Channel_sts_reg0 */
#define UART_SR_REMPTY (1u << 1)
#define UART_FIFO     0x30u        /* TX_RX_FIFO0 */
#define UART_SR_TFUL  (1u << 4)    /* TX FIFO full */

void plat_console_init(void)
{
    mmio_write(system_config.console_uart + UART_CR, UART_CR_TXEN | UART_CR_RXEN);
}

int plat_console_tx_full(void)
{
    return (mmio_read(system_config.console_uart + UART_SR) & UART_SR_TFUL) != 0;
}

void plat_console_tx(char c)
{
    mmio_write(system_config.console_uart + UART_FIFO, (uint8_t)c);
}

void plat_console_tx_irq(int on)
{
    mmio_write(system_config.console_uart + (on ? UART_IER : UART_IDR), UART_TEMPTY);
}

void plat_console_rx_enable(void)
{
    uint32_t base = system_config.console_uart;
    mmio_write(base + UART_RXWM, 1);
    mmio_write(base + UART_ISR, 0xffffffffu);
    mmio_write(base + UART_IER, UART_RXTRIG);
}

int plat_console_getc(char *c)
{
    uint32_t base = system_config.console_uart;
    if (mmio_read(base + UART_SR) & UART_SR_REMPTY)
        return 0;
    *c = (char)mmio_read(base + UART_FIFO);
    return 1;
}

void plat_console_irq_ack(void)
{
    mmio_write(system_config.console_uart + UART_ISR, UART_RXTRIG | UART_TEMPTY);
}
