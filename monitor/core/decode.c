/* Decoder of single loads/stores trapped on an emulated I/O window.
 *
 * Section numbers refer to the ARM Architecture Reference Manual, ARMv7-A
 * and ARMv7-R edition (DDI 0406C): the encoding tables of chapters A5 (ARM)
 * and A6 (Thumb), and the instruction pages of A8.8 by name. Every form is
 * reduced to the operands of the pseudocode those pages share:
 *
 *     offset_addr = if add then (R[n] + offset) else (R[n] - offset);
 *     address     = if index then offset_addr else R[n];
 *     if wback then R[n] = offset_addr;
 *
 * Conditions are not evaluated: the CPU only aborts on an instruction that
 * passed its condition check. Encodings the manual calls UNPREDICTABLE are
 * refused rather than given one of their permitted behaviours. */
#include "decode.h"

#define BIT(x, n)       (((x) >> (n)) & 1u)
#define BITS(x, hi, lo) (((x) >> (lo)) & ((1u << ((hi) - (lo) + 1u)) - 1u))

/* One access, in the terms of the pseudocode above. Byte fields: the
 * designated initializers below then zero 16 bytes in a few stores, where
 * word fields made GCC call memset (a byte loop in the monitor: about 100
 * instructions on every decode). */
struct form {
    uint8_t load, size, sign, rt, rn;
    uint8_t index, add, wback;
    uint32_t base;       /* R[n] as read by the instruction (Align(PC,4) for literals) */
    uint32_t offset;
};

/* The checks every form shares, then the address arithmetic. `regoff`:
 * the offset is a register's, not an immediate. */
static int emit(const struct form *f, const uint32_t regs[16], unsigned thumb,
                unsigned length, unsigned regoff, struct ldst *out)
{
    if (f->rt == 15)
        return DECODE_ERT_PC;     /* a load to PC branches; a store of PC is not emulated */
    if (f->wback && f->rn == 15)
        return DECODE_ERN_PC;     /* "if wback && n == 15 then UNPREDICTABLE" */
    if (f->wback && f->rn == f->rt)
        return DECODE_EWB_RT;     /* "if wback && n == t then UNPREDICTABLE" */

    uint32_t offset_addr = f->add ? f->base + f->offset : f->base - f->offset;
    out->load = (uint8_t)f->load;
    out->size = (uint8_t)f->size;
    out->sign = (uint8_t)f->sign;
    out->rt = (uint8_t)f->rt;
    out->rn = (uint8_t)f->rn;
    out->writeback = (uint8_t)f->wback;
    out->thumb = (uint8_t)thumb;
    out->length = (uint8_t)length;
    out->address = f->index ? offset_addr : f->base;
    out->new_base = f->wback ? offset_addr : regs[f->rn];
    out->reusable = (uint8_t)(!regoff && f->rn != 15);
    out->index = (uint8_t)f->index;
    out->disp = offset_addr - f->base;
    return 0;
}

/* ---- ARM (A32) ---------------------------------------------------------- */

/* A8.4.1 DecodeImmShift() then A8.4.3 Shift_C(): a register offset shifted
 * by an immediate. imm5 == 0 means LSR/ASR #32 and, for ROR, RRX. */
static uint32_t shift_imm(uint32_t v, unsigned type, unsigned imm5, unsigned carry)
{
    switch (type) {
    case 0:                                             /* LSL #0-31 */
        return v << imm5;
    case 1:                                             /* LSR #1-32 */
        return imm5 ? v >> imm5 : 0;
    case 2:                                             /* ASR #1-32 */
        if (imm5 == 0)
            imm5 = 31;                                  /* same result as #32 */
        return (v & 0x80000000u) ? ~(~v >> imm5) : v >> imm5;
    default:
        if (imm5 == 0)                                  /* RRX */
            return (carry << 31) | (v >> 1);
        return (v >> imm5) | (v << (32u - imm5));       /* ROR #1-31 */
    }
}

/* A5.3 Load/store word and unsigned byte: LDR, STR, LDRB, STRB with an
 * immediate (A8.8 "LDR (immediate, ARM)", "LDR (literal)", ...) or a shifted
 * register offset ("LDR (register, ARM)", "LDRB (register)", ...). */
