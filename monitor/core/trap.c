/*
 * The exceptions of a shared core arrive here from vectors.S with the
 * interrupted context in `f` (but a guest's SVC, hvc_svc() in hvc.c, its
 * data abort, ioemu_dabt() in ioemu.c, and an IRQ, irq_entry_c() in
 * irqfast.c: each its own fast entry); the SMC of an HRT guest arrives at
 * smc_entry_c(). The monitor never takes an exception from itself: it runs
 * with IRQs masked, so any trap from a privileged mode is a monitor bug.
 */
#include "arch.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "hvc.h"
#include "ioemu.h"
#include "plat.h"
#include "sched.h"
#include "trace.h"
#include "trap.h"
#include "virq.h"
#include "vcpu.h"
#include "vfp.h"


void trap_entry(struct trap_frame *f, unsigned kind)
{
    STACK_CHECK();
    struct pcpu *p = this_pcpu();
    if ((f->cpsr & PSR_MODE_MASK) != PSR_MODE_USR || p->current == 0)
        PANIC("exception taken from the monitor");

    TRACE_WHY(p->id, TW_FAULT);
    switch (kind) {
    case TRAP_UNDEF:
        if (vfp_undef(p, p->current, f))
            break;                      /* a hard-float guest's first VFP use: re-execute */
        health_guest_fault(p->current, f, TRAP_UNDEF);
        break;
    case TRAP_PABT:
        health_guest_fault(p->current, f, (enum trap_kind)kind);
        break;
    default:
        PANIC("unexpected exception");
    }
    sched_resume(p, f);
}

/* vectors.S smc_entry picks the Monitor-mode stack of core 0 or 1. */
_Static_assert(CONFIG_MAX_CORES == 2, "smc_entry knows two cores");

void smc_entry_c(struct trap_frame *f)
{
    STACK_CHECK();
    /* The HRT guest runs at PL1 and owns TPIDRPRW's Secure copy while it
     * runs: the monitor's per-core pointer is installed from MPIDR for the
     * call and the guest's value put back after it (percpu.h). */
    struct pcpu *p = &pcpus[arch_cpu_id()];
    uint32_t guest_tpidrprw = arch_this_cpu_set(p);
    hvc_dispatch(p, p->current, f);
    arch_this_cpu_restore(guest_tpidrprw);
}
