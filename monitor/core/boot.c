/*
 * Boot of both cores: a few ordered steps each. Core 0 loads the guests,
 * sets up the distributor and releases core 1; then every core starts what
 * the generated core table says it runs.
 */
#include "arch.h"
#include "boot.h"
#include "config.h"
#include "console.h"
#include "lib.h"
#include "nsworld.h"
#include "health.h"
#include "ioemu.h"
#include "plat.h"
#include "sched.h"
#include "trace.h"
#include "trap.h"
#include "vcpu.h"
#include "vfp.h"
#include "../arch/armv7-a/asm.h"

extern volatile uint32_t boot_gate;
extern const char _start[];

/* Written by each core as it arrives at the boot gate (entry.S), with its
 * MMU off (Strongly-ordered: to memory, behind every cache); in .data, not
 * .bss, so core 0's clearing of .bss cannot race with it. Core 0 reads it
 * behind its own caches (arch_invalidate_for_read); each flag owns a whole
 * cache line, so invalidating it can lose no other data. */
struct core_flag {
    volatile uint32_t up;
} __attribute__((aligned(CORE_FLAG_STRIDE)));
_Static_assert(sizeof(struct core_flag) == CORE_FLAG_STRIDE, "entry.S indexes by the stride");
_Static_assert(CORE_FLAG_STRIDE >= ARCH_CACHE_LINE_MAX, "a flag owns its cache line");
__attribute__((section(".data.boot_arrived")))
struct core_flag boot_arrived[CONFIG_MAX_CORES];

static int core_is_up(uint32_t c)
{
    arch_invalidate_for_read(&boot_arrived[c], sizeof boot_arrived[c]);
    return boot_arrived[c].up != 0;
}
static uint32_t cores_missing;

struct vcpu vcpus[CONFIG_MAX_GUESTS];
struct pcpu pcpus[CONFIG_MAX_CORES];


/* Clears each guest's RAM and copies its image in, with the MMU still off
 * (physical addresses). No cache maintenance is needed here: with the MMU
 * off every data access is Strongly-ordered (ARM ARM B3.2.1), so the bytes
 * go to memory; the L2 is still off (plat_cache_init follows, and
 * invalidates it), and each core invalidates its L1 caches and branch
 * predictor before turning them on (arch_cpu_init). A reload with the MMU
 * on (a guest restart) must call arch_sync_loaded_image(). */
static void load_guests(void)
{
    const struct system_config *sc = &system_config;
    for (uint32_t g = 0; g < sc->n_guests; g++) {
        const struct cfg_guest *cg = &sc->guests[g];
        for (uint32_t i = 0; i < cg->n_zero; i++)
            memset((void *)cg->zero[i].dst, 0, cg->zero[i].size);
        for (uint32_t i = 0; i < cg->n_load; i++) {
            const struct cfg_copy *c = &cg->load[i];
            uint32_t image_len = (uint32_t)(c->image_end - c->image);
            if (c->offset >= image_len)
                continue;
            uint32_t n = image_len - c->offset;
            if (n > c->size)
                n = c->size;
            const uint8_t *src = c->image + c->offset;
            uint8_t *dst = (uint8_t *)c->dst;
            for (uint32_t k = 0; k < n; k++)
                dst[k] = src[k];
        }
        vcpus[g].cfg = cg;
        vcpus[g].index = (uint8_t)g;
        vcpus[g].state = VCPU_READY;
    }
}

static const char *level_name(unsigned level)
{
    static const char *const names[] = {"HRT", "SRT", "NRT"};
    return level < 3 ? names[level] : "?";
}

static void core_common_init(unsigned core)
{
    arch_cpu_init();
    arch_mmu_enable(system_config.monitor_l1, system_config.monitor_dacr);
    arch_pmu_user_access((system_config.flags & CFG_FLAG_BENCH) != 0);
    arch_user_debug_lockout();
    vfp_init_cpu();
    plat_gic_init_cpu(core);
    if (system_config.cores[core].ns_guest != CFG_OWNER_NONE)
        ns_init_cpu(core);
    pcpus[core].id = core;
    trace_init(core);
}

__attribute__((noreturn)) static void core_run(unsigned core)
{
    const struct cfg_core *c = &system_config.cores[core];
    if (c->kind == CORE_HRT) {
        const struct cfg_guest *g = &system_config.guests[c->vcpus[0]];
        pcpus[core].current = &vcpus[c->vcpus[0]];
        mon_printf("core %u: starting HRT guest '%s' at PL1, entry 0x%08x",
                   core, g->name, (unsigned)g->entry);
        /* Onto the guest's table with the monitor's domain still granted
         * (smc_dacr); the guest's DACR is written on the smc page. The
         * monitor's table left global entries in this core's TLB that the
         * guest's table lacks or shadows (its cpu_private page): drop them,
         * so that only the guest's table is ever in this TLB. */
        arch_mmu_switch(g->l1, g->asid, g->smc_dacr);
        arch_tlb_invalidate_local();
        if (g->flags & CFG_GUEST_VFP)
            arch_fpexc_write(1u << 30);     /* FPEXC.EN: the core and its VFP are the guest's */
        arch_enter_pl1(g->entry, g->stack_top, g->smc_vectors);
    }
    if (c->kind == CORE_SHARED)
        sched_start(&pcpus[core]);
    mon_printf("core %u: idle", core);
    for (;;) {                      /* takes only the console's SGI */
        arch_wait_for_interrupt();
        trap_irq(&pcpus[core]);
    }
}

