/*
 * CPU set-up, MMU and fault registers of the Cortex-A9 (ARMv7-A with the
 * Security Extensions, no Virtualization Extensions).
 */
#include "arch.h"
#include "cp15.h"

#define SCTLR_M   (1u << 0)
#define SCTLR_A   (1u << 1)
#define SCTLR_C   (1u << 2)
#define SCTLR_Z   (1u << 11)
#define SCTLR_I   (1u << 12)
#define SCTLR_V   (1u << 13)
#define SCTLR_AFE (1u << 29)
#define SCTLR_TRE (1u << 28)

#define ACTLR_SMP (1u << 6)       /* Cortex-A9 TRM 4.3.10: take part in coherency */
#define ACTLR_FW  (1u << 0)       /* 4.3.10: broadcast cache and TLB maintenance */

/* TTBR0 walk attributes: inner write-back write-allocate (IRGN = 01 split
 * as bit 6 = 1, bit 0 = 0), outer write-back write-allocate (RGN = 01),
 * shareable (ARM ARM B4.1.154). */
#define TTBR_WALK ((1u << 6) | (1u << 3) | (1u << 1))

unsigned arch_cpu_id(void)
{
    return cp15_read_mpidr() & 3u;
}

/* Invalidates the L1 data cache by set/way (ARM ARM B2.2.7); needed on
 * hardware before the caches are first enabled, a no-op under QEMU. */
static void dcache_invalidate_all(void)
{
    cp15_write_csselr(0);                    /* level 1 data cache */
    isb();
    uint32_t ccsidr = cp15_read_ccsidr();
    uint32_t line_shift = (ccsidr & 7u) + 4u;
    uint32_t ways = ((ccsidr >> 3) & 0x3ffu) + 1u;
    uint32_t sets = ((ccsidr >> 13) & 0x7fffu) + 1u;
    uint32_t way_shift = (uint32_t)__builtin_clz(ways - 1u);
    if (ways == 1u)
        way_shift = 0;
    for (uint32_t w = 0; w < ways; w++)
        for (uint32_t s = 0; s < sets; s++)
            cp15_write_dcisw((w << way_shift) | (s << line_shift));
    dsb();
}

void arch_cpu_init(void)
{
    /* Cortex-A9: join SMP coherency before caches are on, and broadcast
     * the Inner Shareable maintenance operations to the other core
     * (Cortex-A9 TRM 4.3.10; MPCore TRM 2.3: the SCU is already enabled by
     * core 0, plat_cache_init). Secure PL1 may write both bits. QEMU:
     * RAZ/WI. The L1 caches and the branch predictor are invalidated here
     * and enabled with the MMU (SCTLR.C, I, Z; Cortex-A9 TRM 4.3.9): the A9
     * does not invalidate them at reset (TRM 6.3). */
    cp15_write_actlr(cp15_read_actlr() | ACTLR_SMP | ACTLR_FW);
    dcache_invalidate_all();
    cp15_write_iciallu(0);
    cp15_write_bpiall(0);
    cp15_write_tlbiall(0);
    dsb();
    isb();

    /* Cycle counter on, for `make bench` and the boot banner. */
    cp15_write_pmcr(cp15_read_pmcr() | 7u);
    cp15_write_pmcntenset(1u << 31);
}

void arch_pmu_user_access(int enable)
{
    cp15_write_pmuserenr(enable ? 1u : 0u);
}

/* DBGDSCR.UDCCdis (bit 12, ARM ARM C10.4.1 "DBGDSCR"): User-mode accesses
 * to the debug communications channel (DBGDSCRint, DBGDTRRXint/TXint) are
 * UNDEFINED. Otherwise every User-mode guest of a core shares the channel:
 * one guest can see the TX-full flag another left, and all can talk to an
 * attached debugger. Written through the external view, c0 c2 2. */
#define DBGDSCR_UDCCDIS (1u << 12)

void arch_user_debug_lockout(void)
{
    uint32_t dscr;
    __asm__ volatile("mrc p14, 0, %0, c0, c2, 2" : "=r"(dscr));
    __asm__ volatile("mcr p14, 0, %0, c0, c2, 2" : : "r"(dscr | DBGDSCR_UDCCDIS) : "memory");
    isb();
}

void arch_mmu_enable(const uint32_t *l1, uint32_t dacr)
{
    cp15_write_ttbcr(0);                     /* TTBR0 translates everything */
    cp15_write_contextidr(0);                /* reserved ASID 0: the monitor's */
    cp15_write_ttbr0((uint32_t)l1 | TTBR_WALK);
    cp15_write_dacr(dacr);
    cp15_write_tlbiall(0);
    dsb();
    isb();
    uint32_t sctlr = cp15_read_sctlr();
    sctlr &= ~(SCTLR_A | SCTLR_V | SCTLR_AFE | SCTLR_TRE);
    sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z;
    cp15_write_sctlr(sctlr);
    isb();
}

