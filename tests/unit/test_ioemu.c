/* Lookup of a guest's constant I/O windows (monitor/core/ioemu.c). */
#include "config.h"
#include "ioemu.h"
#include "unit.h"

static const struct cfg_io_window windows[] = {
    {.guest = 0x40000000, .size = 0x30, .target = 0xf8002000, .kind = IO_PHYS},
    {.guest = 0x50000000, .size = 0x1000, .kind = IO_VUART},
    {.guest = 0xfffff000, .size = 0x1000, .kind = IO_PROXY},
};
static const struct cfg_guest guest = {.io = windows, .n_io = 3};

TEST(io_window_lookup)
{
    CHECK(ioemu_find(&guest, 0x40000000, 4) == &windows[0]);
    CHECK(ioemu_find(&guest, 0x4000002c, 4) == &windows[0]);
    CHECK(ioemu_find(&guest, 0x4000002f, 1) == &windows[0]);
    CHECK(ioemu_find(&guest, 0x4000002e, 4) == 0);      /* straddles the end */
    CHECK(ioemu_find(&guest, 0x40000030, 1) == 0);
    CHECK(ioemu_find(&guest, 0x3fffffff, 1) == 0);
    CHECK(ioemu_find(&guest, 0x50000ffc, 4) == &windows[1]);
    CHECK(ioemu_find(&guest, 0xfffffffc, 4) == &windows[2]);
    CHECK(ioemu_find(&guest, 0xfffffffe, 4) == 0);      /* would wrap */
}
