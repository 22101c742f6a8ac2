/* Exception entry from guests (vectors.S -> trap.c). */
#ifndef TRAP_H
#define TRAP_H

struct pcpu;
struct trap_frame;

/* Takes every pending interrupt of this core's CPU interface. */
void trap_irq(struct pcpu *p);

void trap_entry(struct trap_frame *f, unsigned kind);
void smc_entry_c(struct trap_frame *f);

#endif
