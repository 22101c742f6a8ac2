/*
 * Console output on the Cadence UART the monitor owns (UG585 ch. 19,
 * Appendix B.33). Its reset configuration (115200 8N1, TX enabled) is used
 * as it is; QEMU needs no set-up either (shared/QEMU-ZYNQ.md section 3).
 */
#include "config.h"
#include "plat.h"
#include "mmio.h"

#define UART_SR       0x2cu        /* Channel_sts_reg0 */
#define UART_FIFO     0x30u        /* TX_RX_FIFO0 */
#define UART_SR_TFUL  (1u << 4)    /* TX FIFO full */

void plat_console_putc(char c)
{
    uint32_t base = system_config.console_uart;
    while (mmio_read(base + UART_SR) & UART_SR_TFUL)
        ;
    mmio_write(base + UART_FIFO, (uint8_t)c);
}
