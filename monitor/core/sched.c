/*
 * The monitor's side of the shared-core scheduler (sched.h): the decisions
 * are edf.c's; this file turns them into context and address-space
 * switches, and time into one-shot timer interrupts.
 */
#include "abi/hypercall.h"
#include "abort.h"
#include "arch.h"
#include "config.h"
#include "edf.h"
#include "health.h"
#include "nsworld.h"
#include "plat.h"
#include "release.h"
#include "restart.h"
#include "sched.h"
#include "switch.h"
#include "tlb.h"
#include "trace.h"
#include "trap.h"
#include "virq.h"
#include "vcpu.h"
#include "vfp.h"
#include "wake.h"


uint64_t sched_now(void)
{
    return plat_time_now();
}

/* Fires the virtual timers of the core that are due at `now` and keeps the
 * earliest one still armed in p->vt_next. The one of `cur` (the running
 * guest taken from User mode, irqfast.c, or 0) is not raised but reported:
 * its caller delivers it (timer_fired). */
static inline __attribute__((always_inline))
int vtimers(struct pcpu *p, uint64_t now, const struct vcpu *cur)
{
    uint64_t next = EDF_NEVER;
    int cur_due = 0;
    for (unsigned i = 0; i < p->edf.n; i++) {
        struct vcpu *v = p->slot[i];
        if (!v->vtimer)
            continue;
        if (now >= v->vtimer) {
            v->vtimer = 0;
            if (v == cur)
                cur_due = 1;
            else
                virq_raise(v, CFG_VIRQ_VTIMER, p->id);
        } else if (v->vtimer < next) {
            next = v->vtimer;
        }
    }
    p->vt_next = next;
    return cur_due;
}

static __attribute__((noinline)) void vtimers_pass(struct pcpu *p, uint64_t now)
{
    (void)vtimers(p, now, 0);
}

/* Arms the core's one-shot timer for time t (EDF_NEVER: nothing), unless it
 * is armed for t already. The private timer counts a delay: for an SRT
 * event (`exact`) it is taken from the time read just before the timer is
 * written, so the length of the path since `now` does not shift the event
 * (a release would otherwise come late by that much); an NRT quantum's end
 * may come that late, and is taken from `now`. The global timer's
 * comparator takes t itself. */
static inline void program_timer(struct pcpu *p, uint64_t t, uint64_t now, int exact)
{
    if (t == p->timer_at)
        return;
    p->timer_at = t;
    if (t == EDF_NEVER) {
        plat_timer_stop(p->gtimer);
        return;
    }
    if (p->gtimer) {
        plat_gtimer_at(t);
        return;
    }
    if (exact)
        now = sched_now();
    uint64_t delta = t > now ? t - now : 1;
    plat_ptimer_oneshot(delta > UINT32_MAX ? UINT32_MAX : (uint32_t)delta);
}

void sched_program_timer(struct pcpu *p, uint64_t t, uint64_t now, int exact)
{
    program_timer(p, t, now, exact);
}

/* The time for this entry's decisions: read once per entry (a hypercall that
 * read it already left it in p->now). */
static uint64_t entry_now(struct pcpu *p)
{
    if (p->now_valid)
        return p->now;
    return sched_now();
}

/* The timer fired and nothing else asks for a pass: if only virtual timers
 * are due, no EDF event, fire them and arm the timer again, without a
 * scheduling pass (the running vCPU keeps the core; a vIRQ for another one
 * waits in its queue for its next dispatch). With `f`, the running guest's
 * own vIRQ enters its handler at once where it may (virq_enter), once the
 * timer is armed again; returns whether it did. */
static inline __attribute__((always_inline))
int timer_fired(struct pcpu *p, struct trap_frame *f)
{
    uint64_t now = sched_now();
    if (now >= p->edf_next) {
        p->need_resched = 1;
        return 0;
    }
    struct vcpu *cur = f ? p->current : 0;
    int cur_due = 0;
    if (f)
        cur_due = vtimers(p, now, cur);         /* the IRQ entry's: inline */
    else
        vtimers_pass(p, now);
    uint64_t t = p->vt_next < p->edf_next ? p->vt_next : p->edf_next;
    program_timer(p, t, now, t != p->edf_next || p->edf_next_exact);   /* as the pass */
    if (!cur_due)
        return 0;
    if (virq_enter(cur, f, CFG_VIRQ_VTIMER))
        return 1;
    virq_raise(cur, CFG_VIRQ_VTIMER, p->id);
    return 0;
}

