/*
 * Boot of both cores: a few ordered steps each. Core 0 loads the guests,
 * sets up the distributor and releases core 1; then every core starts what
 * the generated core table says it runs.
 */
#include "arch.h"
#include "config.h"
#include "console.h"
#include "lib.h"
#include "health.h"
#include "ioemu.h"
#include "plat.h"
#include "sched.h"
#include "trace.h"
#include "trap.h"
#include "vcpu.h"
#include "../arch/armv7-a/asm.h"

extern volatile uint32_t boot_gate;

struct vcpu vcpus[CONFIG_MAX_GUESTS];
struct pcpu pcpus[CONFIG_MAX_CORES];


/* Clears each guest's RAM and copies its image in, with the MMU still off
 * (physical addresses). */
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
    plat_gic_init_cpu(core);
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

void boot_primary(void)
{
    const struct system_config *sc = &system_config;
    if (sc->magic != CONFIG_MAGIC || sc->abi_version != CONFIG_ABI_VERSION)
        for (;;)
            arch_wait_for_interrupt();   /* tables from another build: nothing is safe */

    plat_console_init();
    mon_printf("Zynq-7000 partitioning monitor, variant '%s' (config %s): %u guests on %u cores",
               sc->variant, sc->config_hash, (unsigned)sc->n_guests, (unsigned)sc->n_cores);
    load_guests();
    for (uint32_t g = 0; g < sc->n_guests; g++)
        mon_printf("guest '%s': %s on core %u, asid %u, domain %u",
                   sc->guests[g].name, level_name(sc->guests[g].level),
                   sc->guests[g].core, sc->guests[g].asid, sc->guests[g].domain);

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
        arch_send_event();
    }
    core_run(0);
}

void boot_secondary(unsigned core)
{
    core_common_init(core);
    core_run(core);
}

struct pcpu *this_pcpu(void)
{
    return &pcpus[arch_cpu_id()];
}
