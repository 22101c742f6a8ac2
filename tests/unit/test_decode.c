/* Load/store decoder (monitor/core/decode.c). The table of cases is made by
 * tests/unit/gen_decode_cases.py from the real assembler's encodings. */
#include <stdint.h>
#include "decode.h"
#include "unit.h"

struct decode_case {
    const char *text;            /* the assembler line */
    uint8_t thumb;
    uint32_t addr;               /* instruction address (sets regs[15]) */
    uint32_t insn;               /* ARM word, or hw1 | hw2 << 16 */
    int err;                     /* expected result: 0 or DECODE_E* */
    uint8_t load, size, sign, rt, rn, writeback, length, carry;
    uint32_t address, new_base;  /* expected, for the fixed register file */
    /* the access as the ARM ARM pseudocode states it, for random registers */
    uint8_t kind;                /* 0 immediate, 1 register, 2 literal (immediate, Rn = PC) */
    uint8_t index, add;
    uint32_t imm;
    uint8_t rm, shift, amount;   /* shift: 0 LSL 1 LSR 2 ASR 3 ROR 4 RRX */
};

#include "../../build/unit/decode_cases.h"

#define NCASES (sizeof decode_cases / sizeof decode_cases[0])

static void fixed_regs(const struct decode_case *c, uint32_t regs[16])
{
    for (int i = 0; i < 15; i++)
        regs[i] = 0x10000000u + (uint32_t)i * 0x100u;
    regs[9] = DECODE_CASE_R9;
    regs[15] = c->addr + (c->thumb ? 4u : 8u);
}

static int run(const struct decode_case *c, const uint32_t regs[16], unsigned carry,
               struct ldst *out)
{
    if (c->thumb)
        return decode_thumb((uint16_t)c->insn, (uint16_t)(c->insn >> 16), regs, out);
    return decode_arm_psr(c->insn, regs, carry ? 1u << 29 : 0, out);
}

static uint32_t rng_state = 0x2545F491u;

