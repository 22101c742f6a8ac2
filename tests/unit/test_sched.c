/* Round-robin choice of a shared core (monitor/core/sched.c). */
#include <stdint.h>
#include "sched.h"
#include "unit.h"

TEST(rr_goes_round_in_order)
{
    uint8_t ready[3] = {1, 1, 1};
    CHECK_EQ_INT(sched_rr_next(ready, 3, 0), 1);
    CHECK_EQ_INT(sched_rr_next(ready, 3, 1), 2);
    CHECK_EQ_INT(sched_rr_next(ready, 3, 2), 0);
}

TEST(rr_skips_stopped_vcpus)
{
    uint8_t ready[4] = {1, 0, 0, 1};
    CHECK_EQ_INT(sched_rr_next(ready, 4, 0), 3);
    CHECK_EQ_INT(sched_rr_next(ready, 4, 3), 0);
}

TEST(rr_keeps_the_only_ready_vcpu)
{
    uint8_t ready[3] = {0, 1, 0};
    CHECK_EQ_INT(sched_rr_next(ready, 3, 1), 1);
    CHECK_EQ_INT(sched_rr_next(ready, 3, 0), 1);
}

TEST(rr_none_ready)
{
    uint8_t ready[2] = {0, 0};
    CHECK_EQ_INT(sched_rr_next(ready, 2, 0), -1);
    CHECK_EQ_INT(sched_rr_next(ready, 0, 0), -1);
}

/* Against a reference: over many random readiness patterns every ready
 * vCPU is chosen within n steps and the choice is the first ready one
 * after pos. */
TEST(rr_matches_reference_on_random_patterns)
{
    uint32_t seed = 12345;
    for (int iter = 0; iter < 10000; iter++) {
        seed = seed * 1103515245u + 12345u;
        unsigned n = 1 + (seed >> 16) % 15;
        uint8_t ready[15];
        for (unsigned i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            ready[i] = (seed >> 20) & 1;
        }
        unsigned pos = (seed >> 8) % n;
        int expect = -1;
        for (unsigned k = 1; k <= n && expect < 0; k++)
            if (ready[(pos + k) % n])
                expect = (int)((pos + k) % n);
        CHECK_EQ_INT(sched_rr_next(ready, n, pos), expect);
    }
}
