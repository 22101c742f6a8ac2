/*
 * Non-secure guests: an unmodified OS (Linux) in the TrustZone Non-secure
 * world of a shared core, as an NRT vCPU of its EDF scheduler.
 *
 * While it runs: SCR = NS | FIQ | AW, the CPU interface signals Group 0 (the
 * monitor's and the Secure guests' interrupts) as FIQ, taken in Monitor mode
 * at ns_mon_vectors whatever the guest does with CPSR.F (SCR.FW = 0), and
 * Group 1 (the guest's) as IRQ straight to the guest's own vectors.
 * While a Secure guest or the monitor runs: SCR = 0, Group 1 is disabled at
 * the CPU interface (held pending in the distributor) and Group 0 comes as
 * IRQ, so every Secure path is the one of a core without a Non-secure guest
 * (GIC architecture v1.0, 4.4.1 "CPU Interface Control Register").
 */
#include "abi/hypercall.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "nsworld.h"
#include "plat.h"
#include "sched.h"
#include "trap.h"
#include "vcpu.h"
#include "vfp.h"
#include "../arch/armv7-a/cp15.h"

/* NSACR (ARM ARM B4.1.111): Non-secure access to cp10/cp11 (VFP/NEON: the
 * world switch moves the registers between the worlds, vfp.c) and to
 * ACTLR.SMP (NS_SMP, Cortex-A9 TRM 4.3.13). */
#define NSACR_NS_GUEST ((1u << 10) | (1u << 11) | (1u << 18))

/* CPSR at the entry: SVC, A and I masked, F clear (ARM ARM B1.3.3); the
 * guest cannot set F (SCR.FW = 0). */
#define NS_ENTRY_CPSR 0x193u

/* A restart reloads at most this many words per scheduling pass, so the
 * SRT guests of the core see at most that much delay at a release. */
#define RELOAD_WORDS (16u * 1024u)

/* CPACR as the monitor sets it (vfp_init_cpu: cp10 and cp11 full access,
 * ASEDIS = D32DIS = 0). CPACR is one register for both worlds (ARM ARM
 * B4.1.40; NSACR only limits what the Non-secure side may set in it), so
 * the guest's value is kept while the Secure side runs and the monitor's
 * restored: a guest that denied cp10 could otherwise make the monitor's
 * own FPEXC access, and a hard-float Secure guest, undefined. */
#define CPACR_MONITOR (0xfu << 20)

static struct ns_regs ns_regs[CONFIG_MAX_CORES];

#ifdef CONFIG_BENCH_STAMPS
#define BENCH_STAMP(slot) ((slot) = cp15_read_pmccntr())
#else
#define BENCH_STAMP(slot) ((void)0)
#endif

static inline uint32_t cp15_read_cpacr(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(v));
    return v;
}

static inline void cp15_write_cpacr(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 2" : : "r"(v) : "memory");
}

static inline void cp15_write_nsacr(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c1, c1, 2" : : "r"(v) : "memory");
}

static void copy_words(uint32_t *dst, const uint32_t *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        dst[i] = src[i];
}

struct vcpu *ns_vcpu_on(unsigned core, unsigned guest)
{
    const struct cfg_guest *g = &system_config.guests[guest];
    if (g->world == WORLD_NS && g->core != core)
        return &ns_secondary[core];
    return &vcpus[guest];
}

void ns_load_all(void)
{
    const struct system_config *sc = &system_config;
    for (uint32_t g = 0; g < sc->n_guests; g++) {
        const struct cfg_ns *ns = sc->guests[g].ns;
        if (sc->guests[g].world != WORLD_NS)
            continue;
        for (uint32_t i = 0; i < ns->n_load; i++) {
            const struct cfg_ns_load *l = &ns->load[i];
            copy_words((uint32_t *)l->dst, l->src, (uint32_t)(l->src_end - l->src));
        }
        if (ns->uart_txen)
            plat_uart_enable(ns->uart_txen);
        ns_smp_init(g);
    }
}

void ns_init_cpu(unsigned core)
{
    (void)core;
    cp15_write_mvbar((uint32_t)ns_mon_vectors);
    cp15_write_nsacr(NSACR_NS_GUEST);
    isb();
}

void ns_vcpu_reset(struct vcpu *v)
{
    const struct cfg_ns *ns = v->cfg->ns;
    struct trap_frame *f = &v->ctx;
    for (unsigned i = 0; i < 13; i++)
        f->r[i] = 0;
    f->r[1] = ~0u;                  /* no machine type: the DTB describes the board */
    f->r[2] = ns->dtb;
    f->sp_usr = f->lr_usr = 0;
    f->pc = ns->entry;
    f->cpsr = NS_ENTRY_CPSR;
    struct ns_regs *r = &ns_regs[v->ns_core];
    uint32_t *w = (uint32_t *)r->svc;
    for (unsigned i = 0; i < 20; i++)   /* svc .. fiq */
        w[i] = 0;
    r->grp1 = 0;
    r->fpexc = 0;                   /* FPEXC and CPACR as at a reset (ARM ARM B4.1.40, B6.1.36) */
    r->cpacr = 0;
}