static uint32_t rnd(void)
{
    uint32_t x = rng_state;     /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

TEST(decode_table_of_assembled_cases)
{
    for (unsigned i = 0; i < NCASES; i++) {
        const struct decode_case *c = &decode_cases[i];
        int before = unit_failures;
        uint32_t regs[16];
        struct ldst out, untouched;
        fixed_regs(c, regs);
        memset(&out, 0xA5, sizeof out);
        untouched = out;

        int rc = run(c, regs, c->carry, &out);
        CHECK_EQ_INT(rc, c->err);
        if (c->err) {
            CHECK(memcmp(&out, &untouched, sizeof out) == 0);
        } else if (rc == 0) {
            CHECK_EQ_INT(out.load, c->load);
            CHECK_EQ_INT(out.size, c->size);
            CHECK_EQ_INT(out.sign, c->sign);
            CHECK_EQ_INT(out.rt, c->rt);
            CHECK_EQ_INT(out.rn, c->rn);
            CHECK_EQ_INT(out.writeback, c->writeback);
            CHECK_EQ_INT(out.thumb, c->thumb);
            CHECK_EQ_INT(out.length, c->length);
            CHECK_EQ_INT(out.address, c->address);
            CHECK_EQ_INT(out.new_base, c->new_base);
            if (c->thumb)
                CHECK_EQ_INT(decode_thumb_length((uint16_t)c->insn), c->length);
        }
        if (!c->thumb && !c->carry) {   /* decode_arm() is C = 0 */
            struct ldst plain;
            memset(&plain, 0xA5, sizeof plain);
            CHECK_EQ_INT(decode_arm(c->insn, regs, &plain), c->err);
            CHECK(memcmp(&plain, &out, sizeof out) == 0);
        }
        if (unit_failures != before)
            printf("  case %u: %s (%s, insn 0x%08x at 0x%08x)\n", i, c->text,
                   c->thumb ? "thumb" : "arm", (unsigned)c->insn, (unsigned)c->addr);
    }
}

TEST(decode_table_covers_every_form_and_reject)
{
    static const int codes[] = {
        DECODE_ENOTLDST, DECODE_ECOND, DECODE_EUNPRIV, DECODE_EDUAL, DECODE_EMULTI,
        DECODE_EEXCL, DECODE_EHINT, DECODE_ERT_PC, DECODE_ERN_PC, DECODE_ERM_PC,
        DECODE_EWB_RT, DECODE_EUNPRED,
    };
    unsigned ok[2] = {0, 0}, literal[2] = {0, 0}, wb16 = 0;
    CHECK(NCASES > 150);
    for (unsigned k = 0; k < sizeof codes / sizeof codes[0]; k++) {
        unsigned seen[2] = {0, 0};
        for (unsigned j = 0; j < k; j++)
            CHECK(codes[j] != codes[k]);            /* distinct */
        for (unsigned i = 0; i < NCASES; i++)
            if (decode_cases[i].err == codes[k])
                seen[decode_cases[i].thumb]++;
        if (codes[k] != DECODE_ECOND && codes[k] != DECODE_EHINT)
            CHECK(seen[0] > 0);                     /* ARM */
        if (codes[k] != DECODE_ECOND)
            CHECK(seen[1] > 0);                     /* Thumb */
    }
    for (unsigned i = 0; i < NCASES; i++) {
        const struct decode_case *c = &decode_cases[i];
        if (c->err)
            continue;
        ok[c->thumb]++;
        literal[c->thumb] += c->kind == 2;
        wb16 += c->thumb && c->length == 2 && c->writeback;
    }
    CHECK(ok[0] >= 96);                             /* 8 ops x imm/reg x 3 modes x +/- */
    CHECK(ok[1] >= 56 + 30);
    CHECK(literal[0] > 0 && literal[1] > 0);
    CHECK_EQ_INT(wb16, 0);
}

/* The offset, from the pseudocode's point of view, one bit at a time. */
static uint32_t model_shift(uint32_t v, unsigned kind, unsigned n, unsigned carry)
{
    if (kind == 4)
        return (uint32_t)carry << 31 | v >> 1;
    for (unsigned i = 0; i < n; i++) {
        if (kind == 0)
            v <<= 1;
        else if (kind == 1)
            v >>= 1;
        else if (kind == 2)
            v = (v >> 1) | (v & 0x80000000u);
        else
            v = (v >> 1) | (v << 31);
    }
    return v;
}

TEST(decode_address_follows_random_registers)
{
    for (unsigned i = 0; i < NCASES; i++) {
        const struct decode_case *c = &decode_cases[i];
        if (c->err)
            continue;
        for (int round = 0; round < 64; round++) {
            uint32_t regs[16];
            unsigned carry = c->thumb ? 0 : rnd() & 1;
            for (int r = 0; r < 15; r++)
                regs[r] = rnd();
            if (round & 1)                      /* small values: no wrapping */
                regs[c->rn] &= 0xFFFF;
            regs[15] = c->addr + (c->thumb ? 4u : 8u);

            uint32_t base = c->rn == 15 ? regs[15] & ~3u : regs[c->rn];
            uint32_t off = c->kind == 1 ? model_shift(regs[c->rm], c->shift, c->amount, carry)
                                        : c->imm;
            uint32_t offset_addr = c->add ? base + off : base - off;
            struct ldst out;
            int before = unit_failures;
            CHECK_EQ_INT(run(c, regs, carry, &out), 0);
            CHECK_EQ_INT(out.address, c->index ? offset_addr : base);
            CHECK_EQ_INT(out.new_base, c->writeback ? offset_addr : regs[c->rn]);
            CHECK_EQ_INT(out.load, c->load);      /* the rest does not move */
            CHECK_EQ_INT(out.size, c->size);
            CHECK_EQ_INT(out.sign, c->sign);
            CHECK_EQ_INT(out.rt, c->rt);
            CHECK_EQ_INT(out.rn, c->rn);
            CHECK_EQ_INT(out.writeback, c->writeback);
            CHECK_EQ_INT(out.length, c->length);
            if (unit_failures != before) {
                printf("  case %u: %s\n", i, c->text);
                return;
            }
        }
    }
}

/* The decode cache of the trap path (ioemu.c) keeps one decode of an
 * immediate form and recomputes the access from R[rn] alone: that must give
 * what a fresh decode gives for any register file. Register offsets and
 * literals (PC-relative) are never reused. */
TEST(decode_reuse_of_immediate_forms_follows_the_base_register)
{
    unsigned reused = 0;
    for (unsigned i = 0; i < NCASES; i++) {
        const struct decode_case *c = &decode_cases[i];
        if (c->err)
            continue;
        uint32_t regs[16];
        struct ldst first, again;
        fixed_regs(c, regs);
        CHECK_EQ_INT(run(c, regs, c->carry, &first), 0);
        CHECK_EQ_INT(first.reusable, c->kind == 0);
        if (!first.reusable)
            continue;
        reused++;
        int before = unit_failures;
        for (int round = 0; round < 64; round++) {
            for (int r = 0; r < 15; r++)
                regs[r] = rnd();
            CHECK_EQ_INT(run(c, regs, rnd() & 1, &again), 0);
            uint32_t base = regs[first.rn];
            uint32_t offset_addr = base + first.disp;
            CHECK_EQ_INT(first.index ? offset_addr : base, again.address);
            CHECK_EQ_INT(first.writeback ? offset_addr : base, again.new_base);
            CHECK_EQ_INT(again.disp, first.disp);
            CHECK(again.load == first.load && again.size == first.size &&
                  again.sign == first.sign && again.rt == first.rt && again.rn == first.rn &&
                  again.writeback == first.writeback && again.length == first.length &&
                  again.index == first.index && again.reusable == 1);
        }
        if (unit_failures != before) {
            printf("  case %u: %s\n", i, c->text);
            return;
        }
    }
    CHECK(reused > 60);
}

/* What must hold of any accepted instruction, whatever its encoding. */
static void check_sane(const struct ldst *d, const uint32_t regs[16])
{
    CHECK(d->size == 1 || d->size == 2 || d->size == 4);
    CHECK(!d->sign || (d->load && d->size < 4));
    CHECK(d->rt < 15 && d->rn < 16);
    CHECK(d->load <= 1 && d->writeback <= 1);
    if (d->writeback) {
        CHECK(d->rn != 15 && d->rn != d->rt);
        CHECK(d->address == d->new_base || d->address == regs[d->rn]);
    } else {
        CHECK_EQ_INT(d->new_base, regs[d->rn]);
    }
}

TEST(decode_arm_random_words)
{
    uint32_t regs[16];
    unsigned accepted = 0;
    for (int r = 0; r < 16; r++)
        regs[r] = rnd();
    regs[15] = 0x00010008u;
    for (int i = 0; i < 300000; i++) {
        uint32_t insn = rnd();
        struct ldst d;
        int before = unit_failures;
        int rc = decode_arm_psr(insn, regs, rnd(), &d);
        CHECK(rc <= 0 && rc >= DECODE_EUNPRED);
        if (rc == 0) {
            accepted++;
            check_sane(&d, regs);
            CHECK((insn >> 28) != 0xF);
            CHECK(((insn >> 26) & 3) == 1 || ((insn >> 25) & 7) == 0);
            CHECK_EQ_INT(d.rt, (insn >> 12) & 15);
            CHECK_EQ_INT(d.rn, (insn >> 16) & 15);
            CHECK(d.thumb == 0 && d.length == 4);
            CHECK_EQ_INT(d.load, (insn >> 20) & 1);
        }
        if (unit_failures != before) {
            printf("  arm insn 0x%08x\n", (unsigned)insn);
            return;
        }
    }
    CHECK(accepted > 10000);
}

TEST(decode_thumb_random_halfwords)
{
    uint32_t regs[16];
    unsigned accepted[2] = {0, 0};
    for (int r = 0; r < 16; r++)
        regs[r] = rnd();
    regs[15] = 0x00010006u;
    for (int i = 0; i < 300000; i++) {
        uint32_t x = rnd();
        uint16_t hw1 = (uint16_t)x, hw2 = (uint16_t)(x >> 16);
        if (i & 1)                       /* half of them in the 32-bit space */
            hw1 |= 0xE800;
        struct ldst d;
        int before = unit_failures;
        int rc = decode_thumb(hw1, hw2, regs, &d);
        CHECK(rc <= 0 && rc >= DECODE_EUNPRED);
        if (rc == 0) {
            accepted[d.length == 4]++;
            check_sane(&d, regs);
            CHECK(d.thumb == 1);
            CHECK_EQ_INT(d.length, decode_thumb_length(hw1));
            if (d.length == 2)
                CHECK(!d.writeback && d.rt < 8 && (d.rn < 8 || d.rn >= 13));
            if (d.rn == 15)
                CHECK(d.load && !d.writeback);
        }
        if (unit_failures != before) {
            printf("  thumb 0x%04x 0x%04x\n", hw1, hw2);
            return;
        }
    }
    CHECK(accepted[0] > 1000 && accepted[1] > 1000);
}

TEST(decode_rrx_uses_the_carry_flag)
{
    unsigned n = 0;
    for (unsigned i = 0; i < NCASES; i++) {
        const struct decode_case *c = &decode_cases[i];
        if (c->err || c->thumb || c->kind != 1 || c->shift != 4 || !c->index)
            continue;
        uint32_t regs[16];
        struct ldst c0, c1;
        fixed_regs(c, regs);
        n++;
        CHECK_EQ_INT(decode_arm_psr(c->insn, regs, 0, &c0), 0);
        CHECK_EQ_INT(decode_arm_psr(c->insn, regs, ~(1u << 29), &c1), 0);
        CHECK_EQ_INT(c1.address, c0.address);           /* only C (bit 29) counts */
        CHECK_EQ_INT(decode_arm_psr(c->insn, regs, 1u << 29, &c1), 0);
        CHECK_EQ_INT(c1.address - c0.address, 0x80000000u);   /* +/- 2^31 alike */
    }
    CHECK(n >= 2);
}