__attribute__((noreturn)) void boot_primary(void);
__attribute__((noreturn)) void boot_secondary(unsigned core);

/*
 * The boot hand-off of a real board (UG585 v1.13 section 6.1.10, "Starting
 * Code on CPU 1"): after the BootROM, CPU 1 sleeps in WFE until a non-zero
 * start address is in the mailbox word, then jumps there. Core 0 writes the
 * monitor's entry with its MMU off (the store is Strongly-ordered, so it
 * reaches the OCM without cache maintenance, ARM ARM B3.2.1), DSB, SEV.
 * Where every core starts at the entry (QEMU's -kernel, a JTAG load), core 1
 * is already waiting at the boot gate and the mailbox is never read.
 */
static void release_secondaries(void)
{
    const struct system_config *sc = &system_config;
    if (sc->n_cores < 2 || !sc->secondary_mailbox)
        return;
    *(volatile uint32_t *)sc->secondary_mailbox = (uint32_t)_start;
    arch_send_event();              /* DSB, SEV (ARM ARM B1.8.13) */
}

/* Waits a bounded time for the released cores to report in (boot_arrived:
 * they have reached the gate; where they were started with core 0 they are
 * there long before, so this normally does not wait at all).
 * A core that does not is reported; the system's `missing_core` policy
 * says whether the others go on. In test images the run fails either way:
 * at once (halt) or at its end (boot_exit_status). */
static void wait_for_cores(void)
{
    const struct system_config *sc = &system_config;
    uint64_t start = plat_time_now();
    for (uint32_t c = 1; c < sc->n_cores; c++) {
        while (!core_is_up(c) && plat_time_now() - start < sc->core_start_timeout)
            ;
        if (core_is_up(c))
            continue;
        cores_missing |= 1u << c;
        mon_printf("core %u did not come up within %u timer ticks of its release: "
                   "its guests do not run", (unsigned)c, (unsigned)sc->core_start_timeout);
    }
    if (!cores_missing)
        return;
    if (!sc->missing_core_halt) {
        mon_printf("missing_core: continue: the other cores go on");
        return;
    }
    mon_printf("missing_core: halt: the system stops");
    console_flush();
    if (sc->flags & CFG_FLAG_TEST_HYPERCALLS)
        arch_semihost_exit(BOOT_EXIT_MISSING_CORE);
    for (;;)
        arch_wait_for_interrupt();
}

uint32_t boot_exit_status(uint32_t status)
{
    return cores_missing ? BOOT_EXIT_MISSING_CORE : status;
}

void boot_primary(void)
{
    const struct system_config *sc = &system_config;
    (void)arch_this_cpu_set(&pcpus[0]);     /* this_pcpu() from here on (vcpu.h) */
    if (sc->magic != CONFIG_MAGIC || sc->abi_version != CONFIG_ABI_VERSION)
        for (;;)
            arch_wait_for_interrupt();   /* tables from another build: nothing is safe */

    plat_console_init();
    mon_printf("Zynq-7000 partitioning monitor, variant '%s' (config %s): %u guests on %u cores",
               sc->variant, sc->config_hash, (unsigned)sc->n_guests, (unsigned)sc->n_cores);
    load_guests();
    ns_load_all();
    plat_cache_init();              /* SCU and L2, before any L1 is on */
    plat_tz_program();              /* before any core enters the Non-secure world */
    release_secondaries();
    for (uint32_t g = 0; g < sc->n_guests; g++) {
        const struct cfg_guest *cg = &sc->guests[g];
        /* A Non-secure guest on several cores boots on `core`; the others
         * are its to start with PSCI CPU_ON (nssmp.c). */
        uint32_t others = cg->ns ? cg->ns->cpus & ~(1u << cg->core) : 0;
        if (others)
            mon_printf("guest '%s': %s on core %u (cores mask 0x%x: the others by PSCI CPU_ON), "
                       "asid %u, domain %u", cg->name, level_name(cg->level), cg->core,
                       (unsigned)cg->ns->cpus, cg->asid, cg->domain);
        else
            mon_printf("guest '%s': %s on core %u, asid %u, domain %u", cg->name,
                       level_name(cg->level), cg->core, cg->asid, cg->domain);
    }

    console_init_drain();
    core_common_init(0);
    plat_gic_init_distributor();
    plat_time_init();
    if (sc->console_input < sc->n_guests) {
        plat_console_rx_enable();
        ioemu_console_input();      /* what was typed before: no interrupt comes for it */
    }

    if (sc->n_cores > 1) {
        console_smp_started();
        arch_memory_barrier();
        boot_gate = GATE_OPEN;
        /* Core 1 reads the gate with its MMU off: uncached, not snooped
         * (it is not in SMP mode yet). Clean the line to the point of
         * coherency, through the L2, before the event (ARM ARM A3.5.7,
         * B2.2.7; MPCore TRM 2.1). Everything else core 1 reads it reads
         * after it has joined coherency. */
        arch_clean_to_poc(&boot_gate, sizeof boot_gate);
        arch_send_event();
        wait_for_cores();
    }
    core_run(0);
}

void boot_secondary(unsigned core)
{
    (void)arch_this_cpu_set(&pcpus[core]);  /* this_pcpu() from here on (vcpu.h) */
    core_common_init(core);
    core_run(core);
}