static int arm_word_byte(uint32_t insn, const uint32_t regs[16], unsigned carry,
                         struct ldst *out)
{
    struct form f = {
        .load = BIT(insn, 20), .size = BIT(insn, 22) ? 1 : 4, .sign = 0,
        .rt = BITS(insn, 15, 12), .rn = BITS(insn, 19, 16),
        .index = BIT(insn, 24), .add = BIT(insn, 23),
        .wback = !BIT(insn, 24) || BIT(insn, 21),
    };
    if (!f.index && BIT(insn, 21))
        return DECODE_EUNPRIV;    /* P=0 W=1: LDRT, STRT, LDRBT, STRBT */
    f.base = regs[f.rn];          /* PC + 8, already word aligned, for literals */
    if (BIT(insn, 25)) {
        unsigned rm = BITS(insn, 3, 0);
        if (rm == 15)
            return DECODE_ERM_PC; /* "if m == 15 then UNPREDICTABLE" */
        f.offset = shift_imm(regs[rm], BITS(insn, 6, 5), BITS(insn, 11, 7), carry);
    } else {
        f.offset = BITS(insn, 11, 0);
    }
    return emit(&f, regs, 0, 4, BIT(insn, 25), out);
}

/* A5.2.8 Extra load/store instructions: LDRH, STRH, LDRSB, LDRSH with an
 * immediate imm4H:imm4L or a register offset (A8.8 "LDRH (immediate, ARM)",
 * "LDRH (register)", ...); A5.2.9, their unprivileged forms, are refused.
 * op2 = bits 6:5 (01 H, 10 SB/LDRD, 11 SH/STRD). */
static int arm_extra(uint32_t insn, const uint32_t regs[16], struct ldst *out)
{
    unsigned op2 = BITS(insn, 6, 5);
    struct form f = {
        .load = BIT(insn, 20), .size = op2 == 2 ? 1 : 2, .sign = op2 != 1,
        .rt = BITS(insn, 15, 12), .rn = BITS(insn, 19, 16),
        .index = BIT(insn, 24), .add = BIT(insn, 23),
        .wback = !BIT(insn, 24) || BIT(insn, 21),
    };
    if (op2 != 1 && !f.load)
        return DECODE_EDUAL;      /* LDRD (op2 10), STRD (op2 11) */
    if (!f.index && BIT(insn, 21))
        return DECODE_EUNPRIV;    /* P=0 W=1: LDRHT, STRHT, LDRSBT, LDRSHT */
    f.base = regs[f.rn];
    if (BIT(insn, 22)) {
        f.offset = BITS(insn, 11, 8) << 4 | BITS(insn, 3, 0);
    } else {
        unsigned rm = BITS(insn, 3, 0);
        if (BITS(insn, 11, 8) != 0)
            return DECODE_EUNPRED; /* (0)(0)(0)(0) should-be-zero bits */
        if (rm == 15)
            return DECODE_ERM_PC;
        f.offset = regs[rm];
    }
    return emit(&f, regs, 0, 4, !BIT(insn, 22), out);
}

int decode_arm_psr(uint32_t insn, const uint32_t regs[16], uint32_t psr,
                   struct ldst *out)
{
    if (BITS(insn, 31, 28) == 0xF)
        return DECODE_ECOND;      /* A5.7 unconditional instructions */

    /* A5.1 ARM instruction set encoding: op1 = bits 27:25, op = bit 4. */
    switch (BITS(insn, 27, 25)) {
    case 0:                       /* A5.2 data-processing and miscellaneous */
        if (!BIT(insn, 7) || !BIT(insn, 4))
            return DECODE_ENOTLDST;
        if (BITS(insn, 6, 5) != 0)
            return arm_extra(insn, regs, out);
        /* op2 = 1001: A5.2.5 multiply (bit 24 = 0) or A5.2.10
         * synchronization primitives (SWP, SWPB, LDREX*, STREX*) */
        return BIT(insn, 24) ? DECODE_EEXCL : DECODE_ENOTLDST;
    case 2:
        return arm_word_byte(insn, regs, BIT(psr, 29), out);
    case 3:                       /* bit 4 set: A5.4 media instructions */
        if (BIT(insn, 4))
            return DECODE_ENOTLDST;
        return arm_word_byte(insn, regs, BIT(psr, 29), out);
    case 4:                       /* A5.5 LDM/STM (and PUSH/POP) */
        return DECODE_EMULTI;
    default:                      /* branches, coprocessor, SVC */
        return DECODE_ENOTLDST;
    }
}

int decode_arm(uint32_t insn, const uint32_t regs[16], struct ldst *out)
{
    return decode_arm_psr(insn, regs, 0, out);
}

/* ---- Thumb (T32) -------------------------------------------------------- */

/* A6.1 Thumb instruction set encoding: hw1[15:11] of 11101, 11110 or 11111
 * begins a 32-bit instruction. */
