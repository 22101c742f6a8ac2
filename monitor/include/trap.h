/* Exception entry from guests (vectors.S -> trap.c). */
#ifndef TRAP_H
#define TRAP_H

struct pcpu;
struct trap_frame;

/* Takes the pending interrupts of this core's CPU interface: at most
 * TRAP_IRQ_MAX (trap.c) per call; the rest stay pending for the next. */
void trap_irq(struct pcpu *p);

void trap_entry(struct trap_frame *f, unsigned kind);
void smc_entry_c(struct trap_frame *f);

#endif
