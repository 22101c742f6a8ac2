/*
 * Cache maintenance for a Non-secure guest's restart (nsworld.c).
 */
#include "arch.h"
#include "cp15.h"

CP15_ACCESSORS(dccisw, 0, c7, c14, 2)

/* Cleans and invalidates the L1 data cache by set/way (ARM ARM B2.2.7;
 * from the Secure state, set/way operations apply to lines of both security
 * states, B2.2.4), so that the copy of a restarted guest's image reaches
 * memory and no dirty line of its previous run is evicted onto it. A no-op
 * under QEMU, which has no caches. The outer PL310 is the board code's. */
void arch_dcache_clean_inv_all(void)
{
    dsb();
    cp15_write_csselr(0);
    isb();
    uint32_t ccsidr = cp15_read_ccsidr();
    uint32_t line_shift = (ccsidr & 7u) + 4u;
    uint32_t ways = ((ccsidr >> 3) & 0x3ffu) + 1u;
    uint32_t sets = ((ccsidr >> 13) & 0x7fffu) + 1u;
    uint32_t way_shift = ways == 1u ? 0u : (uint32_t)__builtin_clz(ways - 1u);
    for (uint32_t w = 0; w < ways; w++)
        for (uint32_t s = 0; s < sets; s++)
            cp15_write_dccisw((w << way_shift) | (s << line_shift));
    dsb();
}

/* Masks FIQ in the current (Secure, privileged) mode. An SVC or abort
 * exception leaves CPSR.F as it was (ARM ARM B1.8.3); the monitor's entries
 * mask it (vectors.S USER_FRAME), and this keeps the world switch safe
 * whatever path reaches it: Group 0 comes as FIQ from the moment the CPU
 * interface is set for the Non-secure guest until the exception return. */
void arch_fiq_mask(void)
{
    __asm__ volatile("cpsid f" ::: "memory");
}
