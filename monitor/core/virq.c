/* Virtual interrupts and upcalls (virq.h). */
#include "abi/hypercall.h"
#include "arch.h"
#include "config.h"
#include "guestmem.h"
#include "virq.h"
#include "vcpu.h"

int virq_queue_push(struct virq_queue *q, unsigned id)
{
    uint32_t bit = 1u << (id % 32u);
    if (id >= CFG_VIRQ_COUNT || (q->pending[id / 32u] & bit))
        return 0;
    q->pending[id / 32u] |= bit;
    q->fifo[(q->head + q->count) % CFG_VIRQ_COUNT] = (uint8_t)id;
    __atomic_store_n(&q->count, (uint8_t)(q->count + 1u), __ATOMIC_RELAXED);   /* virq_any() */
    return 1;
}

int virq_queue_pop(struct virq_queue *q)
{
    if (q->count == 0)
        return -1;
    unsigned id = q->fifo[q->head];
    q->head = (uint8_t)((q->head + 1u) % CFG_VIRQ_COUNT);
    __atomic_store_n(&q->count, (uint8_t)(q->count - 1u), __ATOMIC_RELAXED);
    q->pending[id / 32u] &= ~(1u << (id % 32u));
    return (int)id;
}

#ifndef HOST_TEST

#include "plat.h"
#include "sched.h"
#include "spinlock.h"
#include "trace.h"

/* Queues may be filled from the other core (channels, proxied I/O); the
 * queue's owner core takes from it (tests/models/virq.pml). */
static spinlock_t virq_lock;

void virq_raise(struct vcpu *v, unsigned id, unsigned here)
{
    spin_lock(&virq_lock);
    int queued = virq_queue_push(&v->virqs, id);
    spin_unlock(&virq_lock);                  /* release: the queue before the kick */
    TRACE(TR_VIRQ_RAISE, v->index, id);
    /* A guest of the other core hears of it at once if it runs there. An
     * ID that was already pending needs no second kick: the kick of its
     * first arrival has not been answered by a delivery yet (a delivery
     * pops it under the same lock, and a later push then kicks again). */
    if (queued && v->ev && v->cfg->core != here)
        sched_kick(v->cfg->core);
}

int virq_take(struct vcpu *v, unsigned *more)
{
    spin_lock(&virq_lock);
    int id = virq_queue_pop(&v->virqs);
    *more = v->virqs.count;
    spin_unlock(&virq_lock);
    return id;
}

static int virq_any(struct vcpu *v)
{
    /* Relaxed: a stale 0 is harmless, the raiser's kick brings this core
     * back (the DMB after the SGI's acknowledge in trap.c orders it). */
    return __atomic_load_n(&v->virqs.count, __ATOMIC_RELAXED) != 0;
}

void virq_reset(struct vcpu *v)
{
    spin_lock(&virq_lock);
    for (unsigned i = 0; i < CFG_VIRQ_COUNT / 32u; i++)
        v->virqs.pending[i] = 0;
    v->virqs.head = 0;
    __atomic_store_n(&v->virqs.count, 0, __ATOMIC_RELAXED);   /* virq_any() */
    spin_unlock(&virq_lock);
}

void virq_deliver(struct vcpu *v, struct trap_frame *f)
{
    if (v->in_upcall)
        return;
    struct edf_vcpu *ev = v->ev;
    if (ev && ev->miss_pending && v->miss_entry) {
        ev->miss_pending = 0;
        TRACE(TR_VIRQ_DELIVER, v->index, 0x10000u);
        virq_upcall_enter(v, f, v->miss_entry, (uint32_t)ev->missed_release, ev->misses);
        return;
    }
    if (!virq_any(v) || v->virq_entry == 0)
        return;
    struct virq_shared *sh = (struct virq_shared *)v->virq_shared;
    if (sh->masked) {
        sh->pending = 1;
        return;
    }
    unsigned more;
    int id = virq_take(v, &more);
    if (id < 0)
        return;
    sh->pending = more != 0;
    TRACE(TR_VIRQ_DELIVER, v->index, (uint32_t)id);
    virq_upcall_enter(v, f, v->virq_entry, (uint32_t)id, 0);
}

int32_t virq_register(struct vcpu *v, uint32_t entry, uint32_t shared)
{
    const struct cfg_guest *g = v->cfg;
    if ((shared & 3u) ||
        !guestmem_range_ok(g->ram, g->n_ram, shared, sizeof(struct virq_shared), 1) ||
        !guestmem_range_ok(g->ram, g->n_ram, entry & ~1u, 4, 0))
        return HV_EFAULT;
    v->virq_shared = shared;
    v->virq_entry = entry;
    return 0;
}

int32_t virq_return(struct vcpu *v, struct trap_frame *f)
{
    if (!v->in_upcall)
        return HV_EINVAL;
    arch_frame_copy(f, &v->upcall_saved);
    v->in_upcall = 0;
    TRACE(TR_UPCALL_RET, v->index, 0);
    return (int32_t)f->r[0];                  /* the interrupted context's r0 */
}

int32_t virq_ack(struct vcpu *v, uint32_t id)
{
    const struct system_config *sc = &system_config;
    if (id >= CFG_VIRQ_COUNT)
        return HV_EINVAL;
    if (id >= 32u && id < sc->n_irq_lines && sc->irq_owner[id] == v->index &&
        !(sc->irq_flags[id] & CFG_IRQ_EDGE))
        plat_gic_enable(id);                  /* the guest has quietened its device */
    return 0;
}

#endif
