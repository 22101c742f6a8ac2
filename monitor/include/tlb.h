/* TLB lockdown of SRT guests' sections (DESIGN.md section 1; tlb.c). */
#ifndef TLB_H
#define TLB_H

#include "config.h"

/* Locks every SRT guest of `core` into its fixed slots; once, at boot,
 * on that core, before its first dispatch. */
void tlb_lock_core(unsigned core);

/* (Re)locks one guest's entries in its slots (Cortex-A9 TRM 4.3.15): the
 * boot path, and whoever invalidated its ASID (a restart). Calling core
 * must be the guest's. */
void tlb_lock_guest(const struct cfg_guest *g);

/* 1 if the guest's entries have been locked. */
int tlb_locked(const struct cfg_guest *g);

#endif
