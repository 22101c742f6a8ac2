/* Decoder of the single load/store a guest executed when it faulted on an
 * emulated I/O window: what is accessed, where, and what to write back.
 * Pure: no hardware access, usable on the host (tests) and in the monitor. */
#ifndef DECODE_H
#define DECODE_H

#include <stdint.h>

struct ldst {
    uint8_t load;        /* 1 = load, 0 = store */
    uint8_t size;        /* 1, 2 or 4 bytes */
    uint8_t sign;        /* 1 = sign-extend a load (LDRSB/LDRSH) */
    uint8_t rt;          /* transfer register */
    uint8_t rn;          /* base register */
    uint8_t writeback;   /* 1 = base register updated (pre-indexed with !, or post-indexed) */
    uint8_t thumb;       /* 1 = Thumb encoding */
    uint8_t length;      /* instruction length in bytes: 4 (ARM, Thumb-2 32-bit) or 2 (16-bit Thumb) */
    uint32_t address;    /* the effective address of the access */
    uint32_t new_base;   /* value to write to rn when writeback (else rn's current value) */

    /* For the trap path's decode cache (ioemu.c): an immediate offset from a
     * base register other than PC makes the access depend on R[rn] alone,
     * offset_addr = R[rn] + disp (mod 2^32), address = index ? offset_addr :
     * R[rn], new_base = writeback ? offset_addr : R[rn]. `reusable` is 0 for
     * a register offset or a PC-relative (literal) form. */
    uint8_t reusable;
    uint8_t index;
    uint32_t disp;
};

/* Why an instruction is refused (all negative, all distinct). */
#define DECODE_ENOTLDST  (-1)   /* not a single load/store (or UNDEFINED there) */
#define DECODE_ECOND     (-2)   /* ARM cond == 0xF: unconditional space (PLD, ...) */
#define DECODE_EUNPRIV   (-3)   /* LDRT/STRT/LDRBT/STRBT/LDRHT/STRHT/LDRSBT/LDRSHT */
#define DECODE_EDUAL     (-4)   /* LDRD/STRD */
#define DECODE_EMULTI    (-5)   /* LDM/STM/PUSH/POP (multiple registers) */
#define DECODE_EEXCL     (-6)   /* LDREX/STREX (all sizes), SWP/SWPB */
#define DECODE_EHINT     (-7)   /* Thumb PLD/PLI: byte/halfword "load" to PC */
#define DECODE_ERT_PC    (-8)   /* Rt == PC */
#define DECODE_ERN_PC    (-9)   /* Rn == PC with writeback, or a Thumb-2 store to [PC] */
#define DECODE_ERM_PC    (-10)  /* offset register Rm == PC (Thumb-2: or SP) */
#define DECODE_EWB_RT    (-11)  /* writeback with Rn == Rt */
#define DECODE_EUNPRED   (-12)  /* other UNPREDICTABLE form (SBZ bits set, Thumb-2 Rt == SP) */

/* Decodes the ARM (A32) instruction `insn`. regs[0..15] are the guest's
 * registers at the fault, with regs[15] = address of the instruction + 8
 * (the ARM PC read value). Returns 0 on success, a negative DECODE_E* code
 * for anything that is not a supported single load/store; *out is written
 * only on success. A register offset shifted by RRX takes the carry in as
 * 0: use decode_arm_psr() when the guest's CPSR (SPSR at the trap) is known. */
int decode_arm(uint32_t insn, const uint32_t regs[16], struct ldst *out);

/* As decode_arm(), with the guest's CPSR: its C flag (bit 29) feeds RRX. */
int decode_arm_psr(uint32_t insn, const uint32_t regs[16], uint32_t psr,
                   struct ldst *out);

/* Decodes a Thumb instruction: `hw1` first halfword, `hw2` second (ignored
 * for 16-bit encodings); regs[15] = instruction address + 4. Same results. */
int decode_thumb(uint16_t hw1, uint16_t hw2, const uint32_t regs[16], struct ldst *out);

/* Length in bytes (2 or 4) of the Thumb instruction whose first halfword is
 * `hw1`: tells whether a second halfword has to be fetched. */
unsigned decode_thumb_length(uint16_t hw1);

/* The CPSR after an emulated Thumb instruction has completed inside an IT
 * block: ITSTATE (IT[1:0] = CPSR[26:25], IT[7:2] = CPSR[15:10]) advanced as
 * ITAdvance() does (ARM ARM A2.5.2), every other bit unchanged. Outside an
 * IT block (IT[3:0] == 0) the CPSR is returned as it is. */
uint32_t decode_it_advance(uint32_t cpsr);

#endif
