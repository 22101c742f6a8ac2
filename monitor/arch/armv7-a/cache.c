/*
 * Cache maintenance for what another observer reads behind the caches: a
 * core that still runs with its MMU off (the boot gate), and instruction
 * fetches and table walks of code and tables the monitor has just written
 * (guest images at boot and at a restart). QEMU has no caches, so none of
 * this changes what runs there; on silicon it is what makes the writes
 * visible.
 *
 * The Zynq's Cortex-A9 L1 data cache is the only inner cache; the PL310 L2
 * behind it is an outer cache that CP15 operations do not reach (ARM ARM
 * B2.2.1, "Cache behaviour"; PL310 TRM r3p2 2.4), so a clean to the point of
 * coherency is an L1 clean by MVA followed by an L2 clean by PA.
 */
#include "arch.h"
#include "cp15.h"
#include "plat.h"

#define SCTLR_M (1u << 0)
#define PAR_F   (1u << 0)
#define PAGE    0x1000u

/* Bytes of the smallest data cache line of the inner caches (CTR.DminLine
 * is its log2 in words, ARM ARM B4.1.42). */
static uint32_t dcache_line(void)
{
    return 4u << ((cp15_read_ctr() >> 16) & 0xfu);
}

uint32_t arch_va_to_pa(const volatile void *va)
{
    uint32_t a = (uint32_t)va;
    if (!(cp15_read_sctlr() & SCTLR_M))
        return a;                       /* MMU off: flat */
    /* ATS1CPR: the stage 1 PL1 read translation of the current table
     * (ARM ARM B4.2.4); the ISB makes PAR hold its result. */
    cp15_write_ats1cpr(a & ~(PAGE - 1u));
    isb();
    uint32_t par = cp15_read_par();
    if (par & PAR_F)
        return ~0u;
    return (par & ~(PAGE - 1u)) | (a & (PAGE - 1u));
}

void arch_clean_to_poc(const volatile void *va, uint32_t size)
{
    if (!size)
        return;
    uint32_t line = dcache_line();
    uint32_t start = (uint32_t)va & ~(line - 1u);
    uint32_t end = (uint32_t)va + size;
    /* DCCMVAC: clean the L1 line to the point of coherency (ARM ARM
     * B4.2.1); the DSB completes the cleans before the L2 is told
     * (ARM ARM A3.8.3: maintenance completes only at a DSB). */
    for (uint32_t a = start; a < end; a += line)
        cp15_write_dccmvac(a);
    dsb();
    /* The outer cache is physically addressed: page by page. */
    for (uint32_t a = (uint32_t)va & ~(PAGE - 1u); a < end; a += PAGE) {
        uint32_t lo = a < (uint32_t)va ? (uint32_t)va : a;
        uint32_t hi = a + PAGE < end ? a + PAGE : end;
        uint32_t pa = arch_va_to_pa((const void *)lo);
        if (pa != ~0u)
            plat_l2_clean_range(pa, hi - lo);
    }
    plat_l2_sync();
    dsb();
}

/* Outer first, then inner: an inner refill after the inner invalidation
 * must not find the stale line still in the L2 (ARM ARM B2.2.7; L2C-310
 * TRM 3.3.10). DCIMVAC invalidates to the point of coherency. */
void arch_invalidate_for_read(const volatile void *va, uint32_t size)
{
    if (!size)
        return;
    uint32_t end = (uint32_t)va + size;
    for (uint32_t a = (uint32_t)va & ~(PAGE - 1u); a < end; a += PAGE) {
        uint32_t lo = a < (uint32_t)va ? (uint32_t)va : a;
        uint32_t hi = a + PAGE < end ? a + PAGE : end;
        uint32_t pa = arch_va_to_pa((const void *)lo);
        if (pa != ~0u)
            plat_l2_inv_range(pa, hi - lo);
    }
    plat_l2_sync();
    uint32_t line = dcache_line();
    for (uint32_t a = (uint32_t)va & ~(line - 1u); a < end; a += line)
        cp15_write_dcimvac(a);
    dsb();
}

/*
 * After the monitor wrote instructions that a core will fetch (a guest's
 * image at boot or at its restart): clean the data to the point of
 * coherency (so a core with its MMU off, a bus master and the other core's
 * instruction fetch all see it), then invalidate every core's instruction
 * cache and branch predictor (ICIALLUIS, BPIALLIS: broadcast to the
 * Inner Shareable domain, ARM ARM B2.2.7 "Ordering of cache and branch
 * predictor maintenance operations"; Cortex-A9 TRM 4.3.10: ACTLR.FW makes
 * the A9 broadcast them). DSB then ISB so the next instruction fetch of this
 * core is after the invalidation (ARM ARM A3.8.3).
 */
void arch_sync_loaded_image(const void *va, uint32_t size)
{
    arch_clean_to_poc(va, size);
    cp15_write_icialluis(0);
    cp15_write_bpiallis(0);
    dsb();
    isb();
}
