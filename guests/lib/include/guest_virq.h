/*
 * Virtual interrupts in a User-mode guest. The monitor delivers each one as
 * an upcall to the handler given to virq_init(), in arrival order, one at a
 * time; the interrupted code resumes when the handler returns. Masking is a
 * store to memory shared with the monitor: no hypercall.
 */
#ifndef GUEST_VIRQ_H
#define GUEST_VIRQ_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {             /* guests/lib is C; C++ guests call it too */
#endif

typedef void (*virq_handler_t)(unsigned virq);
typedef void (*miss_handler_t)(uint32_t missed_release, uint32_t misses);

/* Registers `h` for every virtual interrupt; returns 0 or a HV_E* code. */
int virq_init(virq_handler_t h);

/* Registers `h` to be called at the next dispatch after each deadline miss
 * of this (SRT) guest, with the missed job's release time (low 32 bits of
 * ticks) and the count of misses so far. */
int virq_on_deadline_miss(miss_handler_t h);

void virq_mask(void);
void virq_unmask(void);       /* takes what arrived while masked */

#ifdef __cplusplus
}
#endif

#endif
