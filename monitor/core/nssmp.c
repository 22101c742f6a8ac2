/*
 * A Non-secure guest on several cores (`cores: [0, 1]`): one Non-secure
 * vCPU per core, each an NRT vCPU of its own core's scheduler with its own
 * banked-register save area (nsworld.c ns_regs[core]), its own Monitor
 * vectors and its own CP15 bank; PSCI 0.2 CPU_ON, CPU_OFF and
 * AFFINITY_INFO between them (ARM DEN 0022D 5.1.4-5.1.6), and the
 * guest-wide SYSTEM_OFF / SYSTEM_RESET told to every core of the guest.
 *
 * The vCPU of the guest's boot core (`core`) is vcpus[guest], the one Linux
 * starts on; the vCPU of each other core c is ns_secondary[c] (one at most:
 * one Non-secure guest per core). A secondary starts off: blocked on
 * WAKE_CPU_ON.
 *
 * Across cores only the existing wake/kick protocol (wake.h,
 * tests/models/wakeup.pml) and two atomic words are used:
 * - ns_aff (per vCPU): OFF -> ON_PENDING by the CPU_ON caller (a CAS, so
 *   two calls cannot both start it), -> ON and -> OFF by the vCPU's own
 *   core only. The caller writes the entry and context id before posting
 *   WAKE_CPU_ON with a release; the target core reads them after taking it
 *   with an acquire.
 * - ns_req (per guest): a request counter and kind (stop, restart), bumped
 *   by the vCPU that calls SYSTEM_OFF / SYSTEM_RESET, which then kicks every
 *   core of the guest. Each vCPU's core applies a request it has not seen
 *   before it enters the Non-secure world again (ns_smp_apply): the kick is
 *   a Group 0 SGI, so a core that runs the guest takes it as FIQ at once;
 *   a core that does not will look at the request before it does.
 *   A restart reloads the image only once every other vCPU is OFF
 *   (ns_others_off), so no core of the old run executes or writes while
 *   the new one is copied in (tests/models/ns_smp.pml).
 */
#include "config.h"
#include "nsworld.h"
#include "sched.h"
#include "vcpu.h"
#include "wake.h"

#define PSCI_SUCCESS    0
#define PSCI_DENIED     (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)

struct vcpu ns_secondary[CONFIG_MAX_CORES];
static uint32_t ns_req[CONFIG_MAX_GUESTS];

/* The vCPU of the same guest on `core`, or 0. */
static struct vcpu *sibling(const struct vcpu *v, unsigned core)
{
    if (core >= CONFIG_MAX_CORES || !(v->cfg->ns->cpus & (1u << core)))
        return 0;
    return core == v->cfg->core ? &vcpus[v->index] : &ns_secondary[core];
}

void ns_smp_init(unsigned guest)
{
    struct vcpu *b = &vcpus[guest];
    const struct cfg_guest *g = b->cfg;
    b->ns_core = g->core;
    b->ns_aff = NS_AFF_ON;
    for (unsigned c = 0; c < CONFIG_MAX_CORES; c++) {
        if (c == g->core || !(g->ns->cpus & (1u << c)))
            continue;
        struct vcpu *s = &ns_secondary[c];
        s->cfg = g;
        s->index = (uint8_t)guest;
        s->state = VCPU_READY;
        s->ns_core = (uint8_t)c;
        s->ns_off = 1;
        s->ns_aff = NS_AFF_OFF;
    }
}

int ns_vcpu_start(struct vcpu *v)
{
    if (v->ns_core == v->cfg->core)
        return 1;                       /* the boot vCPU: enter at the kernel */
    /* Off until CPU_ON: blocked on its own core (sched_start made ev). */
    v->wait_for = WAKE_CPU_ON;
    v->ev->state = EDF_BLOCKED;
    return 0;
}

/* Own core: the vCPU is off from here; AFFINITY_INFO says so last, once
 * nothing of it runs (the release orders ns_off and the block before). */
static void go_off(struct vcpu *v)
{
    v->ns_off = 1;
    sched_block(v, WAKE_CPU_ON);
    __atomic_store_n(&v->ns_aff, NS_AFF_OFF, __ATOMIC_RELEASE);
}