/* Changes TTBR0 and ASID together through the reserved ASID 0, which owns
 * no non-global entry, so no walk can mix the old table with the new ASID
 * (ARM ARM B3.10.4, "Synchronization of changes of ASID and TTBR"). The
 * monitor's own mappings are global and stay valid throughout.
 *
 * Every CONTEXTIDR write is preceded by a DSB: Cortex-A9 erratum 754322
 * ("Possible faulty MMU translations following an ASID switch", ARM's
 * Cortex-A9 errata notice) can leave a translation of the old ASID in the
 * micro-TLB after the switch; the workaround is a DSB before the write. The branch predictor is
 * invalidated (BPIALL) on every switch to another guest: its entries are
 * indexed by virtual address only, so a partition could steer or time the
 * next one's branches (ARM ARM B2.2.6, "Branch predictors": BPIALL is the
 * required maintenance when a virtual-to-physical mapping changes). The
 * final ISB makes the new context, and the invalidation, visible to the
 * guest's first instruction fetch (B3.10.4, B2.2.6). */
void arch_mmu_switch(const uint32_t *l1, uint32_t asid, uint32_t dacr)
{
    dsb();                                   /* erratum 754322 */
    cp15_write_contextidr(0);
    isb();
    cp15_write_ttbr0((uint32_t)l1 | TTBR_WALK);
    isb();
    cp15_write_dacr(dacr);
    dsb();                                   /* erratum 754322 */
    cp15_write_contextidr(asid);
    cp15_write_bpiall(0);
    dsb();
    isb();
}

/* Swaps what a User-mode vCPU can observe or change with no hypercall
 * (docs/monitor.md, "Per-vCPU state"): TPIDRURW (User read/write) is
 * saved and reloaded, TPIDRURO (User read-only) is the monitor's and holds
 * the incoming guest's index, and the local exclusive monitor is cleared,
 * so an LDREX of one guest cannot let the STREX of the next succeed (ARM ARM
 * A3.4.4 "Context switch support": CLREX on a context switch; an exception
 * return does not clear it on ARMv7). */
uint32_t arch_user_state_switch(uint32_t tpidrurw, uint32_t tpidruro)
{
    uint32_t old = cp15_read_tpidrurw();
    cp15_write_tpidrurw(tpidrurw);
    cp15_write_tpidruro(tpidruro);
    clrex();
    return old;
}

/* TLBIALL is local to the core (ARM ARM B4.2.2); the DSB completes it and the
 * ISB makes the following instructions fetch and translate with the TLB as
 * it is then (B3.10.1, TLB maintenance operations). */
void arch_tlb_invalidate_local(void)
{
    cp15_write_tlbiall(0);
    cp15_write_bpiall(0);
    dsb();
    isb();
}

void arch_fault_info(enum trap_kind kind, struct fault_info *out)
{
    if (kind == TRAP_DABT) {
        out->status = cp15_read_dfsr();
        out->address = cp15_read_dfar();
    } else if (kind == TRAP_PABT) {
        out->status = cp15_read_ifsr();
        out->address = cp15_read_ifar();
    } else {
        out->status = 0;
        out->address = 0;
    }
}

void arch_wait_for_interrupt(void) { dsb(); wfi(); }
void arch_send_event(void) { dsb(); sev(); }
void arch_memory_barrier(void) { dmb(); }

/* Unaligned LDR/STR to Normal memory are performed, not faulted, with
 * SCTLR.A = 0 (ARM ARM A3.2.1); with the MMU off every access is
 * Strongly-ordered, where an unaligned one faults whatever A says
 * (B3.2.1): so only once this core's MMU is on (arch_mmu_enable). */
int arch_unaligned_ok(void)
{
    return (cp15_read_sctlr() & (SCTLR_M | SCTLR_A)) == SCTLR_M;
}
void arch_data_sync_barrier(void) { dsb(); }

