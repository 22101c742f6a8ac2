/*
 * client: uses a device that a service guest implements (proxied I/O, as
 * OVM's I/O through a host OS). Its window `regs` (tests/system/proxy.yaml)
 * is not mapped: each access traps, becomes a request for `server`, and a
 * read waits for the answer. The server's device keeps 16 registers and
 * answers a read with the register's value plus its index.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"

static volatile unsigned done_irqs;

static void on_virq(unsigned virq)
{
    if (virq == 98)                     /* CFG_VIRQ_IO_DONE */
        done_irqs++;
}

int main(void)
{
    volatile uint32_t *regs = (volatile uint32_t *)PROXY_REGS_VA;
    virq_init(on_virq);
    printf("client: proxied device at 0x%08lx\n", (unsigned long)PROXY_REGS_VA);
    unsigned wrong = 0;
    for (uint32_t i = 0; i < 16; i++)
        regs[i] = 1000u * i;                          /* posted writes */
    for (uint32_t i = 0; i < 16; i++) {
        uint32_t v = regs[i];                         /* waits for the server */
        if (v != 1000u * i + i)
            wrong++;
    }
    uint8_t b = *(volatile uint8_t *)(PROXY_REGS_VA + 8);   /* a byte read: low byte of reg 2 */
    if (b != (uint8_t)(2000u + 2u))
        wrong++;
    printf("client: 17 reads answered, %u wrong, %u completion interrupts\n", wrong, done_irqs);
    hv_test_exit(wrong == 0 && done_irqs > 0 ? 0 : 1);
    return 1;
}
