/* Host stand-ins for the platform under the cross-core protocols
 * (tests/tsan/shims.c): two "cores" are two threads. */
#ifndef TSAN_SHIMS_H
#define TSAN_SHIMS_H

#include <stdint.h>
#include "vcpu.h"

#define G_CLIENT  0
#define G_SERVICE 1
#define G_HRT     2
#define G_COUNT   3

extern struct pcpu tsan_pcpu0;             /* core 0: runs the client */

/* The SGI a core has pending: the shims set and take it with relaxed
 * atomics, so it orders nothing (only the DSB/DMB the code issues do, and
 * those are the code's release/acquire operations here). */
void shim_kick(unsigned core, uint32_t sgi);
uint32_t shim_take_kicks(unsigned core);       /* 0 if none pending */
void shim_wait_kick(unsigned core);            /* "WFI" until one is pending, then takes them */

/* The console UART: bytes sent, and whether its interrupt is asked for. */
extern char shim_uart_out[1 << 18];
extern uint32_t shim_uart_len;
int shim_tx_irq_on(void);
void shim_uart_drain(void);                    /* the FIFO empties (the UART sent it) */

/* Lets the other thread run (yield.c: libc's sched_yield, whose name the
 * monitor's scheduler also uses). */
void host_yield(void);

#endif
