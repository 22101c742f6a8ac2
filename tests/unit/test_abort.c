/* The exception-fixup table lookup and the attribution of asynchronous
 * aborts (monitor/core/abort.c). */
#include <stddef.h>
#include "abort.h"
#include "vcpu.h"
#include "unit.h"

TEST(fixup_found_only_inside_an_entry)
{
    static const struct ex_entry table[] = {
        {0x1000, 0x1000, 0x2000},      /* one access instruction */
        {0x1010, 0x1014, 0x2004},      /* an asynchronous-abort window */
    };
    CHECK_EQ_INT(abort_fixup_find(table, 2, 0x1000), 0x2000);
    CHECK_EQ_INT(abort_fixup_find(table, 2, 0x1004), 0);
    CHECK_EQ_INT(abort_fixup_find(table, 2, 0x0ffc), 0);
    CHECK_EQ_INT(abort_fixup_find(table, 2, 0x1010), 0x2004);
    CHECK_EQ_INT(abort_fixup_find(table, 2, 0x1014), 0x2004);
    CHECK_EQ_INT(abort_fixup_find(table, 2, 0x1018), 0);
    CHECK_EQ_INT(abort_fixup_find(table, 0, 0x1000), 0);
}

TEST(async_abort_is_charged_to_the_guest_switched_away_from)
{
    static struct vcpu a, b;
    a.state = VCPU_READY;
    b.state = VCPU_STOPPED;
    CHECK(abort_async_culprit(&a) == &a);
    CHECK(abort_async_culprit(&b) == &b);   /* stopped already: still its turn */
    CHECK(abort_async_culprit(NULL) == NULL);   /* no guest ran: the monitor's */
}