void sched_tick(struct pcpu *p)
{
    TRACE_WHY(p->id, TW_TIMER);
    plat_timer_ack(p->gtimer);
    p->timer_at = EDF_NEVER;                /* the one-shot is spent */
    p->ticked = 1;                          /* what is due: sched_resume, after the other
                                             * interrupts of this entry are queued */
}

/* sched_resume's copy (the pass, and its fast branch through
 * timer_fired): out of line, as it was, so that the pass keeps its length. */
static void timer_fired_pass(struct pcpu *p)
{
    (void)timer_fired(p, 0);
}

int sched_tick_direct(struct pcpu *p, struct trap_frame *f)
{
    p->ticked = 0;
    return timer_fired(p, f);
}

void sched_vtimer_set(struct pcpu *p, struct vcpu *v, uint64_t at)
{
    v->vtimer = at;
    /* A later or cancelled timer leaves vt_next early: harmless, the pass
     * at that time finds nothing due and moves it on. */
    if (!at || at >= p->vt_next)
        return;
    p->vt_next = at;
    if (at < p->timer_at)
        program_timer(p, at, entry_now(p), 1);
}

void sched_resume(struct pcpu *p, struct trap_frame *f)
{
    struct vcpu *cur = p->current;
    if (p->ticked && !p->need_resched && cur) {
        p->ticked = 0;
        timer_fired_pass(p);
    }
    if (!p->need_resched && cur && cur->state == VCPU_READY) {
        p->now_valid = 0;
        if (cur->cfg->world != WORLD_NS) {
            if (upcall_due(cur))
                virq_deliver(cur, f);         /* interrupts for the running guest: at once */
            return;
        }
        /* Back to the Non-secure world; it returns only if the guest's
         * state changed under it (a request of its other core): a pass. */
        (void)ns_resume(p, cur, f);
    }
    p->need_resched = 0;
    for (;;) {
        p->ticked = 0;                      /* the pass looks at everything */
        if (p->blocked)
            wake_pass(p, f);
        uint64_t now = entry_now(p);
        now = release_pass_now(p, now);     /* a time-triggered release: at its time */
        p->now_valid = 0;
        uint64_t next;
        int exact;
        int i = edf_schedule(&p->edf, now, &next, &exact);
        TRACE_EDF(p);
        release_pass_next(p, &next, &exact);
        p->edf_next = next;
        p->edf_next_exact = (uint8_t)exact;
        if (now >= p->vt_next)
            vtimers_pass(p, now);
        if (p->vt_next < next) {
            next = p->vt_next;
            exact = 1;
        }
        program_timer(p, next, now, exact);
        if (i >= 0) {
            sched_dispatch(p, p->slot[i], f);
            struct vcpu *v = p->current;
            TRACE_DISPATCH(p, v->index);
            if (v->restarting && !restart_step(v, f)) {
                /* One bounded step of its reload done in its own time;
                 * take what interrupts are pending, then decide again. */
                trap_irq(p);
                continue;
            }
            if (v->cfg->world == WORLD_NS) {
                if (ns_resume(p, v, f))       /* a piece of a restart's reload: next pass */
                    continue;
            }
            if (upcall_due(v))
                virq_deliver(v, f);
            return;
        }
        /* Nothing ready: wait with IRQs masked; WFI still wakes on a
         * pending interrupt, which is then taken by polling. */
        TRACE_IDLE(p);
        arch_wait_for_interrupt();
        trap_irq(p);
    }
}

/* The time a hypercall reads is the pass's that follows it (entry_now). */
static uint64_t call_now(struct pcpu *p)
{
    p->now = sched_now();
    p->now_valid = 1;
    return p->now;
}

void sched_job_done(struct pcpu *p, struct vcpu *v)
{
    edf_job_done(&p->edf, (unsigned)(v->ev - p->ev), call_now(p));
    TRACE(TR_JOB_DONE, v->index, 0);
    p->need_resched = 1;
}

void sched_yield(struct pcpu *p, struct vcpu *v)
{
    edf_yield(&p->edf, (unsigned)(v->ev - p->ev), call_now(p));
    p->need_resched = 1;
}

