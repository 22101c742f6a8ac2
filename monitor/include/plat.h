/*
 * The board interface (implemented in monitor/platform/zynq7000/). Every
 * address comes from the generated system_config.
 */
#ifndef PLAT_H
#define PLAT_H

#include <stdint.h>

#define IRQ_SPURIOUS 1023u
#define IRQ_FIRST_SPECIAL 1020u    /* 1020-1023: no interrupt acknowledged */

/* The console UART. Output is interrupt-driven: the monitor puts bytes
 * into the transmit FIFO while it has room and asks for an interrupt when
 * it has emptied. */
void plat_console_init(void);
int plat_console_tx_full(void);
void plat_console_tx(char c);                   /* the FIFO must have room */
void plat_console_tx_irq(int on);               /* interrupt when the FIFO empties */
void plat_console_rx_enable(void);              /* interrupt on each received byte */
int plat_console_getc(char *c);                 /* 1 and a byte, or 0 if none */
void plat_console_irq_ack(void);

/* GIC: distributor set-up from the generated lists, CPU interface per core. */
void plat_gic_init_distributor(void);           /* core 0, once */
void plat_gic_init_cpu(unsigned core);          /* every core: banked state + CPU interface */
uint32_t plat_gic_ack(void);                    /* interrupt ID, or IRQ_SPURIOUS */
void plat_gic_eoi(uint32_t iar);
void plat_gic_disable(uint32_t irq);
void plat_gic_enable(uint32_t irq);
void plat_gic_send_sgi(unsigned core, uint32_t sgi);

/* The scheduling timer of the calling core: its private timer, or the
 * global timer's comparator (banked per core) where `global` says so
 * (cfg_core.sched_timer == SCHED_TIMER_GLOBAL; the caller keeps it, so
 * that no table is looked up on the path). */
void plat_ptimer_oneshot(uint32_t ticks);      /* private: one interrupt `ticks` from now */
void plat_gtimer_at(uint64_t at);              /* global: one interrupt at counter value `at` */
void plat_timer_stop(int global);
void plat_timer_ack(int global);

/* Monotonic time of the board (the global timer), in the same ticks. */
void plat_time_init(void);                      /* core 0, once */
uint64_t plat_time_now(void);
/* Returns at the first reading of the time >= t; t within 2^31 ticks of now. */
void plat_time_wait_until(uint64_t t);

/* Soft reset of the whole board (on_all_stopped: reset); never returns. */
__attribute__((noreturn)) void plat_system_reset(void);

/* Non-secure guests (nsplat.c). */
void plat_uart_enable(uint32_t base);            /* a guest's Cadence UART: TX and RX on */
void plat_gic_ns_run(uint32_t grp1);             /* CPU interface while the NS guest runs */
void plat_gic_ns_quiesce(unsigned core);         /* ends the NS guest's active interrupt here */
void plat_gic_pend(uint32_t irq);                /* GICD_ISPENDR: a software doorbell */
uint32_t plat_gic_secure_run(void);              /* ... while the Secure side runs; returns
                                                  * the NS guest's EnableGrp1 */
/* Board bring-up (cache.c of the platform; docs/monitor.md). */
void plat_cache_init(void);                     /* core 0, MMU off: SCU, then the L2 */
void plat_l2_clean_range(uint32_t pa, uint32_t size);   /* outer clean by PA, if on */
void plat_l2_inv_range(uint32_t pa, uint32_t size);     /* outer invalidate by PA, if on */
void plat_l2_sync(void);                        /* waits for outer operations */

/* The TrustZone partition (tz.c): core 0, MMU off, before core 1 is
 * released and before any Non-secure entry; stops a board image whose
 * partition did not stick. */
void plat_tz_program(void);

#endif