unsigned decode_thumb_length(uint16_t hw1)
{
    return (hw1 >> 11) >= 0x1D ? 4 : 2;
}

/* A6.2.4 Load/store single data item, plus LDR (literal) T1 (A6.2, opcode
 * 01001x) and the multiple-register forms refused (A6.2 STM/LDM, A6.2.5
 * PUSH/POP).
 * 16-bit forms have low registers, offset addressing, no writeback. */
static int thumb16(unsigned hw, const uint32_t regs[16], struct ldst *out)
{
    /* opB = bits 11:9 of the register form: STR STRH STRB LDRSB LDR LDRH LDRB LDRSH */
    static const uint8_t reg_size[8] = {4, 2, 1, 1, 4, 2, 1, 2};
    struct form f = {
        .rt = BITS(hw, 2, 0), .rn = BITS(hw, 5, 3),
        .index = 1, .add = 1, .wback = 0, .load = BIT(hw, 11),
    };
    unsigned imm5 = BITS(hw, 10, 6);

    switch (hw >> 12) {
    case 0x4:
        if (!BIT(hw, 11))         /* data-processing, special data, BX */
            return DECODE_ENOTLDST;
        /* A8.8 "LDR (literal)" T1: Align(PC, 4) + imm8:'00' */
        f = (struct form){.load = 1, .size = 4, .rt = BITS(hw, 10, 8), .rn = 15,
                          .index = 1, .add = 1, .base = regs[15] & ~3u,
                          .offset = BITS(hw, 7, 0) << 2};
        return emit(&f, regs, 1, 2, 0, out);
    case 0x5: {                   /* A8.8 "LDR (register, Thumb)" T1, ... */
        unsigned opb = BITS(hw, 11, 9);
        f.load = opb >= 3;
        f.size = reg_size[opb];
        f.sign = opb == 3 || opb == 7;
        f.offset = regs[BITS(hw, 8, 6)];
        break;
    }
    case 0x6:                     /* STR/LDR (immediate) T1: imm5:'00' */
        f.size = 4;
        f.offset = imm5 << 2;
        break;
    case 0x7:                     /* STRB/LDRB (immediate) T1 */
        f.size = 1;
        f.offset = imm5;
        break;
    case 0x8:                     /* STRH/LDRH (immediate) T1: imm5:'0' */
        f.size = 2;
        f.offset = imm5 << 1;
        break;
    case 0x9:                     /* STR/LDR (immediate) T2: [SP, #imm8:'00'] */
        f.size = 4;
        f.rt = BITS(hw, 10, 8);
        f.rn = 13;
        f.offset = BITS(hw, 7, 0) << 2;
        break;
    case 0xB:                     /* A6.2.5: PUSH 010x, POP 110x in bits 11:8 */
        return BITS(hw, 10, 9) == 2 ? DECODE_EMULTI : DECODE_ENOTLDST;
    case 0xC:                     /* STM/LDM T1 */
        return DECODE_EMULTI;
    default:
        return DECODE_ENOTLDST;
    }
    f.base = regs[f.rn];
    return emit(&f, regs, 1, 2, (hw >> 12) == 0x5, out);
}

/* A6.3.5 load/store multiple and A6.3.6 load/store dual, load/store
 * exclusive, table branch (hw1 = 11101 00xx xxxx): all refused. */
static int thumb32_multi_dual(unsigned hw1, unsigned hw2)
{
    unsigned op1 = BITS(hw1, 8, 7), op2 = BITS(hw1, 5, 4);

    if (!BIT(hw1, 6))             /* A6.3.5: op 01 STM/LDM, 10 STMDB/LDMDB */
        return op1 == 1 || op1 == 2 ? DECODE_EMULTI : DECODE_ENOTLDST; /* SRS, RFE */
    if (op1 == 0 && op2 <= 1)
        return DECODE_EEXCL;      /* STREX, LDREX */
    if (op1 == 1 && op2 == 0)
        return DECODE_EEXCL;      /* STREXB, STREXH, STREXD */
    if (op1 == 1 && op2 == 1)     /* op3 = hw2[7:4]: 000x TBB/TBH, else LDREXB/H/D */
        return BITS(hw2, 7, 5) == 0 ? DECODE_ENOTLDST : DECODE_EEXCL;
    return DECODE_EDUAL;          /* LDRD, STRD (immediate, literal) */
}

/* A6.3.7 load word, A6.3.8 load halfword, A6.3.9 load byte and A6.3.10
 * store single data item: hw1 = 11111 00 S x size L Rn, hw2 = Rt .... */
