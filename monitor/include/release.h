/*
 * Time-triggered SRT releases (an SRT guest's `exact_release`; docs/monitor.md
 * "Scheduling", docs/performance.md "Fast paths: the release jitter").
 *
 * A release whose interrupt falls inside another guest's masked monitor
 * entry waits for that entry's end, so where the interrupt hits shifts the
 * job's start by up to the longest masked path. For a vCPU with a lead
 * (edf_vcpu.lead, ticks, from the generated tables) the core's one-shot
 * fires `lead` ticks before the release instead; the pass that follows
 * waits, interrupts masked, polling the global timer, until the release
 * time itself and only then decides, so the job starts a fixed path after
 * its release wherever the interrupt hit. The lead is at least the longest
 * masked path a guest of the core can cause plus the timer interrupt's own
 * path up to the wait (the generator computes it); the wait is never longer
 * than the lead (the bounded-path rule), and it is charged to nobody's
 * budget (edf_pause) but to the admission of the vCPU whose release it is.
 */
#ifndef RELEASE_H
#define RELEASE_H

#include <stdint.h>
#include "edf.h"

struct pcpu;

/* Pure logic (host-tested). The earliest next release among c's SRT vCPUs
 * that have a lead and are not stopped: its time in *rel and its lead in
 * *lead; returns when the one-shot must fire for it (rel - lead, 0 if the
 * lead reaches back before time 0), or EDF_NEVER (then *rel = EDF_NEVER,
 * *lead = 0) if there is none. */
uint64_t release_next_lead(const struct edf_core *c, uint64_t *rel, uint32_t *lead);

/* How long a pass at `now` must wait for the planned release `rel` whose
 * one-shot fired at `lead_at` = rel - lead: 0 if the release is due, else
 * rel - now, which is at most `lead` because the wait starts only at
 * now >= lead_at; RELEASE_UNBOUNDED if that would not hold. */
#define RELEASE_UNBOUNDED UINT64_MAX
uint64_t release_wait_span(uint64_t now, uint64_t rel, uint32_t lead);

#ifndef HOST_TEST
#include "config.h"
#include "vcpu.h"

/* After a pass: plans the core's next time-triggered release into
 * p->lead_at / p->rel_at and returns min(next, p->lead_at). */
uint64_t release_plan(struct pcpu *p, uint64_t next);

/* At a pass at `now` >= p->lead_at: waits until the planned release (at
 * most its lead, asserted), leaves the wait uncharged, and returns the time
 * the pass decides at (the release time, or `now` if it was due already). */
uint64_t release_wait(struct pcpu *p, uint64_t now);

/* The scheduling pass's two hooks (sched.c). Compiled in only when a guest
 * of the system has exact_release (build.mk RELEASE_LEADS, -DCONFIG_RELEASE_LEADS):
 * otherwise the pass is exactly what it was without them. */
#ifdef CONFIG_RELEASE_LEADS
/* At sched_start, for the vCPU of guest g (before its density is kept):
 * its lead; the core plans its first lead at its first pass. */
static inline void release_start(struct pcpu *p, struct edf_vcpu *ev, const struct cfg_guest *g)
{
    ev->lead = g->release_lead;
    p->leads |= g->release_lead != 0;
    p->lead_at = EDF_NEVER;
    p->rel_at = EDF_NEVER;
}

/* Before the decision: the time the pass decides at. */
static inline uint64_t release_pass_now(struct pcpu *p, uint64_t now)
{
    if (p->leads && now >= p->lead_at)
        now = release_wait(p, now);
    return now;
}

/* Whether the core has time-triggered releases: then every decision is
 * the pass's, which plans the next lead (the fast guest switch, switch.c,
 * takes the pass on such a core). */
static inline int release_leads(const struct pcpu *p)
{
    return p->leads;
}

/* After it: the core's next event with the next lead folded in. */
static inline void release_pass_next(struct pcpu *p, uint64_t *next, int *exact)
{
    if (p->leads) {
        uint64_t t = release_plan(p, *next);
        *exact |= t != *next;
        *next = t;
    }
}
#else
/* No guest has a lead: release_lead is 0 in every table, and the static
 * pcpu and edf_vcpu already hold 0 (leads, lead). */
static inline void release_start(struct pcpu *p, struct edf_vcpu *ev, const struct cfg_guest *g)
{
    (void)p, (void)ev, (void)g;
}

static inline uint64_t release_pass_now(struct pcpu *p, uint64_t now)
{
    (void)p;
    return now;
}

static inline int release_leads(const struct pcpu *p)
{
    (void)p;
    return 0;
}

static inline void release_pass_next(struct pcpu *p, uint64_t *next, int *exact)
{
    (void)p, (void)next, (void)exact;
}
#endif
#endif

#endif
