/*
 * server: the service guest of proxied I/O. A virtual interrupt tells it
 * requests are queued; it fetches each one (read io), serves it from a
 * 16-register device model and answers (write io).
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_virq.h"
#include "hv.h"

static uint32_t regs[16];
static volatile unsigned kicks;

static void on_virq(unsigned virq)
{
    if (virq == 97)                     /* CFG_VIRQ_IO_REQUEST */
        kicks++;
}

int main(void)
{
    virq_init(on_virq);
    printf("server: serving proxied I/O\n");
    unsigned served = 0;
    for (;;) {
        struct io_request rq;
        while (hv_call3(HC_IO_FETCH, (uint32_t)&rq, 0, 0) == 1) {
            uint32_t i = (rq.offset / 4u) % 16u, value = 0;
            if (rq.write) {
                regs[i] = rq.value;
            } else {
                value = regs[i] + i;
                value >>= 8u * (rq.offset % 4u);
            }
            hv_call3(HC_IO_REPLY, rq.id, value, 0);
            if (++served % 11 == 0)
                printf("server: %u requests served\n", served);
        }
        hv_yield();
    }
}
