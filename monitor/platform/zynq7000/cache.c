/*
 * The Zynq-7000's coherency hardware, which QEMU models as registers that
 * do nothing (shared/QEMU-ZYNQ.md): the Snoop Control Unit of the Cortex-A9
 * MPCore and the PL310 (L2C-310) level 2 cache controller, revision r3p2 on
 * the Zynq (UG585 v1.13 section 3.4). Core 0 sets both up once, with its
 * MMU off, before any core turns its L1 caches on; the other cores then
 * join coherency with ACTLR.SMP (cpu.c). Every address is the generated
 * tables'.
 */
#include "config.h"
#include "mmio.h"
#include "plat.h"

/* Snoop Control Unit (Cortex-A9 MPCore TRM r4p1, 2.2). */
#define SCU_CONTROL        0x00u     /* 2.2.1 */
#define SCU_INVALIDATE_ALL 0x0cu     /* 2.2.4: SCU Invalidate All Registers in Secure State */
#define SCU_ENABLE         (1u << 0)
#define SCU_ALL_WAYS_ALL_CPUS 0xffffu /* 4 ways x 4 CPUs, 1 bit each */

/* PL310 (CoreLink Level 2 Cache Controller L2C-310 TRM r3p2, 3.3). */
#define L2_CACHE_ID     0x000u       /* 3.3.1: [5:0] RTL release */
#define L2_CONTROL      0x100u       /* 3.3.3 */
#define L2_AUX_CONTROL  0x104u       /* 3.3.4 */
#define L2_TAG_LATENCY  0x108u       /* 3.3.5 */
#define L2_DATA_LATENCY 0x10cu
#define L2_RAW_INT      0x21cu       /* 3.3.8 */
#define L2_INT_CLEAR    0x220u
#define L2_SYNC         0x730u       /* 3.3.10 */
#define L2_DUMMY_SYNC   0x740u       /* erratum 753970 workaround (r3p0) */
#define L2_INV_WAY      0x77cu
#define L2_INV_PA       0x770u
#define L2_CLEAN_PA     0x7b0u
#define L2_ENABLE       (1u << 0)
#define L2_AUX_16WAY    (1u << 16)
#define L2_LINE         32u

#define L2_RTL_R3P0     0x05u
#define L2_RTL_R3P2     0x08u

/* Auxiliary control as Xilinx's standalone BSP (boot.S) sets it for the
 * Zynq (L2C-310 TRM 3.3.4 bit fields; UG585 section 3.4): early BRESP,
 * instruction and data prefetch, round-robin replacement, parity, event
 * monitor bus, 64 KB ways (8 ways, 512 KB). */
#define L2_AUX_ZYNQ     0x72360000u
/* RAM latencies for the Zynq's L2 RAMs, as the same BSP sets them: tag
 * 2/2/2 cycles, data 2/3/2 (write/read/setup, each field latency - 1,
 * L2C-310 TRM 3.3.5). */
#define L2_TAG_LAT_ZYNQ  0x0111u
#define L2_DATA_LAT_ZYNQ 0x0121u

/* SLCR (UG585 4.3 and Appendix B, slcr.L2C_RAM at offset 0xA1C): UG585
 * requires the value 0x00020202 before the L2 is used (Xilinx applies it
 * in its BSP as the fix of CR 697094); the SLCR is written unlocked. */
#define SLCR_LOCK      0x004u
#define SLCR_UNLOCK    0x008u
#define SLCR_L2C_RAM   0xa1cu
#define SLCR_LOCK_KEY   0x767bu
#define SLCR_UNLOCK_KEY 0xdf0du
#define SLCR_L2C_RAM_VALUE 0x00020202u

static uint32_t l2_sync_reg = L2_SYNC;

static void scu_init(void)
{
    uint32_t scu = system_config.scu_base;
    if (!scu)
        return;
    /* MPCore TRM 2.3, "SCU and L1 coherency": invalidate the SCU's copy of
     * every core's L1 tags, then enable the SCU, before any core sets
     * ACTLR.SMP and turns its data cache on. */
    mmio_write(scu + SCU_INVALIDATE_ALL, SCU_ALL_WAYS_ALL_CPUS);
    mmio_write(scu + SCU_CONTROL, mmio_read(scu + SCU_CONTROL) | SCU_ENABLE);
    __asm__ volatile("dsb" ::: "memory");
}

