/*
 * thumbio: Thumb code whose load inside an IT block traps on an emulated
 * I/O window (TTC1's interval register through `ttc1_regs`, see
 * tests/system/exc_state.yaml). The monitor completes the load and must
 * advance ITSTATE (ARM ARM A2.5.2), so the block's remaining instructions
 * keep their own conditions: the "else" slots are skipped, the "then" slot
 * runs. A 16-bit and a 32-bit (Thumb-2) load are tried.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

#define WIN IO_TTC1_REGS_VA

struct result {
    uint32_t v, x, y, z;
};

__attribute__((target("thumb"), noinline))
static void it16(uint32_t win, struct result *r)
{
    uint32_t v, x = 0, y = 0, z = 0;
    __asm__ volatile(
        "cmp    %[w], %[w]\n\t"          /* Z = 1: EQ holds */
        "itete  eq\n\t"
        "ldreq  %[v], [%[w], #0x24]\n\t" /* trapped and emulated */
        "movne  %[x], #1\n\t"            /* else: skipped */
        "moveq  %[y], #2\n\t"            /* then: runs */
        "movne  %[z], #3\n\t"            /* else: skipped */
        : [v] "=&l"(v), [x] "+l"(x), [y] "+l"(y), [z] "+l"(z)
        : [w] "l"(win) : "cc", "memory");
    r->v = v; r->x = x; r->y = y; r->z = z;
}

__attribute__((target("thumb"), noinline))
static void it32(uint32_t win, struct result *r)
{
    uint32_t v, x = 0, y = 0, z = 0;
    __asm__ volatile(
        "cmp    %[w], %[w]\n\t"
        "itete  eq\n\t"
        "ldrheq.w %[v], [%[w], #0x24]\n\t"  /* 32-bit encoding, trapped */
        "movne  %[x], #1\n\t"
        "moveq  %[y], #2\n\t"
        "movne  %[z], #3\n\t"
        : [v] "=&l"(v), [x] "+l"(x), [y] "+l"(y), [z] "+l"(z)
        : [w] "l"(win) : "cc", "memory");
    r->v = v; r->x = x; r->y = y; r->z = z;
}

static unsigned check(const char *what, const struct result *r, uint32_t want)
{
    unsigned wrong = (r->v != want) + (r->x != 0) + (r->y != 2) + (r->z != 0);
    printf("thumbio: %s: load 0x%04lx, else-slots %lu %lu, then-slot %lu\n", what,
           (unsigned long)r->v, (unsigned long)r->x, (unsigned long)r->z, (unsigned long)r->y);
    return wrong;
}

int main(void)
{
    struct result r;
    unsigned wrong = 0;
    if (hv_call3(HC_IO_OUT, WIN + 0x24, 0x1357, 0) != 0)
        wrong++;
    it16(WIN, &r);
    wrong += check("16-bit ldr in an IT block", &r, 0x1357);
    if (hv_call3(HC_IO_OUT, WIN + 0x24, 0x2468, 0) != 0)
        wrong++;
    it32(WIN, &r);
    wrong += check("32-bit ldrh.w in an IT block", &r, 0x2468);
    printf("thumbio: %u wrong\n", wrong);
    for (;;)
        hv_job_done();
}
