/* TLB lockdown of SRT guests at dispatch (tlb.h, DESIGN.md section 1):
 * a switch to an SRT guest then never waits for a table walk. */
#include "arch.h"
#include "tlb.h"

void tlb_lock_guest(const struct cfg_guest *g)
{
    arch_tlb_lock(g->tlb_lock, g->n_tlb_lock);
}