/*
 * Cortex-A9 main-TLB lockdown (Cortex-A9 TRM r4p1, 4.3.15 "TLB Lockdown
 * Register", c10 c0 0): bits [29:28] name one of the four lockable entries
 * (the victim), bit 0 (P) makes the next table walk allocate its entry
 * there, locked; bits 31:30 and 27:1 are reserved and written as zero.
 *
 * The order matters on silicon (QEMU ignores lockdown, shared/QEMU-ZYNQ.md
 * section 5, so there only the walk happens):
 *  1. TLBIMVA with the ASID first: if the translation were already in the
 *     main or a micro TLB, the access would hit and no walk would fill the
 *     victim slot (Cortex-A9 TRM 6.2: micro TLBs are refilled from the main
 *     TLB, and TLBIMVA invalidates both).
 *  2. Touch everything the locking sequence itself uses (its code, the
 *     stack) while P is still 0: a TLB miss of the monitor's own between
 *     setting P and the target access would take the slot instead. The
 *     sequence is one asm block, using registers only, in this function,
 *     which is aligned so that it never spans two pages (the monitor's
 *     stacks are mapped in pages, for their guard pages).
 *  3. P = 1 and the victim, ISB, load through the target, DSB, then P = 0
 *     so that later walks go to the unlocked entries again, ISB.
 * Interrupts are masked (boot and the monitor's exception entry).
 */
#define TLB_LOCK_P      (1u << 0)
#define TLB_LOCK_VICTIM(slot) (((slot) & 3u) << 28)

__attribute__((aligned(128)))   /* one 128-byte block: never across a page */
void arch_tlb_lock_entry(uint32_t slot, uint32_t va, uint32_t asid)
{
    volatile uint32_t touch = slot;             /* the stack page, now */
    cp15_write_tlbimva((va & ~0xfffu) | (asid & 0xffu));
    dsb();
    isb();
    (void)touch;
    uint32_t tmp;
    __asm__ volatile(
        "   mcr  p15, 0, %[lock], c10, c0, 0\n"
        "   isb\n"
        "   ldr  %[tmp], [%[va]]\n"
        "   dsb\n"
        "   mcr  p15, 0, %[unlock], c10, c0, 0\n"
        "   isb\n"
        : [tmp] "=&r"(tmp)
        : [lock] "r"(TLB_LOCK_VICTIM(slot) | TLB_LOCK_P), [va] "r"(va),
          [unlock] "r"(TLB_LOCK_VICTIM(slot))
        : "memory");
}

/*
 * Code written by the monitor (a guest's image, reloaded at its restart)
 * reaches the instruction side only through the point of unification:
 * clean the data cache by MVA to PoU, then invalidate the instruction cache
 * and the branch predictor, with DSB between and DSB + ISB after (ARM ARM
 * B2.2.9 "Ordering of cache and branch predictor maintenance operations",
 * B2.2.7 for the operations; CTR.DminLine, B4.1.42, gives the smallest
 * data cache line). The guest runs on this core only, so the
 * local ICIALLU suffices; the data cache is coherent between the cores
 * through the SCU (ACTLR.SMP set at boot).
 */
void arch_clean_dcache_range(uint32_t va, uint32_t len)
{
    uint32_t line = 4u << ((cp15_read_ctr() >> 16) & 0xfu);
    uint32_t first = va & ~(line - 1u);
    uint32_t n = (va - first + len + line - 1u) / line;   /* no wrap: len is one chunk */
    for (uint32_t i = 0; i < n; i++)
        cp15_write_dccmvau(first + i * line);
    dsb();
}

void arch_sync_icache(void)
{
    dsb();
    cp15_write_iciallu(0);
    cp15_write_bpiall(0);
    dsb();
    isb();
}

/* Bulk stores for restart.c: 32 bytes per STM (len a multiple of 32,
 * addresses 4-byte aligned), so a 4 KB step is ~130 instructions. */
void arch_zero_block(uint32_t va, uint32_t len)
{
    uint32_t end = va + len;
    __asm__ volatile(
        "    mov     r4, #0\n"
        "    mov     r5, #0\n"
        "    mov     r6, #0\n"
        "    mov     r7, #0\n"
        "    mov     r8, #0\n"
        "    mov     r9, #0\n"
        "    mov     r10, #0\n"
        "    mov     r12, #0\n"
        "1:  cmp     %0, %1\n"
        "    stmlo   %0!, {r4-r10, r12}\n"
        "    blo     1b\n"
        : "+r"(va) : "r"(end) : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "cc", "memory");
}

void arch_copy_block(uint32_t va, const void *src, uint32_t len)
{
    uint32_t end = va + len;
    __asm__ volatile(
        "1:  cmp     %0, %2\n"
        "    ldmlo   %1!, {r4-r10, r12}\n"
        "    stmlo   %0!, {r4-r10, r12}\n"
        "    blo     1b\n"
        : "+r"(va), "+r"(src) : "r"(end) : "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r12", "cc", "memory");
}
