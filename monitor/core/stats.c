/* Per-guest counters (stats.h): jobs, deadline misses, budget overruns,
 * faults. */
#include "config.h"
#include "console.h"
#include "stats.h"
#include "vcpu.h"

void stats_report(void)
{
    for (uint32_t i = 0; i < system_config.n_guests; i++) {
        const struct vcpu *v = &vcpus[i];
        const struct edf_vcpu *ev = v->ev;
        mon_printf("stats '%s': %s, jobs %u, misses %u, overruns %u, faults %u, tlb locks %u",
                   v->cfg->name, v->state == VCPU_STOPPED ? "stopped" : "running",
                   ev ? (unsigned)ev->jobs : 0u, ev ? (unsigned)ev->misses : 0u,
                   ev ? (unsigned)ev->overruns : 0u, (unsigned)v->faults,
                   (unsigned)v->tlb_locks);
    }
    for (uint32_t i = 0; i < system_config.n_guests; i++) {
        const struct vcpu *v = &vcpus[i];
        if (v->faults)
            mon_printf("health '%s': faults %u (undefined instruction %u, prefetch abort %u, "
                       "data abort %u), restarts %u", v->cfg->name, (unsigned)v->faults,
                       (unsigned)v->faults_undef, (unsigned)v->faults_pabt,
                       (unsigned)v->faults_dabt, (unsigned)v->restarts);
    }
}
