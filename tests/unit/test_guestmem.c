/* Hypercall pointer checks (monitor/core/guestmem.c). */
#include "guestmem.h"
#include "unit.h"

static const struct cfg_region regions[] = {
    {.va = 0x00000000, .size = 0x00100000, .writable = 1},
    {.va = 0x00400000, .size = 0x00001000, .writable = 0},
    {.va = 0xfffff000, .size = 0x00001000, .writable = 1},
};

TEST(range_inside_a_region)
{
    CHECK(guestmem_range_ok(regions, 3, 0x0, 0x100000, 0));
    CHECK(guestmem_range_ok(regions, 3, 0xffff0, 0x10, 1));
    CHECK(guestmem_range_ok(regions, 3, 0x400000, 0x1000, 0));
}

TEST(range_outside_or_straddling)
{
    CHECK(!guestmem_range_ok(regions, 3, 0xffff0, 0x11, 0));
    CHECK(!guestmem_range_ok(regions, 3, 0x100000, 1, 0));
    CHECK(!guestmem_range_ok(regions, 3, 0x3fffff, 2, 0));
    CHECK(!guestmem_range_ok(regions, 3, 0x3fc00000, 4, 0));
}

TEST(range_write_to_read_only)
{
    CHECK(!guestmem_range_ok(regions, 3, 0x400000, 4, 1));
}

TEST(range_wrapping_is_refused)
{
    CHECK(guestmem_range_ok(regions, 3, 0xfffff000, 0x1000, 1));
    CHECK(!guestmem_range_ok(regions, 3, 0xfffff000, 0x1001, 1));
    CHECK(!guestmem_range_ok(regions, 3, 0x10, 0xffffffff, 0));
}

TEST(range_zero_length)
{
    CHECK(guestmem_range_ok(regions, 3, 0xdeadbeef, 0, 1));
}