void sched_stop(struct vcpu *v)
{
    v->state = VCPU_STOPPED;
    if (v->ev) {
        v->ev->state = EDF_STOPPED;
        this_pcpu()->need_resched = 1;
    }
}

void sched_block(struct vcpu *v, uint32_t events)
{
    struct pcpu *p = this_pcpu();
    v->wait_for = events;
    v->ev->state = EDF_BLOCKED;
    p->blocked++;                           /* wake_pass looks again */
    p->need_resched = 1;
}

void sched_kick(unsigned core)
{
    struct pcpu *p = this_pcpu();
    if (core == p->id) {
        TRACE_WHY(p->id, TW_EVENT);
        p->need_resched = 1;
    }
    else
        plat_gic_send_sgi(core, SCHED_KICK_SGI);
}

static uint64_t us_to_ticks(uint32_t us)
{
    /* A whole number of ticks per microsecond (100 MHz in QEMU, 333 MHz on
     * a ZC702 is not): one multiplication instead of a 64-bit division
     * (a few hundred instructions each, issue 8). */
    uint32_t hz = system_config.ptimer_hz;
    if (hz % 1000000u == 0)
        return (uint64_t)us * (hz / 1000000u);
    return (uint64_t)us * hz / 1000000u;
}

int32_t sched_set_rt(struct pcpu *p, struct vcpu *v, uint32_t period_us,
                     uint32_t budget_us, uint32_t deadline_us)
{
    const struct cfg_guest *g = v->cfg;
    uint64_t period = us_to_ticks(period_us), budget = us_to_ticks(budget_us);
    uint64_t deadline = us_to_ticks(deadline_us);
    if (g->level != LEVEL_SRT || period < g->min_period || budget > g->max_budget ||
        period < system_config.min_period_ticks || budget < system_config.min_budget_ticks ||
        !edf_admissible(&p->edf, (unsigned)(v->ev - p->ev), period, budget, deadline))
        return HV_EINVAL;
    edf_set_params_on(&p->edf, (unsigned)(v->ev - p->ev), period, budget, deadline);
    return 0;
}

void sched_start(struct pcpu *p)
{
    const struct cfg_core *c = &system_config.cores[p->id];
    p->edf.v = p->ev;
    p->edf.n = c->n_vcpus;
    p->edf.quantum = c->quantum_ticks;
    p->edf.job_overhead = system_config.job_overhead_ticks;
    for (unsigned i = 0; i < c->n_vcpus; i++) {
        struct vcpu *v = ns_vcpu_on(p->id, c->vcpus[i]);   /* vcpus[] but a secondary NS one */
        const struct cfg_guest *g = v->cfg;
        struct edf_vcpu *ev = &p->ev[i];
        p->slot[i] = v;
        v->ev = ev;
        ev->level = g->level == LEVEL_SRT ? EDF_SRT : EDF_NRT;
        ev->state = v->state == VCPU_READY ? EDF_READY : EDF_STOPPED;
        release_start(p, ev, g);            /* its lead, before its density is kept */
        if (g->level == LEVEL_SRT)
            edf_set_params_on(&p->edf, i, g->period, g->budget, g->deadline);
        /* A prebuilt image may start in Thumb state (entry bit 0, as in an
         * ELF's e_entry): the state is the CPSR's T bit, not the pc's. */
        v->ctx.pc = g->entry & ~1u;
        v->ctx.sp_usr = g->stack_top;
        v->ctx.cpsr = PSR_MODE_USR | ((g->entry & 1u) ? PSR_T : 0u);   /* IRQs unmasked */
        if (g->world == WORLD_NS && ns_vcpu_start(v))
            ns_vcpu_reset(v);
    }
    /* 8-byte aligned: the fast entries call C on the frame itself (vectors.S
     * FAST_USER_FRAME), and this is every entry's frame from now on. */
    _Alignas(8) struct trap_frame f = {0};
    p->current = 0;
    p->need_resched = 1;
    p->gtimer = c->sched_timer == SCHED_TIMER_GLOBAL;
    p->edf_next = 0;
    p->vt_next = EDF_NEVER;
    p->timer_at = 0;                        /* unknown: the first pass arms or stops it */
    p->blocked = CONFIG_MAX_GUESTS;         /* the first pass looks */
    edf_start(&p->edf, sched_now());
    TRACE_WHY(p->id, TW_START);
    sched_resume(p, &f);
    arch_enter_user(&f);
}
