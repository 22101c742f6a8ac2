/* Pointer checks for hypercall arguments (DESIGN.md section 5). */
#include "guestmem.h"

int guestmem_range_ok(const struct cfg_region *regions, uint32_t n,
                      uint32_t va, uint32_t len, int write)
{
    if (len == 0)
        return 1;
    uint32_t last = va + (len - 1u);
    if (last < va)
        return 0;                               /* wraps around 4 GiB */
    for (uint32_t i = 0; i < n; i++) {
        const struct cfg_region *r = &regions[i];
        uint32_t r_last = r->va + (r->size - 1u);
        if (va >= r->va && last <= r_last)
            return !write || r->writable;
    }
    return 0;
}
