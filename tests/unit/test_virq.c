/* The per-guest queue of virtual interrupts (monitor/core/virq.c): arrival
 * order, one entry per ID, never more than CFG_VIRQ_COUNT entries. */
#include "config.h"
#include "unit.h"
#include "virq.h"
#include "vcpu.h"

TEST(virq_queue_keeps_arrival_order)
{
    struct virq_queue q = {0};
    CHECK(virq_queue_push(&q, 44));
    CHECK(virq_queue_push(&q, 42));
    CHECK(virq_queue_push(&q, 96));
    CHECK_EQ_INT(virq_queue_pop(&q), 44);
    CHECK_EQ_INT(virq_queue_pop(&q), 42);
    CHECK_EQ_INT(virq_queue_pop(&q), 96);
    CHECK_EQ_INT(virq_queue_pop(&q), -1);
}

TEST(virq_queue_holds_each_id_once)
{
    struct virq_queue q = {0};
    CHECK(virq_queue_push(&q, 7));
    CHECK(!virq_queue_push(&q, 7));
    CHECK_EQ_INT(q.count, 1);
    CHECK_EQ_INT(virq_queue_pop(&q), 7);
    CHECK(virq_queue_push(&q, 7));              /* pending again after delivery */
    CHECK(!virq_queue_push(&q, CFG_VIRQ_COUNT)); /* out of range */
}

TEST(virq_queue_wraps_and_fills)
{
    struct virq_queue q = {0};
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned id = 0; id < CFG_VIRQ_COUNT; id++)
            CHECK(virq_queue_push(&q, (id * 37u + round) % CFG_VIRQ_COUNT));
        CHECK_EQ_INT(q.count, CFG_VIRQ_COUNT);
        for (unsigned id = 0; id < CFG_VIRQ_COUNT; id++)
            CHECK_EQ_INT(virq_queue_pop(&q), (int)((id * 37u + round) % CFG_VIRQ_COUNT));
        CHECK_EQ_INT(virq_queue_pop(&q), -1);
    }
}

/* virq_can_enter(): when an interrupt for the running guest may enter its
 * handler straight from the trap frame (irqfast.c), bypassing the queue.
 * Each refusal below is a case where the queue path gives another result:
 * an upcall already running, no handler, something queued before it (FIFO),
 * a deadline-miss upcall due first, the guest masking its vIRQs, an ID the
 * queue would not take. */
static void direct_ready(struct vcpu *v, struct edf_vcpu *ev, struct virq_shared *sh)
{
    *v = (struct vcpu){0};
    *ev = (struct edf_vcpu){0};
    *sh = (struct virq_shared){0, 0};
    v->ev = ev;
    v->virq_entry = 0x1000;
}

TEST(virq_can_enter_only_with_nothing_before_it)
{
    struct vcpu v;
    struct edf_vcpu ev;
    struct virq_shared sh;
    direct_ready(&v, &ev, &sh);
    CHECK(virq_can_enter(&v, 82, &sh));
    CHECK(virq_can_enter(&v, CFG_VIRQ_VTIMER, &sh));
    CHECK(!virq_can_enter(&v, CFG_VIRQ_COUNT, &sh));   /* virq_queue_push refuses it too */

    v.in_upcall = 1;
    CHECK(!virq_can_enter(&v, 82, &sh));
    direct_ready(&v, &ev, &sh);
    v.virq_entry = 0;
    CHECK(!virq_can_enter(&v, 82, &sh));

    direct_ready(&v, &ev, &sh);
    CHECK(virq_queue_push(&v.virqs, 44));             /* queued first: goes first */
    CHECK(!virq_can_enter(&v, 82, &sh));
    CHECK_EQ_INT(virq_queue_pop(&v.virqs), 44);
    CHECK(virq_can_enter(&v, 82, &sh));

    direct_ready(&v, &ev, &sh);
    sh.masked = 1;
    CHECK(!virq_can_enter(&v, 82, &sh));              /* virq_deliver sets `pending` instead */
    sh.masked = 0;
    CHECK(virq_can_enter(&v, 82, &sh));

    direct_ready(&v, &ev, &sh);
    ev.miss_pending = 1;
    CHECK(virq_can_enter(&v, 82, &sh));               /* no miss handler: no miss upcall */
    v.miss_entry = 0x2000;
    CHECK(!virq_can_enter(&v, 82, &sh));              /* the miss upcall takes precedence */
    v.ev = 0;
    CHECK(virq_can_enter(&v, 82, &sh));
}
