/* Checks of guest pointers against the guest's own memory. */
#ifndef GUESTMEM_H
#define GUESTMEM_H

#include <stdint.h>
#include "config.h"

/* True when [va, va + len) lies wholly inside one of the regions (and, if
 * `write`, a writable one). A zero length is valid anywhere. Pure. */
int guestmem_range_ok(const struct cfg_region *regions, uint32_t n,
                      uint32_t va, uint32_t len, int write);

#endif
