/* ITSTATE after an emulated Thumb instruction (decode_it_advance,
 * monitor/core/decode.c), against the IT instruction's own definition
 * (ARM ARM A8.8.54 "IT"): `IT{x{y{z}}} firstcond` gives the first
 * instruction firstcond and instruction i (1..3) the condition
 * firstcond[3:1]:mask[4-i]; the block has 4 - CountTrailingZeros(mask)
 * instructions and ITSTATE is zero after the last. */
#include <stdint.h>
#include "decode.h"
#include "unit.h"

static uint32_t with_it(uint32_t cpsr, unsigned it)
{
    return (cpsr & ~((3u << 25) | (0x3fu << 10))) | ((it & 3u) << 25) | ((it >> 2) << 10);
}

static unsigned it_of(uint32_t cpsr)
{
    return ((cpsr >> 25) & 3u) | (((cpsr >> 10) & 0x3fu) << 2);
}

TEST(itstate_follows_every_it_block)
{
    /* Flags, T bit, mode and the other bits of CPSR must survive. */
    static const uint32_t others[] = {0x00000030u, 0xf8000030u, 0x000f01f0u};
    for (unsigned o = 0; o < 3; o++)
        for (unsigned firstcond = 0; firstcond < 15; firstcond++)
            for (unsigned mask = 1; mask < 16; mask++) {
                if (firstcond == 14 && (mask & (mask - 1u)) != 0)
                    continue;                   /* AL with E slots: UNPREDICTABLE */
                unsigned n = 4u - (unsigned)__builtin_ctz(mask);
                uint32_t cpsr = with_it(others[o], (firstcond << 4) | mask);
                for (unsigned i = 0; i < n; i++) {
                    unsigned want = i == 0 ? firstcond
                                           : (firstcond & 0xeu) | ((mask >> (4u - i)) & 1u);
                    CHECK_EQ_INT(it_of(cpsr) >> 4, want);
                    CHECK(it_of(cpsr) & 0xfu);      /* still inside the block */
                    cpsr = decode_it_advance(cpsr);
                }
                CHECK_EQ_INT(it_of(cpsr), 0);        /* the block is over */
                CHECK_EQ_INT(cpsr, with_it(others[o], 0));
            }
}

TEST(itstate_outside_a_block_is_unchanged)
{
    CHECK_EQ_INT(decode_it_advance(0x60000030u), 0x60000030u);
    CHECK_EQ_INT(decode_it_advance(0x00000010u), 0x00000010u);
}