int32_t ns_cpu_on(struct vcpu *caller, unsigned core, uint32_t entry, uint32_t context)
{
    struct vcpu *t = sibling(caller, core);
    if (!t)
        return PSCI_DENIED;             /* psci.c has refused cores it does not own */
    uint32_t expect = NS_AFF_OFF;
    if (!__atomic_compare_exchange_n(&t->ns_aff, &expect, NS_AFF_ON_PENDING, 0,
                                     __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
        return expect == NS_AFF_ON_PENDING ? PSCI_ON_PENDING : PSCI_ALREADY_ON;
    t->ns_on_entry = entry;
    t->ns_on_ctx = context;
    /* The requests made before this start are the old run's, not its. */
    t->ns_seen = __atomic_load_n(&ns_req[caller->index], __ATOMIC_ACQUIRE);
    __atomic_fetch_or(&t->wake, WAKE_CPU_ON, __ATOMIC_RELEASE);
    sched_kick(core);
    return PSCI_SUCCESS;
}

int32_t ns_affinity(const struct vcpu *caller, unsigned core)
{
    const struct vcpu *t = sibling(caller, core);
    return t ? (int32_t)__atomic_load_n(&t->ns_aff, __ATOMIC_ACQUIRE) : PSCI_DENIED;
}

int ns_others_off(const struct vcpu *v)
{
    for (unsigned c = 0; c < CONFIG_MAX_CORES; c++) {
        const struct vcpu *o = c == v->ns_core ? 0 : sibling(v, c);
        if (o && o->state == VCPU_READY &&
            __atomic_load_n(&o->ns_aff, __ATOMIC_ACQUIRE) != NS_AFF_OFF)
            return 0;
    }
    return 1;
}

int32_t ns_cpu_off(struct vcpu *v)
{
    if (v->ns_core != v->cfg->core) {
        go_off(v);                      /* a secondary: its core's Secure guests go on */
        return PSCI_SUCCESS;
    }
    /* The boot vCPU holds the guest's restart (the reload runs on its
     * core): it goes off only as the last one, which stops the guest. */
    if (!ns_others_off(v))
        return PSCI_DENIED;
    ns_stop(v, "PSCI CPU_OFF of its last core");
    return PSCI_SUCCESS;
}

void ns_request(struct vcpu *v, uint32_t kind)
{
    uint32_t *req = &ns_req[v->index];
    uint32_t old = __atomic_load_n(req, __ATOMIC_RELAXED), next;
    do
        next = (((old >> 2) + 1u) << 2) | kind;
    while (!__atomic_compare_exchange_n(req, &old, next, 1, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED));
    for (unsigned c = 0; c < CONFIG_MAX_CORES; c++)
        if (sibling(v, c))
            sched_kick(c);              /* this core: at the trap's return */
}

enum ns_action ns_smp_apply(struct vcpu *v)
{
    uint32_t r = __atomic_load_n(&ns_req[v->index], __ATOMIC_ACQUIRE);
    if (r != v->ns_seen) {
        v->ns_seen = r;
        if ((r & 3u) == NS_REQ_STOP) {
            v->ns_off = 1;
            __atomic_store_n(&v->ns_aff, NS_AFF_OFF, __ATOMIC_RELEASE);
            sched_stop(v);
            return NS_ACT_STOPPED;
        }
        if (v->ns_core == v->cfg->core)
            return NS_ACT_RESTART;      /* the reload, then the kernel's entry */
        go_off(v);
        return NS_ACT_OFF;
    }
    if (v->ns_off) {                    /* woken by CPU_ON (the only event it waits for) */
        v->ns_off = 0;
        return NS_ACT_CPU_ON;
    }
    return NS_ACT_NONE;
}

void ns_smp_started(struct vcpu *v)
{
    __atomic_store_n(&v->ns_aff, NS_AFF_ON, __ATOMIC_RELEASE);
}

void ns_secondaries_stop(void)
{
    for (unsigned c = 0; c < CONFIG_MAX_CORES; c++) {
        struct vcpu *s = &ns_secondary[c];
        if (!s->cfg)
            continue;
        s->state = VCPU_STOPPED;
        if (s->ev) {
            s->ev->state = EDF_STOPPED;
            sched_kick(c);
        }
    }
}
