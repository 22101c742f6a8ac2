/*
 * The interrupt path of a shared core (issue 11): vectors.S irq_entry
 * (FAST_USER_FRAME) calls irq_entry_c() on the interrupted guest's frame,
 * without trap_entry's dispatch. An interrupt for the running guest enters
 * its handler straight from the frame (virq_enter) when nothing is queued
 * before it; everything else is queued as before (virq_raise) and taken by
 * sched_resume(). trap_irq() is the same loop for the monitor's own polling
 * (the idle loop, a restart step, the Non-secure world's exits, an idle
 * core), which never delivers directly.
 */
#include "arch.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "ioemu.h"
#include "plat.h"
#include "sched.h"
#include "trace.h"
#include "trap.h"
#include "virq.h"
#include "vcpu.h"

/* `f`: the frame of p->current, the running guest, or 0 (no direct
 * delivery). Returns 1 after the console's (bounded, but larger) work,
 * which an entry does at most once, 2 after a direct delivery (below).
 * Inline in both callers: the test of `f` folds away in trap_irq(). */
static inline __attribute__((always_inline))
int irq_dispatch(struct pcpu *p, uint32_t id, struct trap_frame *f)
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
        sched_tick(p);                  /* acknowledges the timer */
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
        /* p->current, with `f`, is a Secure User-mode guest's one vCPU,
         * vcpus[its index]: the index compares for the pointer. Not when
         * this entry has a pass to come (the timer taken before it, or a
         * kick): the pass may find a deadline miss, whose upcall goes
         * before any vIRQ (virq_deliver), so the vIRQ waits in the queue
         * for it as it did without the direct delivery. */
        if (f && !p->ticked && !p->need_resched && owner == p->current->index &&
            virq_enter(p->current, f, id))
            return 2;
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
 * this bound) are still queued before the scheduling pass, in ID order,
 * and the virtual timers they found due after them (sched_tick).
 *
 * The loop also ends after a direct delivery (which is made only while
 * nothing in this entry asks for a pass: no timer taken before it, no
 * kick, irq_dispatch): the upcall starts with the guest's IRQs
 * unmasked (virq_upcall_enter, CPSR.I clear), so an interrupt still
 * pending at the CPU interface is taken at the handler's first instruction
 * and queued then (the guest is in its upcall), in the order the GIC gives
 * it, behind the one delivered, as this loop would have queued it; a timer
 * interrupt among them queues its virtual timers behind it, as
 * sched_resume would. This spares the acknowledge that would only read the
 * spurious ID. */
#define TRAP_IRQ_MAX 4u

/* Returns 1 if an interrupt entered the running guest's handler directly
 * (only with `f`). */
static inline __attribute__((always_inline))
int irq_take(struct pcpu *p, struct trap_frame *f)
{
    int entered = 0;
    for (unsigned n = 0; n < TRAP_IRQ_MAX; n++) {
        uint32_t iar = plat_gic_ack();
        uint32_t id = iar & 0x3ffu;
        /* IDs 1020-1023 are special (GICv1, IHI 0048A 3.2.5 and 4.4.4):
         * 1023 = nothing pending, 1022 = only an interrupt of the other
         * group is pending. Such a read acknowledges nothing, so its ID is
         * never written back to EOIR. */
        if (id >= IRQ_FIRST_SPECIAL)
            break;
        /* An SGI announces Normal-memory data written by the other core
         * before its DSB (plat_gic_send_sgi). The IAR read is a Device
         * access, not ordered with the Normal loads that follow (ARM ARM
         * A3.8.3): a DMB keeps them from reading older data. */
        if (id < 16u)
            arch_memory_barrier();
        int done = irq_dispatch(p, id, f);
        plat_gic_eoi(iar);
        if (done == 1)
            break;
        if (done == 2) {
            entered = 1;
            break;
        }
    }
    return entered;
}

void trap_irq(struct pcpu *p)
{
    (void)irq_take(p, 0);
}

void irq_entry_c(struct trap_frame *f)
{
    STACK_CHECK();
    struct pcpu *p = this_pcpu();
    struct vcpu *v = p->current;
    /* From User mode: M[3:0] == 0 (ARM ARM B1.3.1), as hvc_svc tests it.
     * The monitor runs with IRQs masked, so this is a monitor bug. */
    if (__builtin_expect((f->cpsr & 0xfu) != 0, 0))
        PANIC("exception taken from the monitor");
    if (__builtin_expect(v == 0, 0))
        PANIC("exception taken from the monitor (no vCPU)");
    int entered = irq_take(p, f);
    if (p->ticked && !p->need_resched)
        entered |= sched_tick_direct(p, f);   /* as sched_resume's fast branch */
    /* A direct delivery is made only while the entry asks for no pass
     * (irq_dispatch, and sched_tick_direct only without one): the guest is
     * in its upcall, still ready, and nothing queued can be delivered
     * before its HC_VIRQ_RETURN, a trap that looks again. */
    if (!entered)
        trap_resume(p, v, f);
}
