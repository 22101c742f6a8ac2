/* TLB lockdown of an SRT guest's sections at dispatch (DESIGN.md section 1). */
#ifndef TLB_H
#define TLB_H

#include "config.h"

/* Locks the guest's tlb_lock entries into the main TLB (Cortex-A9 TRM
 * 4.2.23: c10 lockdown register, then a table walk of each address). */
void tlb_lock_guest(const struct cfg_guest *g);

#endif
