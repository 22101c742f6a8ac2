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
