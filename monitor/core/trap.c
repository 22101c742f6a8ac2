/*
 * The exceptions of a shared core arrive here from vectors.S with the
 * interrupted context in `f` (but a guest's SVC, hvc_svc() in hvc.c, and
 * its data abort, ioemu_dabt() in ioemu.c: each its own fast entry); the
 * SMC of an HRT guest arrives at smc_entry_c(). The monitor never takes an exception from itself: it runs
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


/* Returns 1 after the console's (bounded, but larger) work, which an
 * entry does at most once. */
static int irq_dispatch(struct pcpu *p, uint32_t id)
{
    const struct system_config *sc = &system_config;
    if (id == CONSOLE_SGI) {
        console_drain(0);
        return 1;
    }
    if (id == SCHED_KICK_SGI) {
        TRACE_WHY(p->id, TW_EVENT);
        p->need_resched = 1;            /* an event for one of this core's vCPUs */
        return 0;
    }
    uint8_t owner = id < 32 ? sc->irq_owner_ppi[p->id][id]
                  : id < sc->n_irq_lines ? sc->irq_owner[id] : CFG_OWNER_NONE;
    TRACE(TR_IRQ, owner < sc->n_guests ? owner : TRACE_NONE, id | (uint32_t)owner << 16);
    if (owner == CFG_OWNER_MONITOR && (id == sc->ptimer_irq || id == sc->gtimer_irq)) {
        plat_timer_ack();
        sched_tick(p);
    } else if (owner == CFG_OWNER_MONITOR && id == sc->console_irq) {
        plat_console_irq_ack();
        console_pump();                 /* room in the transmit FIFO */
        if (sc->console_input < sc->n_guests)
            ioemu_console_input();
        return 1;
    } else if (owner < sc->n_guests) {
        /* A level-triggered device stays masked at the distributor until
         * its guest acknowledges (HC_VIRQ_ACK), so it cannot storm. */
        if (id >= 32 && !(sc->irq_flags[id] & CFG_IRQ_EDGE))
            plat_gic_disable(id);
        virq_raise(&vcpus[owner], id, p->id);
    } else {
        plat_gic_disable(id);
        mon_printf("core %u: interrupt %u has no owner; disabled", p->id, (unsigned)id);
    }
    return 0;
}

/* Interrupts one entry takes at most (issue 8: bounded work with IRQs
 * masked), of which at most one console interrupt (its pump or drain is
 * the largest handler; in QEMU, whose UART sends at once, the transmit
 * interrupt is pending again as soon as it is handled). What is still
 * pending stays pending at the CPU interface and is taken at once when the
 * guest's IRQs are unmasked again (or wakes the idle loop's WFI), so
 * nothing is lost; the bound only stops another core (SGIs) or a device
 * from holding this core in one entry. Interrupts pending together (up to
 * this bound) are still queued before the scheduling pass, in ID order. */
#define TRAP_IRQ_MAX 4u

void trap_irq(struct pcpu *p)
{
    for (unsigned n = 0; n < TRAP_IRQ_MAX; n++) {
        uint32_t iar = plat_gic_ack();
        uint32_t id = iar & 0x3ffu;
        /* IDs 1020-1023 are special (GICv1, IHI 0048A 3.2.5 and 4.4.4):
         * 1023 = nothing pending, 1022 = only an interrupt of the other
         * group is pending. Such a read acknowledges nothing, so its ID is
         * never written back to EOIR. */
        if (id >= IRQ_FIRST_SPECIAL)
            return;
        /* An SGI announces Normal-memory data written by the other core
         * before its DSB (plat_gic_send_sgi). The IAR read is a Device
         * access, not ordered with the Normal loads that follow (ARM ARM
         * A3.8.3): a DMB keeps them from reading older data. */
        if (id < 16u)
            arch_memory_barrier();
        int console = irq_dispatch(p, id);
        plat_gic_eoi(iar);
        if (console)
            return;
    }
}

void trap_entry(struct trap_frame *f, unsigned kind)
{
    STACK_CHECK();
    struct pcpu *p = this_pcpu();
    if ((f->cpsr & PSR_MODE_MASK) != PSR_MODE_USR || p->current == 0)
        PANIC("exception taken from the monitor");

    if (kind != TRAP_IRQ)                   /* interrupts say why in irq_dispatch */
        TRACE_WHY(p->id, TW_FAULT);
    switch (kind) {
    case TRAP_IRQ:
        trap_irq(p);
        break;
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
    struct pcpu *p = this_pcpu();
    hvc_dispatch(p, p->current, f);
}
