/*
 * The fast guest switch (issue 11): HC_YIELD and HC_JOB_DONE answered from
 * hvc_svc, with the decision in a few compares (edf_switch) when nothing
 * else is due in this entry, and the context switch of the pass
 * (sched_dispatch) without the rest of sched_resume. Everything else goes
 * through the full pass, as before: docs/monitor.md, "Scheduling".
 */
#include "abi/hypercall.h"
#include "config.h"
#include "edf.h"
#include "plat.h"
#include "release.h"
#include "sched.h"
#include "switch.h"
#include "trace.h"
#include "vcpu.h"
#include "virq.h"

void sched_switch_call(struct pcpu *p, struct vcpu *v, struct trap_frame *f, uint32_t nr)
{
    uint64_t now = plat_time_now();         /* the call's time is the decision's */
    unsigned i = (unsigned)(v->ev - p->ev);
    int done = nr == HC_JOB_DONE;
    f->r[0] = 0;
    if (done)
        TRACE(TR_JOB_DONE, v->index, 0);
    /* The fast switch when this entry has nothing else to do: no pass asked
     * for (an event, a kick), no timer interrupt taken, no vCPU of the core
     * blocked (no wake-up to look for: wake_pass), no virtual timer due,
     * no time-triggered release on the core (the pass plans its lead:
     * release.h);
     * and edf_switch decides (no SRT job active, no release due: budget
     * enforcement and EDF order are edf_schedule's). What the pass does
     * after its decision is done here in the same order: the events kept
     * (timer_fired's test), the one-shot armed, the dispatch with its checks
     * and CP15 switches, the trace, the upcall. */
    if (p->need_resched || p->ticked || p->blocked || now >= p->vt_next || release_leads(p)) {
        if (done)
            edf_job_done(&p->edf, i, now);
        else
            edf_yield(&p->edf, i, now);
        goto pass;
    }
    int exact;
    int k = edf_switch(&p->edf, i, done, now, &p->edf_next, &exact);
    if (k == EDF_SWITCH_FULL)
        goto pass;                          /* the event is applied; the pass decides */
    if (k < 0)
        goto again;
    struct vcpu *n = p->slot[k];
    if (n->restarting || n->cfg->world == WORLD_NS)
        goto again;
    TRACE_EDF(p);
    p->edf_next_exact = (uint8_t)exact;
    uint64_t next = p->edf_next;
    if (p->vt_next < next) {
        next = p->vt_next;
        exact = 1;
    }
    /* An NRT quantum's end later than the time the one-shot is armed for
     * (the quantum before this one, in a yield ping-pong) is left as it is:
     * the timer fires early, timer_fired finds no EDF event due and arms it
     * for edf_next without a pass. The quantum ends on time; one interrupt
     * per quantum instead of a timer write per switch. An SRT event or a
     * virtual timer is armed exactly, as the pass does. */
    if (exact || next < p->timer_at)
        sched_program_timer(p, next, now, exact);
    sched_dispatch(p, n, f);
    TRACE_DISPATCH(p, n->index);
    if (upcall_due(n))
        virq_deliver(n, f);
    return;

again:
    /* Decided, but the pass must act (idle, a restart's step, a Non-secure
     * guest): it decides again at the time it reads, from the state this
     * decision left (as its own loop does after an idle wait). */
    p->need_resched = 1;
    sched_resume(p, f);
    return;

pass:
    p->now = now;
    p->now_valid = 1;
    p->need_resched = 1;
    sched_resume(p, f);
}