static int thumb32(unsigned hw1, unsigned hw2, const uint32_t regs[16],
                   struct ldst *out)
{
    if (BITS(hw1, 15, 11) == 0x1D && BITS(hw1, 10, 9) == 0)
        return thumb32_multi_dual(hw1, hw2);
    if (BITS(hw1, 15, 11) != 0x1F || BITS(hw1, 10, 9) != 0)
        return DECODE_ENOTLDST;   /* data-processing, branches, coprocessor */

    unsigned size_field = BITS(hw1, 6, 5);
    struct form f = {
        .load = BIT(hw1, 4), .size = 1u << size_field, .sign = BIT(hw1, 8),
        .rt = BITS(hw2, 15, 12), .rn = BITS(hw1, 3, 0),
    };
    if (size_field == 3)
        return DECODE_ENOTLDST;   /* UNDEFINED */
    if (f.sign && (!f.load || f.size == 4))
        return DECODE_ENOTLDST;   /* A7.7 SIMD element load/store; UNDEFINED */
    if (f.load && f.size < 4 && f.rt == 15)
        return DECODE_EHINT;      /* PLD, PLI (or UNPREDICTABLE writeback ones) */

    if (f.rn == 15) {             /* A8.8 "LDR (literal)" T2 and friends */
        if (!f.load)
            return DECODE_ERN_PC; /* "if Rn == '1111' then UNDEFINED" */
        f.index = 1;
        f.add = BIT(hw1, 7);
        f.base = regs[15] & ~3u;
        f.offset = BITS(hw2, 11, 0);
    } else if (BIT(hw1, 7)) {     /* T3 (LDR/STR) / T2 (others): imm12 */
        f.index = f.add = 1;
        f.offset = BITS(hw2, 11, 0);
    } else if (BIT(hw2, 11)) {    /* T4 / T3: imm8 with P U W = hw2[10:8] */
        f.index = BIT(hw2, 10);
        f.add = BIT(hw2, 9);
        f.wback = BIT(hw2, 8);
        if (f.index && f.add && !f.wback)
            return DECODE_EUNPRIV; /* LDRT, STRT, LDRBT, ... */
        if (!f.index && !f.wback)
            return DECODE_ENOTLDST; /* UNDEFINED */
        f.offset = BITS(hw2, 7, 0);
    } else if (BITS(hw2, 10, 6) == 0) { /* "LDR (register, Thumb)" T2 and friends */
        unsigned rm = BITS(hw2, 3, 0);
        if (rm == 13 || rm == 15)
            return DECODE_ERM_PC; /* BadReg(m) */
        f.index = f.add = 1;
        f.offset = regs[rm] << BITS(hw2, 5, 4);
    } else {
        return DECODE_ENOTLDST;   /* UNDEFINED */
    }
    if (f.rn != 15)
        f.base = regs[f.rn];
    if (f.size < 4 && f.rt == 13)
        return DECODE_EUNPRED;    /* BadReg(t) for byte and halfword */
    /* bit 7 clear, bit 11 of hw2 clear: the register form (T2) */
    return emit(&f, regs, 1, 4, f.rn != 15 && !BIT(hw1, 7) && !BIT(hw2, 11), out);
}

int decode_thumb(uint16_t hw1, uint16_t hw2, const uint32_t regs[16], struct ldst *out)
{
    if (decode_thumb_length(hw1) == 4)
        return thumb32(hw1, hw2, regs, out);
    return thumb16(hw1, regs, out);
}

/* ---- ITSTATE ------------------------------------------------------------ */

#define IT_LO_SHIFT 25u       /* IT[1:0] in CPSR[26:25] */
#define IT_HI_SHIFT 10u       /* IT[7:2] in CPSR[15:10] */
#define IT_MASK     ((3u << IT_LO_SHIFT) | (0x3fu << IT_HI_SHIFT))

uint32_t decode_it_advance(uint32_t cpsr)
{
    uint32_t it = ((cpsr >> IT_LO_SHIFT) & 3u) | (((cpsr >> IT_HI_SHIFT) & 0x3fu) << 2);
    /* A2.5.2 ITAdvance(): if ITSTATE<2:0> == '000' the block ends
     * (ITSTATE = 0), else ITSTATE<4:0> = LSL(ITSTATE<4:0>, 1), keeping the
     * base condition ITSTATE<7:5>. */
    if ((it & 7u) == 0)
        it = 0;
    else
        it = (it & 0xe0u) | ((it << 1) & 0x1fu);
    return (cpsr & ~IT_MASK) | ((it & 3u) << IT_LO_SHIFT) | ((it >> 2) << IT_HI_SHIFT);
}