static void l2_wait(uint32_t reg, uint32_t mask)
{
    uint32_t l2 = system_config.l2cc_base;
    while (mmio_read(l2 + reg) & mask)
        ;
}

/* The L2 is owned by the monitor: disabled, configured, invalidated by way
 * and enabled (L2C-310 TRM 2.5.1 "Initialization sequence"; the
 * auxiliary and latency registers are writable only while it is off). */
static void l2_init(void)
{
    uint32_t l2 = system_config.l2cc_base;
    if (!l2)
        return;
    uint32_t rtl = mmio_read(l2 + L2_CACHE_ID) & 0x3fu;
    /* Errata of the L2C-310 (ARM errata notice for the PL310): 588369
     * (r0p0-r1p0), 727915 (r2p0), 753970 (r3p0: a Cache Sync can fail to
     * drain; sync through the dummy register instead) and 769419 (before
     * r3p2: no automatic store-buffer drain) are all fixed in the Zynq's
     * r3p2. Only 753970 changes an operation the monitor uses, so an
     * older part is still handled correctly; the others concern background
     * by-way operations and non-cacheable write drain, which the monitor
     * does not rely on (it invalidates by way only while the L2 is off). */
    l2_sync_reg = rtl == L2_RTL_R3P0 ? L2_DUMMY_SYNC : L2_SYNC;
    (void)L2_RTL_R3P2;

    mmio_write(l2 + L2_CONTROL, 0);
    mmio_write(l2 + L2_AUX_CONTROL, mmio_read(l2 + L2_AUX_CONTROL) | L2_AUX_ZYNQ);
    mmio_write(l2 + L2_TAG_LATENCY, L2_TAG_LAT_ZYNQ);
    mmio_write(l2 + L2_DATA_LATENCY, L2_DATA_LAT_ZYNQ);
    uint32_t ways = (mmio_read(l2 + L2_AUX_CONTROL) & L2_AUX_16WAY) ? 0xffffu : 0xffu;
    mmio_write(l2 + L2_INV_WAY, ways);
    l2_wait(L2_INV_WAY, ways);
    mmio_write(l2 + l2_sync_reg, 0);
    l2_wait(L2_SYNC, 1u);
    mmio_write(l2 + L2_INT_CLEAR, mmio_read(l2 + L2_RAW_INT));

    uint32_t slcr = system_config.slcr_base;
    if (slcr) {
        mmio_write(slcr + SLCR_UNLOCK, SLCR_UNLOCK_KEY);
        mmio_write(slcr + SLCR_L2C_RAM, SLCR_L2C_RAM_VALUE);
        mmio_write(slcr + SLCR_LOCK, SLCR_LOCK_KEY);
    }
    mmio_write(l2 + L2_CONTROL, L2_ENABLE);
    __asm__ volatile("dsb" ::: "memory");
}

void plat_cache_init(void)
{
    scu_init();
    l2_init();
}

/* Clean by physical address, line by line (L2C-310 TRM 3.3.10: the by-PA
 * operations are atomic, so no completion poll per line; a Cache Sync
 * completes them all). Nothing to do while the L2 is off. */
void plat_l2_clean_range(uint32_t pa, uint32_t size)
{
    uint32_t l2 = system_config.l2cc_base;
    if (!l2 || !(mmio_read(l2 + L2_CONTROL) & L2_ENABLE) || !size)
        return;
    for (uint32_t a = pa & ~(L2_LINE - 1u); a < pa + size; a += L2_LINE)
        mmio_write(l2 + L2_CLEAN_PA, a);
}

void plat_l2_inv_range(uint32_t pa, uint32_t size)
{
    uint32_t l2 = system_config.l2cc_base;
    if (!l2 || !(mmio_read(l2 + L2_CONTROL) & L2_ENABLE) || !size)
        return;
    for (uint32_t a = pa & ~(L2_LINE - 1u); a < pa + size; a += L2_LINE)
        mmio_write(l2 + L2_INV_PA, a);
}

void plat_l2_sync(void)
{
    uint32_t l2 = system_config.l2cc_base;
    if (!l2 || !(mmio_read(l2 + L2_CONTROL) & L2_ENABLE))
        return;
    mmio_write(l2 + l2_sync_reg, 0);
    l2_wait(L2_SYNC, 1u);
}