/* One bounded piece of a restart's reload; 1 while more remains. */
static int reload_step(struct vcpu *v)
{
    const struct cfg_ns *ns = v->cfg->ns;
    uint32_t budget = RELOAD_WORDS;
    /* Nothing of the old run may execute or write while the new image is
     * copied in: every other core of the guest has to be off first (it
     * goes off at its next scheduling pass, kicked by ns_request). */
    if (v->ns_reload_item == 0 && v->ns_reload_word == 0 && !ns_others_off(v))
        return 1;
    while (v->ns_reload_item < ns->n_load && budget) {
        const struct cfg_ns_load *l = &ns->load[v->ns_reload_item];
        uint32_t total = (uint32_t)(l->src_end - l->src);
        uint32_t n = total - v->ns_reload_word;
        if (n > budget)
            n = budget;
        uint32_t *dst = (uint32_t *)l->dst + v->ns_reload_word;
        copy_words(dst, l->src + v->ns_reload_word, n);
        /* Each piece reaches memory (through the outer cache) before the
         * guest, MMU off, reads it (ARM ARM B2.2.7): cleaned here, within
         * the piece's bound, not the whole image at the end (20 MB of
         * cleaning by line in one go cost an SRT guest of this core two
         * deadlines under -icount). */
        arch_clean_to_poc(dst, n * 4u);
        v->ns_reload_word += n;
        budget -= n;
        if (v->ns_reload_word == total) {
            v->ns_reload_item++;
            v->ns_reload_word = 0;
        }
    }
    if (v->ns_reload_item < ns->n_load)
        return 1;
    v->ns_reloading = 0;
    /* Cleaned piece by piece above (the identity mapping of its RAM is the
     * monitor's); what is left is the instruction side: I-cache and branch
     * predictor invalidated, DSB, ISB (arch_sync_loaded_image, one line). */
    arch_sync_loaded_image((const void *)ns->load[0].dst, 4u);
    mon_printf("guest '%s': reloaded, restarting (restart %u)", v->cfg->name,
               (unsigned)v->ns_restarts);
    return 0;
}

/* The boot vCPU begins the guest's restart (ns_request, NS_REQ_RESTART). */
static void begin_reload(struct vcpu *v)
{
    v->ns_restarts++;
    vfp_forget(this_pcpu(), v);      /* it restarts with zeroed VFP registers */
    v->ns_reloading = 1;
    v->ns_reload_item = 0;
    v->ns_reload_word = 0;
    arch_dcache_clean_inv_all();     /* no dirty line of the old run lands on the new image */
}

int ns_resume(struct pcpu *p, struct vcpu *v, struct trap_frame *f)
{
    unsigned secondary = v->ns_core != v->cfg->core;
    switch (ns_smp_apply(v)) {
    case NS_ACT_STOPPED:
        plat_gic_ns_quiesce(p->id);
        if (secondary)
            mon_printf("guest '%s': its vCPU on core %u stopped", v->cfg->name, p->id);
        else
            health_ns_stopped();     /* on_all_stopped, if it was the last guest */
        return 1;
    case NS_ACT_OFF:
        plat_gic_ns_quiesce(p->id);
        mon_printf("guest '%s': its vCPU on core %u off: the guest restarts", v->cfg->name,
                   p->id);
        return 1;
    case NS_ACT_RESTART:
        plat_gic_ns_quiesce(p->id);
        begin_reload(v);
        return 1;
    case NS_ACT_CPU_ON:
        /* PSCI CPU_ON (ARM DEN 0022D 6.4.3): at the entry point in the
         * caller's mode (NS SVC), MMU and caches off, r0 = the context id;
         * Thumb if bit 0 of the entry is set. */
        ns_vcpu_reset(v);
        v->ctx.r[0] = v->ns_on_ctx;
        v->ctx.r[1] = v->ctx.r[2] = 0;
        v->ctx.pc = v->ns_on_entry & ~1u;
        if (v->ns_on_entry & 1u)
            v->ctx.cpsr |= PSR_T;
        arch_frame_copy(f, &v->ctx);
        arch_ns_cp15_reset();        /* this core's Non-secure bank */
        ns_smp_started(v);
        mon_printf("guest '%s': its vCPU on core %u on at 0x%08x (PSCI CPU_ON)", v->cfg->name,
                   p->id, (unsigned)v->ns_on_entry);
        break;
    case NS_ACT_NONE:
        break;
    }
    if (v->ns_reloading) {
        if (reload_step(v))
            return 1;
        ns_vcpu_reset(v);
        arch_frame_copy(f, &v->ctx);
        arch_ns_cp15_reset();
    }
    struct ns_regs *r = &ns_regs[p->id];
    BENCH_STAMP(r->bench[2]);
    arch_frame_copy(&r->f, f);
    arch_fiq_mask();
    /* The guest's VFP registers and FPEXC, then its CPACR (after the FPEXC
     * write, which needs the monitor's cp10 access). An ISB follows in
     * arch_world_enter before the guest's first instruction. */
    vfp_ns_enter(p, v, r->fpexc);
    if (r->cpacr != CPACR_MONITOR)
        cp15_write_cpacr(r->cpacr);
    plat_gic_ns_run(r->grp1);
    arch_world_enter(r, (uint32_t)(f + 1));
}

