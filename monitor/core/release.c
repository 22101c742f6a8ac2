/* Time-triggered SRT releases (release.h). */
#include "release.h"

uint64_t release_next_lead(const struct edf_core *c, uint64_t *rel, uint32_t *lead)
{
    uint64_t at = EDF_NEVER, r = EDF_NEVER;
    uint32_t l = 0;
    for (unsigned i = 0; i < c->n; i++) {
        const struct edf_vcpu *v = &c->v[i];
        if (!v->lead || v->level != EDF_SRT || v->state == EDF_STOPPED)
            continue;
        uint64_t t = v->next_release > v->lead ? v->next_release - v->lead : 0;
        if (t < at) {
            at = t;
            r = v->next_release;
            l = v->lead;
        }
    }
    *rel = r;
    *lead = l;
    return at;
}

uint64_t release_wait_span(uint64_t now, uint64_t rel, uint32_t lead)
{
    if (now >= rel)
        return 0;
    uint64_t span = rel - now;
    return span <= lead ? span : RELEASE_UNBOUNDED;
}

#ifndef HOST_TEST

#include "health.h"
#include "plat.h"
#include "vcpu.h"

uint64_t release_plan(struct pcpu *p, uint64_t next)
{
    uint32_t lead;
    uint64_t at = release_next_lead(&p->edf, &p->rel_at, &lead);
    p->lead_at = at;
    p->rel_lead = lead;
    return at < next ? at : next;
}

uint64_t release_wait(struct pcpu *p, uint64_t now)
{
    uint64_t rel = p->rel_at;
    uint64_t span = release_wait_span(now, rel, p->rel_lead);
    p->lead_at = EDF_NEVER;                 /* this pass plans the next one */
    if (span == 0)
        return now;                         /* due already: decide at once */
    /* The release planned may be gone since the plan (its vCPU stopped:
     * a fault, a stop-system of the other core): a stopped vCPU is not
     * waited for, and the pass plans the next lead. */
    uint64_t planned;
    uint32_t l;
    (void)release_next_lead(&p->edf, &planned, &l);
    if (planned != rel)
        return now;
    /* Bounded monitor work (docs/performance.md section 8): the wait is at
     * most the lead, which the admission charged. `now` may be a hypercall's
     * earlier reading (entry_now): the wait is then shorter still. */
    if (span == RELEASE_UNBOUNDED)
        PANIC("release wait longer than its lead");
    edf_pause(&p->edf, now, rel);           /* nobody's budget, the released one's from rel */
    plat_time_wait_until(rel);
    return rel;
}

#endif
