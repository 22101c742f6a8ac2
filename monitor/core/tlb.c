/* TLB lockdown of SRT guests (tlb.h, DESIGN.md section 1): each SRT guest
 * has fixed lockable main-TLB slots of its core, chosen by the generator
 * (cfg_guest.tlb_slot, report.txt). They are locked once, at the guest's
 * first dispatch, and stay: later switches to the guest never wait for a
 * table walk of its sections, and the dispatch path does not re-walk them. */
#include "arch.h"
#include "config.h"
#include "tlb.h"
#include "vcpu.h"

/* Guests whose entries are locked on their core, one bit per guest index. */
static uint32_t locked;

static uint32_t bit(const struct cfg_guest *g)
{
    return 1u << (uint32_t)(g - system_config.guests);
}

void tlb_lock_guest(const struct cfg_guest *g)
{
    for (uint32_t i = 0; i < g->n_tlb_lock; i++)
        arch_tlb_lock_entry(g->tlb_slot + i, g->tlb_lock[i], g->asid);
    __atomic_fetch_or(&locked, bit(g), __ATOMIC_RELAXED);
}

int tlb_locked(const struct cfg_guest *g)
{
    return (__atomic_load_n(&locked, __ATOMIC_RELAXED) & bit(g)) != 0;
}

void tlb_forget(const struct cfg_guest *g)
{
    __atomic_fetch_and(&locked, ~bit(g), __ATOMIC_RELAXED);
}
