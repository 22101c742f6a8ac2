/*
 * Support for an HRT guest, which runs at PL1 on a core of its own with its
 * own vector table (crt0_hrt.S). Its interrupts come straight to it: the
 * guest defines hrt_irq_handler(), called in IRQ mode for every interrupt.
 */
#ifndef HRT_H
#define HRT_H

void hrt_irq_handler(void);

static inline void hrt_irq_enable(void) { __asm__ volatile("cpsie i" ::: "memory"); }
static inline void hrt_irq_disable(void) { __asm__ volatile("cpsid i" ::: "memory"); }
static inline void hrt_wait_for_interrupt(void) { __asm__ volatile("dsb\n\twfi" ::: "memory"); }

#endif
