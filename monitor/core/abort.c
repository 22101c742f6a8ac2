/* Exceptions taken from the monitor itself, asynchronous aborts (abort.h). */
#include <stddef.h>
#include "abort.h"
#include "arch.h"
#include "vcpu.h"

uint32_t abort_fixup_find(const struct ex_entry *table, uint32_t n, uint32_t pc)
{
    for (uint32_t i = 0; i < n; i++)
        if (pc >= table[i].first && pc <= table[i].last)
            return table[i].fixup;
    return 0;
}

struct vcpu *abort_async_culprit(struct vcpu *prev)
{
    /* A stopped guest is still the one whose turn it was: it is charged
     * (counted) even though it cannot be stopped twice. */
    return prev;
}

#ifndef HOST_TEST

#include "console.h"
#include "health.h"
#include "sched.h"

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

void abort_async(struct vcpu *prev, uint32_t fsr)
{
    struct vcpu *v = abort_async_culprit(prev);
    if (!v) {
        mon_printf("core %u: asynchronous abort (DFSR 0x%03x) from the monitor's own "
                   "accesses; no guest charged", arch_cpu_id(), (unsigned)fsr);
        return;
    }
    v->faults++;
    if (v->state == VCPU_STOPPED) {
        mon_printf("guest '%s' (stopped): asynchronous abort, DFSR 0x%03x, at the end of "
                   "its turn", v->cfg->name, (unsigned)fsr);
        return;
    }
    sched_stop(v);
    mon_printf("guest '%s' stopped: %s (DFSR 0x%03x) pending at the end of its turn",
               v->cfg->name, health_fault_name(fsr), (unsigned)fsr);
}

void trap_monitor(struct trap_frame *f, unsigned kind)
{
    STACK_CHECK();
    if (kind == TRAP_DABT) {
        uint32_t fixup = abort_fixup_find(__ex_table_start,
                                          (uint32_t)(__ex_table_end - __ex_table_start), f->pc);
        if (fixup) {
            f->pc = fixup;
            return;
        }
    }
    panic_exception(f, (enum trap_kind)kind);
}

#endif
