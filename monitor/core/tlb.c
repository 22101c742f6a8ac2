/* TLB lockdown of SRT guests (tlb.h, DESIGN.md section 1): each SRT guest
 * has fixed lockable main-TLB slots of its core, chosen by the generator
 * (cfg_guest.tlb_slot, report.txt), locked once when the core starts, so a
 * switch to it never waits for a table walk of its sections and the
 * dispatch path does not re-walk them. */
#include "arch.h"
#include "config.h"
#include "tlb.h"
#include "vcpu.h"

/* Guests whose entries are locked on their core, one bit per guest index. */
static uint32_t locked;

void tlb_lock_guest(const struct cfg_guest *g)
{
    if (!g->n_tlb_lock)
        return;
    /* The walk reads the guest's table under its ASID: run on it for the
     * few instructions of the lock, then return to the monitor's. */
    arch_mmu_switch(g->l1, g->asid, g->dacr);
    for (uint32_t i = 0; i < g->n_tlb_lock; i++)
        arch_tlb_lock_entry(g->tlb_slot + i, g->tlb_lock[i], g->asid);
    arch_mmu_switch(system_config.monitor_l1, 0, system_config.monitor_dacr);
    __atomic_fetch_or(&locked, 1u << (g - system_config.guests), __ATOMIC_RELAXED);
}

void tlb_lock_core(unsigned core)
{
    const struct cfg_core *c = &system_config.cores[core];
    for (uint32_t i = 0; i < c->n_vcpus; i++)
        tlb_lock_guest(&system_config.guests[c->vcpus[i]]);
}

int tlb_locked(const struct cfg_guest *g)
{
    return (__atomic_load_n(&locked, __ATOMIC_RELAXED) >> (g - system_config.guests)) & 1u;
}
