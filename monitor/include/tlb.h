/* TLB lockdown of SRT guests' sections (DESIGN.md section 1; tlb.c). */
#ifndef TLB_H
#define TLB_H

#include "config.h"

/* Locks the guest's entries into its fixed slots (Cortex-A9 TRM 4.3.15).
 * The guest's table and ASID must be current, on the guest's core: the
 * dispatch path calls it once, at the guest's first dispatch. */
void tlb_lock_guest(const struct cfg_guest *g);

/* 1 once the guest's entries have been locked. */
int tlb_locked(const struct cfg_guest *g);

/* For whoever invalidates the guest's ASID or changes its table (a
 * restart): the next dispatch locks its entries again. */
void tlb_forget(const struct cfg_guest *g);

#endif