void ns_exit_c(struct trap_frame *f, unsigned kind)
{
    struct pcpu *p = this_pcpu();
    struct ns_regs *r = &ns_regs[p->id];
    r->grp1 = plat_gic_secure_run();
    uint32_t cpacr = cp15_read_cpacr();
    r->cpacr = cpacr;
    if (cpacr != CPACR_MONITOR) {
        cp15_write_cpacr(CPACR_MONITOR);
        isb();                      /* B4.1.40: before the FPEXC access relies on it */
    }
    vfp_ns_leave(p, &r->fpexc);     /* no Secure code runs on the guest's VFP registers */
    BENCH_STAMP(r->bench[1]);
    if (kind == TRAP_SMC) {
        struct vcpu *v = p->current;
        uint32_t fid = f->r[0];
        psci_call(p, v, f);
        if (fid == NS_PSCI_CPU_OFF && v->ns_off && v->state == VCPU_READY)
            mon_printf("guest '%s': its vCPU on core %u off (PSCI CPU_OFF)", v->cfg->name,
                       p->id);
    } else
        trap_irq(p);
    sched_resume(p, f);
    arch_enter_user(f);
}

/* Both apply to the whole guest, on every core it runs on (nssmp.c). */
void ns_stop(struct vcpu *v, const char *why)
{
    mon_printf("guest '%s': %s: stopped", v->cfg->name, why);
    ns_request(v, NS_REQ_STOP);
}

void ns_reset_request(struct vcpu *v, const char *why)
{
    /* The guest's fault policy (docs/monitor.md): SYSTEM_RESET is all the
     * monitor sees of a reboot and of a panic (panic=-1), and each counts
     * as a restart. The count is kept by the boot vCPU (begin_reload),
     * whichever of the guest's cores asked. */
    const struct cfg_guest *g = v->cfg;
    const struct vcpu *boot = ns_vcpu_on(g->core, v->index);
    unsigned done = boot ? boot->ns_restarts : v->ns_restarts;
    if (g->on_fault == FAULT_STOP_SYSTEM) {
        health_ns_stop_system(v, why);
        return;
    }
    if (g->on_fault == FAULT_RESTART && done < g->max_restarts) {
        ns_restart(v, why);
        return;
    }
    mon_printf("guest '%s': %s: stopped (on_fault: %s, after %u restarts)", g->name, why,
               g->on_fault == FAULT_RESTART ? "restart" : "stop", done);
    ns_request(v, NS_REQ_STOP);
}

void ns_restart(struct vcpu *v, const char *why)
{
    mon_printf("guest '%s': %s: restarting", v->cfg->name, why);
    ns_request(v, NS_REQ_RESTART);
}

void ns_doorbell(uint32_t spi)
{
    /* The writer's ring stores are in memory before the reader can take
     * the interrupt (plat_gic_pend: DSB before the distributor write). */
    plat_gic_pend(spi);
}

int32_t ns_bench_stamps(struct pcpu *p, struct trap_frame *f)
{
#ifdef CONFIG_BENCH_STAMPS
    if (system_config.cores[p->id].ns_guest == CFG_OWNER_NONE)
        return HV_ENOSYS;
    const struct ns_regs *r = &ns_regs[p->id];
    f->r[1] = r->bench[1];
    f->r[2] = r->bench[2];
    f->r[3] = r->bench[3] + 4u;     /* mrc, str, ldmia, movs: then the guest's */
    return (int32_t)(r->bench[0] - 3u);   /* b ns_fiq_entry, sub, stmia: then the mrc */
#else
    (void)p;
    (void)f;
    return HV_ENOSYS;
#endif
}
