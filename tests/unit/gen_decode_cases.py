#!/usr/bin/python3
"""Writes the table of decoder test cases (tests/unit/test_decode.c).

Every case is one line of assembly. Its encoding comes from the real
assembler (arm-none-eabi-as -march=armv7-a, read back with objdump -d); what
the decoder must make of it is written here from the instruction's meaning:
the operands of the ARM ARM pseudocode (base register, offset, index, add,
writeback), turned into addresses for a fixed register file by a small
model below. A few cases also carry the expected address as a literal
number, checked against that model.

A handful of encodings are UNPREDICTABLE and the assembler refuses them
(e.g. "ldr r0, [r0, #4]!" in Thumb, "ldr r0, [r1, pc]"). For those, a valid
neighbour is assembled and one register field is replaced (`patch`), which
is stated next to the case.

Usage: gen_decode_cases.py OUTPUT.h
"""
import os
import re
import subprocess
import sys
import tempfile

M = 0xFFFFFFFF
AS = "arm-none-eabi-as"
OBJDUMP = "arm-none-eabi-objdump"
ARM_BASE = 0x00008000      # address of the first ARM case
THUMB_BASE = 0x00009000    # address of the first Thumb case

# The fixed register file: r[i] = 0x10000000 + i * 0x100, except r9, the
# "nontrivial" value for shifts (top bit set, low bits set). r15 is set per
# case from the instruction's address.
REGS = [0x10000000 + i * 0x100 for i in range(16)]
REGS[9] = 0x800000F3

ERRORS = ["ENOTLDST", "ECOND", "EUNPRIV", "EDUAL", "EMULTI", "EEXCL", "EHINT",
          "ERT_PC", "ERN_PC", "ERM_PC", "EWB_RT", "EUNPRED"]
SHIFT_CODE = {"lsl": 0, "lsr": 1, "asr": 2, "ror": 3, "rrx": 4}


class Case:
    def __init__(self, state, asm, err=None, patch=None, **kw):
        self.state, self.asm, self.err, self.patch = state, asm, err, patch or []
        self.kw = kw


cases = []


def ok(state, asm, load, size, rt, rn, index=1, add=1, wback=0, sign=0,
       imm=0, rm=None, shift=("lsl", 0), carry=0, length=4, golden=None, patch=None):
    """A supported access. The offset is `imm`, or R[rm] shifted by `shift`
    (kind, amount: 'lsr', 32 is LSR #32; 'rrx', 1 is RRX); rn == 15 means a
    literal (base Align(PC, 4)). golden = (address, new_base) by hand."""
    assert (rn == 15) <= (not wback)
    cases.append(Case(state, asm, patch=patch, load=load, size=size, rt=rt, rn=rn,
                      index=index, add=add, wback=wback, sign=sign, imm=imm, rm=rm,
                      shift=shift, carry=carry, length=length, golden=golden))


def rej(state, asm, err, patch=None):
    assert err in ERRORS, err
    cases.append(Case(state, asm, err=err, patch=patch))


# ---- the model: ARM ARM A8.4.3 Shift_C and the load/store pseudocode ------

def shifted(v, kind, n, carry):
    if kind == "lsl":
        return (v << n) & M
    if kind == "lsr":
        return v >> n if n < 32 else 0
    if kind == "asr":
        signed = v - (1 << 32) if v & 0x80000000 else v
        return (signed >> n) & M          # Python's >> is arithmetic
    if kind == "ror":
        return ((v >> n) | (v << (32 - n))) & M
    assert kind == "rrx"
    return (carry << 31) | (v >> 1)


def expect(kw, pc_read):
    regs = REGS[:15] + [pc_read]
    base = pc_read & ~3 if kw["rn"] == 15 else regs[kw["rn"]]
    if kw["rm"] is None:
        off = kw["imm"]
    else:
        off = shifted(regs[kw["rm"]], kw["shift"][0], kw["shift"][1], kw["carry"])
    offset_addr = (base + off if kw["add"] else base - off) & M
    address = offset_addr if kw["index"] else base
    new_base = offset_addr if kw["wback"] else regs[kw["rn"]]
    return address, new_base


# ---- ARM cases ------------------------------------------------------------

ARM_OPS = [  # mnemonic, load, size, sign, "extra load/store" (A5.2.8) class
    ("ldr", 1, 4, 0, False), ("str", 0, 4, 0, False),
    ("ldrb", 1, 1, 0, False), ("strb", 0, 1, 0, False),
    ("ldrh", 1, 2, 0, True), ("strh", 0, 2, 0, True),
    ("ldrsb", 1, 1, 1, True), ("ldrsh", 1, 2, 1, True),
]
# (rt, rn, rm) triples cycled through: every register but PC appears.
ARM_REGS = [(0, 1, 2), (2, 3, 9), (4, 13, 9), (14, 5, 6), (6, 7, 9), (8, 9, 10),
            (10, 11, 9), (11, 12, 1), (12, 14, 9), (1, 0, 13), (13, 8, 9), (3, 10, 4)]
WORD_IMMS = [4, 0xFFF, 0x123, 0, 0x80, 1]
EXTRA_IMMS = [2, 0xFF, 0x3C, 0, 0xA5, 0x10]
SHIFTS = [("lsl", 0), ("lsl", 2), ("lsr", 3), ("asr", 1), ("ror", 7), ("rrx", 1),
          ("lsr", 32), ("asr", 32), ("lsl", 31), ("ror", 31), ("asr", 5), ("lsr", 1)]


def shift_text(s):
    kind, n = s
    if kind == "rrx":
        return ", rrx"
    if kind == "lsl" and n == 0:
        return ""
    return ", %s #%d" % (kind, n)


def arm_forms():
    k = 0
    for op, load, size, sign, extra in ARM_OPS:
        for kind in ("imm", "reg"):
            for mode in ("offset", "pre", "post"):
                for add in (1, 0):
                    rt, rn, rm = ARM_REGS[k % len(ARM_REGS)]
                    pm = "" if add else "-"
                    if kind == "imm":
                        imm = (EXTRA_IMMS if extra else WORD_IMMS)[k % 6]
                        opnd, post_opnd = "#%s%d" % (pm, imm), "#%s%d" % (pm, imm)
                        regkw = dict(imm=imm)
                    else:
                        sh = ("lsl", 0) if extra else SHIFTS[k % len(SHIFTS)]
                        opnd = "%sr%d%s" % (pm, rm, shift_text(sh))
                        post_opnd = opnd
                        regkw = dict(rm=rm, shift=sh, carry=(k // 12) % 2)
                    if mode == "offset":
                        asm = "%s r%d, [r%d, %s]" % (op, rt, rn, opnd)
                    elif mode == "pre":
                        asm = "%s r%d, [r%d, %s]!" % (op, rt, rn, opnd)
                    else:
                        asm = "%s r%d, [r%d], %s" % (op, rt, rn, post_opnd)
                    ok("arm", asm, load, size, rt, rn, sign=sign, add=add,
                       index=int(mode != "post"), wback=int(mode != "offset"), **regkw)
                    k += 1


arm_forms()

A = "arm"
# Hand-checked addresses (r1 = 0x10000100, r9 = 0x800000F3, r2 = 0x10000200).
ok(A, "ldr r0, [r1, #4]", 1, 4, 0, 1, imm=4, golden=(0x10000104, 0x10000100))
ok(A, "str r0, [r1, #-4]!", 0, 4, 0, 1, imm=4, add=0, wback=1,
   golden=(0x100000FC, 0x100000FC))
ok(A, "ldrb r0, [r1], #16", 1, 1, 0, 1, imm=16, index=0, wback=1,
   golden=(0x10000100, 0x10000110))
ok(A, "ldr r0, [r1, r9, lsr #4]", 1, 4, 0, 1, rm=9, shift=("lsr", 4),
   golden=(0x10000100 + 0x0800000F, 0x10000100))
ok(A, "ldr r0, [r1, r9, asr #4]", 1, 4, 0, 1, rm=9, shift=("asr", 4),
   golden=(0x10000100 + 0xF800000F - 0x100000000, 0x10000100))
ok(A, "ldr r0, [r1, r9, ror #4]", 1, 4, 0, 1, rm=9, shift=("ror", 4),
   golden=(0x10000100 + 0x3800000F, 0x10000100))
ok(A, "ldr r0, [r1, r9, rrx]", 1, 4, 0, 1, rm=9, shift=("rrx", 1), carry=1,
   golden=(0x10000100 + 0xC0000079 - 0x100000000, 0x10000100))
ok(A, "ldr r0, [r1, r9, rrx]", 1, 4, 0, 1, rm=9, shift=("rrx", 1), carry=0,
   golden=(0x10000100 + 0x40000079, 0x10000100))
ok(A, "ldrh r0, [r1, -r2]", 1, 2, 0, 1, rm=2, add=0, golden=(0xFFFFFF00, 0x10000100))
ok(A, "ldr r0, [r1, #-0]", 1, 4, 0, 1, imm=0, add=0, golden=(0x10000100, 0x10000100))
# More shifts, the nontrivial register, wrapping.
ok(A, "ldr r0, [r1, r9, lsl #31]", 1, 4, 0, 1, rm=9, shift=("lsl", 31))
ok(A, "str r0, [r1, -r9, asr #32]", 0, 4, 0, 1, rm=9, shift=("asr", 32), add=0)
ok(A, "strb r0, [r1, r9, lsr #32]!", 0, 1, 0, 1, rm=9, shift=("lsr", 32), wback=1)
ok(A, "ldrb r0, [r1], -r9, ror #1", 1, 1, 0, 1, rm=9, shift=("ror", 1), add=0,
   index=0, wback=1)
ok(A, "ldr r0, [r1, r1]!", 1, 4, 0, 1, rm=1, wback=1)       # Rm == Rn is fine
ok(A, "ldrh r0, [r1, r1]", 1, 2, 0, 1, rm=1)
# Literals: Rn = PC (reads as the instruction's address + 8), no writeback.
ok(A, "ldr r0, [pc, #8]", 1, 4, 0, 15, imm=8)
ok(A, "ldr r3, [pc, #-8]", 1, 4, 3, 15, imm=8, add=0)
ok(A, "ldrb r4, [pc, #4095]", 1, 1, 4, 15, imm=4095)
ok(A, "ldrsb r0, [pc, #-3]", 1, 1, 0, 15, imm=3, add=0, sign=1)
ok(A, "ldrh r5, [pc, #0xfe]", 1, 2, 5, 15, imm=0xFE)
ok(A, "str r0, [pc, #4]", 0, 4, 0, 15, imm=4)                # deprecated but defined
ok(A, "ldr r0, [pc, r1]", 1, 4, 0, 15, rm=1)
# Conditions are not evaluated; POP/PUSH of one register are LDR/STR.
ok(A, "ldrne r0, [r1, #4]", 1, 4, 0, 1, imm=4)
ok(A, "strhgt r2, [r3, #-6]", 0, 2, 2, 3, imm=6, add=0)
ok(A, "ldrsbeq r0, [r1, r2]", 1, 1, 0, 1, rm=2, sign=1)
ok(A, "strbls r7, [r8], #1", 0, 1, 7, 8, imm=1, index=0, wback=1)
ok(A, "pop {r5}", 1, 4, 5, 13, imm=4, index=0, wback=1)
ok(A, "push {r5}", 0, 4, 5, 13, imm=4, add=0, wback=1)
ok(A, "ldr lr, [sp, #-4]!", 1, 4, 14, 13, imm=4, add=0, wback=1)

# ARM rejects, one class at a time.
for s in ["pld [r1, #4]", "pld [r1, r2]", "pli [r1, #-4]", "clrex", "dmb ish",
          "srsdb sp!, #19", "rfeia r0", "blx 1f\n1:"]:
    rej(A, s, "ECOND")
for s in ["ldrt r0, [r1], #4", "ldrt r0, [r1]", "strt r0, [r1], -r2, lsl #2",
          "ldrbt r0, [r1], #-1", "strbt r0, [r1], r2", "ldrht r0, [r1], #2",
          "strht r0, [r1], -r2", "ldrsbt r0, [r1], #1", "ldrsht r0, [r1], r2"]:
    rej(A, s, "EUNPRIV")
for s in ["ldrd r0, r1, [r2]", "ldrd r0, r1, [r2, #8]!", "ldrd r0, r1, [r2], #-8",
          "strd r4, r5, [r2, r3]", "strd r4, r5, [r2, #-16]!", "ldrd r0, r1, [pc, #8]"]:
    rej(A, s, "EDUAL")
for s in ["ldm r0, {r1, r2}", "stmdb sp!, {r4, lr}", "push {r4, lr}", "pop {r4, pc}",
          "ldmib r0!, {r1}", "stmda r0, {r1, r2, r3}", "ldm sp, {r0-r3}^"]:
    rej(A, s, "EMULTI")
for s in ["ldrex r0, [r1]", "strex r0, r1, [r2]", "ldrexb r0, [r1]", "ldrexh r0, [r1]",
          "ldrexd r0, r1, [r2]", "strexb r0, r1, [r2]", "strexh r0, r1, [r2]",
          "strexd r0, r2, r3, [r4]", "swp r0, r1, [r2]", "swpb r0, r1, [r2]"]:
    rej(A, s, "EEXCL")
for s in ["ldr pc, [r1]", "str pc, [r1, #4]", "pop {pc}", "ldr pc, [r1, r2, lsl #2]",
          "ldrne pc, [r1, #-8]"]:
    rej(A, s, "ERT_PC")
# The assembler refuses PC as a writeback base: assemble with r1, set Rn = 15.
rej(A, "ldr r0, [r1, #4]!", "ERN_PC", patch=[("w", 16, 4, 15)])
rej(A, "ldr r0, [r1], #4", "ERN_PC", patch=[("w", 16, 4, 15)])
rej(A, "strh r0, [r1], #2", "ERN_PC", patch=[("w", 16, 4, 15)])
for s in ["ldr r0, [r0, #4]!", "ldr r3, [r3], #4", "str r2, [r2, #-4]!",
          "ldrh r5, [r5], #2", "strb r1, [r1, r2]!", "ldrsh r6, [r6, -r7]!"]:
    rej(A, s, "EWB_RT")
# The assembler refuses Rm = PC: assemble with r2, set Rm = 15.
rej(A, "ldr r0, [r1, r2]", "ERM_PC", patch=[("w", 0, 4, 15)])
rej(A, "str r0, [r1, -r2, lsl #2]", "ERM_PC", patch=[("w", 0, 4, 15)])
rej(A, "ldrh r0, [r1, r2]", "ERM_PC", patch=[("w", 0, 4, 15)])
rej(A, "ldrsb r0, [r1], r2", "ERM_PC", patch=[("w", 0, 4, 15)])
# Should-be-zero bits 11:8 of an extra load/store register form set.
rej(A, "ldrh r0, [r1, r2]", "EUNPRED", patch=[("w", 8, 4, 1)])
for s in ["add r0, r1, r2", "mov r0, #0x1000", "mul r0, r1, r2", "umull r0, r1, r2, r3",
          "b 1f\n1:", "bl 1f\n1:", "bx lr", "svc #0", "mrc p15, 0, r0, c1, c0, 0",
          "vldr d0, [r1, #8]", "ldc p14, c5, [r1, #4]", "uadd8 r0, r1, r2",
          "sbfx r0, r1, #4, #8", "usat r0, #7, r1", "nop", "msr cpsr_c, r0",
          "udf #0", "rev r0, r1", "sel r0, r1, r2"]:
    rej(A, s, "ENOTLDST")

# ---- Thumb cases ----------------------------------------------------------

T = "thumb"
# 16-bit (A6.2.4): register offset, all eight (opB order).
T16_REG = [("str", 0, 4, 0), ("strh", 0, 2, 0), ("strb", 0, 1, 0), ("ldrsb", 1, 1, 1),
           ("ldr", 1, 4, 0), ("ldrh", 1, 2, 0), ("ldrb", 1, 1, 0), ("ldrsh", 1, 2, 1)]
for i, (op, load, size, sign) in enumerate(T16_REG):
    rt, rn, rm = i % 8, (i + 3) % 8, (i + 5) % 8
    ok(T, "%s.n r%d, [r%d, r%d]" % (op, rt, rn, rm), load, size, rt, rn, rm=rm,
       sign=sign, length=2)
for op, load, size, imms in [("str", 0, 4, (0, 4, 124)), ("ldr", 1, 4, (0, 8, 124)),
                             ("strb", 0, 1, (0, 1, 31)), ("ldrb", 1, 1, (0, 7, 31)),
                             ("strh", 0, 2, (0, 2, 62)), ("ldrh", 1, 2, (0, 6, 62))]:
    for j, imm in enumerate(imms):
        rt, rn = (j * 3 + size) % 8, (j * 5 + size + 1) % 8
        ok(T, "%s.n r%d, [r%d, #%d]" % (op, rt, rn, imm), load, size, rt, rn, imm=imm,
           length=2)
ok(T, "str.n r0, [sp, #1020]", 0, 4, 0, 13, imm=1020, length=2)
ok(T, "ldr.n r7, [sp, #4]", 1, 4, 7, 13, imm=4, length=2)
ok(T, "ldr.n r3, [sp]", 1, 4, 3, 13, imm=0, length=2)
ok(T, "ldr.n r0, [r1, #4]", 1, 4, 0, 1, imm=4, length=2,
   golden=(0x10000104, 0x10000100))
# 16-bit literals at both halfword alignments (base = Align(PC, 4)).
for rt, imm in [(3, 8), (0, 1020), (7, 0)]:
    ok(T, "ldr.n r%d, [pc, #%d]" % (rt, imm), 1, 4, rt, 15, imm=imm, length=2)
    ok(T, "ldr.n r%d, [pc, #%d]" % (rt, imm), 1, 4, rt, 15, imm=imm, length=2)
rej(T, "it ne", "ENOTLDST")
ok(T, "ldrne.n r0, [r1, #4]", 1, 4, 0, 1, imm=4, length=2)

# 32-bit (A6.3.7-A6.3.10): imm12, imm8 offset/pre/post +/-, register LSL #0-3.
T32_OPS = [("ldr", 1, 4, 0), ("str", 0, 4, 0), ("ldrb", 1, 1, 0), ("strb", 0, 1, 0),
           ("ldrh", 1, 2, 0), ("strh", 0, 2, 0), ("ldrsb", 1, 1, 1), ("ldrsh", 1, 2, 1)]
T32_REGS = [(8, 9, 10), (0, 12, 9), (14, 1, 11), (11, 13, 9), (12, 8, 2), (3, 14, 9),
            (9, 10, 12), (1, 11, 14)]
k = 0
for op, load, size, sign in T32_OPS:
    for form in ("imm12", "offset-", "pre+", "pre-", "post+", "post-", "reg"):
        rt, rn, rm = T32_REGS[k % len(T32_REGS)]
        imm12 = [0xFFF, 0, 0x123, 4, 0x800, 1][k % 6]
        imm8 = [0xFF, 1, 4, 0x80, 0x3C, 0][k % 6] or 2
        lsl = k % 4
        if form == "imm12":
            ok(T, "%s.w r%d, [r%d, #%d]" % (op, rt, rn, imm12), load, size, rt, rn,
               sign=sign, imm=imm12)
        elif form == "offset-":
            ok(T, "%s r%d, [r%d, #-%d]" % (op, rt, rn, imm8), load, size, rt, rn,
               sign=sign, imm=imm8, add=0)
        elif form.startswith("pre"):
            add = int(form == "pre+")
            ok(T, "%s r%d, [r%d, #%s%d]!" % (op, rt, rn, "" if add else "-", imm8),
               load, size, rt, rn, sign=sign, imm=imm8, add=add, wback=1)
        elif form.startswith("post"):
            add = int(form == "post+")
            ok(T, "%s r%d, [r%d], #%s%d" % (op, rt, rn, "" if add else "-", imm8),
               load, size, rt, rn, sign=sign, imm=imm8, add=add, index=0, wback=1)
        else:
            sh = ", lsl #%d" % lsl if lsl else ""
            ok(T, "%s.w r%d, [r%d, r%d%s]" % (op, rt, rn, rm, sh), load, size, rt, rn,
               sign=sign, rm=rm, shift=("lsl", lsl))
        k += 1
ok(T, "ldr.w r0, [r1, #4]", 1, 4, 0, 1, imm=4, golden=(0x10000104, 0x10000100))
ok(T, "ldrsh r0, [r1], #-3", 1, 2, 0, 1, sign=1, imm=3, add=0, index=0, wback=1,
   golden=(0x10000100, 0x100000FD))
ok(T, "ldr.w r0, [r1, r9, lsl #3]", 1, 4, 0, 1, rm=9, shift=("lsl", 3),
   golden=(0x10000100 + 0x00000798, 0x10000100))
ok(T, "ldr.w sp, [r1, #8]", 1, 4, 13, 1, imm=8)             # Rt = SP allowed for words
ok(T, "pop.w {r8}", 1, 4, 8, 13, imm=4, index=0, wback=1)
ok(T, "push.w {r8}", 0, 4, 8, 13, imm=4, add=0, wback=1)
# 32-bit literals (load only), +/-, each size; each twice at both alignments.
for s, load, size, rt, imm, add, sign in [
        ("ldr.w r0, [pc, #8]", 1, 4, 0, 8, 1, 0), ("ldr.w r9, [pc, #-8]", 1, 4, 9, 8, 0, 0),
        ("ldrb.w r1, [pc, #3]", 1, 1, 1, 3, 1, 0), ("ldrb r1, [pc, #-3]", 1, 1, 1, 3, 0, 0),
        ("ldrh.w r2, [pc, #4095]", 1, 2, 2, 4095, 1, 0),
        ("ldrsb.w r10, [pc, #-100]", 1, 1, 10, 100, 0, 1),
        ("ldrsh.w lr, [pc, #6]", 1, 2, 14, 6, 1, 1)]:
    ok(T, s, load, size, rt, 15, imm=imm, add=add, sign=sign)
    rej(T, "nop.n", "ENOTLDST")
    ok(T, s, load, size, rt, 15, imm=imm, add=add, sign=sign)

# Thumb rejects.
for s in ["ldmia r0!, {r1, r2}", "stmia r1!, {r2}", "push {r0, lr}", "pop {r0, pc}",
          "push {r4}", "ldm.w r0, {r1, r2}", "stmdb sp!, {r4, r5}", "push.w {r4, r5, lr}",
          "pop.w {r4, r5, pc}", "ldmdb r0!, {r1, r2}", "ldmia.w r0!, {r8, r9}"]:
    rej(T, s, "EMULTI")
for s in ["ldrd r0, r1, [r2, #8]", "ldrd r0, r1, [r2], #-8", "strd r0, r1, [r2, #-8]!",
          "ldrd r0, r1, [pc, #8]", "strd r4, r5, [sp]", "ldrd r2, r3, [r4, #-1020]"]:
    rej(T, s, "EDUAL")
for s in ["ldrex r0, [r1]", "ldrex r0, [r1, #8]", "strex r0, r1, [r2]", "ldrexb r0, [r1]",
          "ldrexh r0, [r1]", "ldrexd r0, r1, [r2]", "strexb r0, r1, [r2]",
          "strexh r0, r1, [r2]", "strexd r0, r2, r3, [r4]"]:
    rej(T, s, "EEXCL")
for s in ["pld [r1, #4]", "pld [r1, #-4]", "pld [r1, r2, lsl #1]", "pld [pc, #8]",
          "pli [r1, #4]", "pli [r1, #-4]", "pli [r1, r2]", "pli [pc, #-8]"]:
    rej(T, s, "EHINT")
for s in ["ldrt r0, [r1, #4]", "strt r0, [r1]", "ldrbt r0, [r1, #255]", "strbt r8, [r9, #1]",
          "ldrht r0, [r1, #2]", "strht r0, [r1, #2]", "ldrsbt r0, [r1]", "ldrsht r0, [r1, #6]"]:
    rej(T, s, "EUNPRIV")
for s in ["ldr.w pc, [r1, #4]", "ldr pc, [r1, #-4]", "ldr.w pc, [r1, r2]", "ldr pc, [sp], #4",
          "ldr.w pc, [pc, #8]"]:
    rej(T, s, "ERT_PC")
# Refused by the assembler, so patched (hw1 bits 3:0 are Rn, hw2 15:12 Rt, 3:0 Rm).
rej(T, "str.w r0, [r1, #4]", "ERN_PC", patch=[("hw1", 0, 4, 15)])
rej(T, "strb.w r0, [r1, #-4]", "ERN_PC", patch=[("hw1", 0, 4, 15)])
rej(T, "ldr r0, [r1, #4]!", "EWB_RT", patch=[("hw1", 0, 4, 0)])
rej(T, "str r3, [r1], #4", "EWB_RT", patch=[("hw1", 0, 4, 3)])
rej(T, "ldrh r5, [r1, #-2]!", "EWB_RT", patch=[("hw1", 0, 4, 5)])
rej(T, "ldr.w r0, [r1, r2]", "ERM_PC", patch=[("hw2", 0, 4, 15)])
rej(T, "ldr.w r0, [r1, r2, lsl #2]", "ERM_PC", patch=[("hw2", 0, 4, 13)])
rej(T, "strh.w r0, [r1, r2]", "ERM_PC", patch=[("hw2", 0, 4, 15)])
rej(T, "str.w r0, [r1, #4]", "ERT_PC", patch=[("hw2", 12, 4, 15)])
rej(T, "ldr r0, [r1], #4", "ENOTLDST", patch=[("hw2", 8, 1, 0)])   # imm8, P=0 W=0: UNDEFINED
rej(T, "strb r0, [r1], #-4", "ENOTLDST", patch=[("hw2", 8, 1, 0)])
rej(T, "ldrb.w r0, [r1]", "EUNPRED", patch=[("hw2", 12, 4, 13)])
rej(T, "strh.w r0, [r1, #2]", "EUNPRED", patch=[("hw2", 12, 4, 13)])
for s in ["adds r0, r1, r2", "mov r0, r1", "b.n 1f\n1:", "bx lr", "nop.n", "svc #0",
          "add r0, pc, #8", "uxtb r0, r1", "add.w r0, r1, r2", "bl 1f\n1:", "b.w 1f\n1:",
          "movw r0, #0x1234", "mrc p15, 0, r0, c1, c0, 0", "vldr d0, [r1, #8]",
          "ldc p14, c5, [r1, #4]", "dmb ish", "tbb [r0, r1]", "tbh [r0, r1, lsl #1]",
          "srsdb sp, #19", "rfeia r0", "cpsid i", "udf #0"]:
    rej(T, s, "ENOTLDST")


# ---- assemble, read back, check, emit ---------------------------------------

def assemble(tmp):
    src = [".syntax unified", ".arch armv7-a", ".fpu vfpv3"]
    for state, sect in (("arm", ".text.arm"), ("thumb", ".text.thumb")):
        src += ['.section %s,"ax",%%progbits' % sect, "." + state, ".balign 4"]
        src += [c.asm for c in cases if c.state == state]
    path = os.path.join(tmp, "cases.s")
    with open(path, "w") as f:
        f.write("\n".join(src) + "\n")
    obj = os.path.join(tmp, "cases.o")
    r = subprocess.run([AS, "-march=armv7-a", path, "-o", obj],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit("gen_decode_cases: assembler failed:\n" + r.stderr)
    dump = subprocess.run([OBJDUMP, "-d", obj], capture_output=True, text=True,
                          check=True).stdout
    found = {"arm": [], "thumb": []}
    state = None
    for line in dump.splitlines():
        m = re.match(r"Disassembly of section \.text\.(arm|thumb):", line)
        if m:
            state = m.group(1)
            continue
        m = re.match(r"\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$", line)
        if m and state:
            words = m.group(2).split()
            if state == "thumb" and len(words) == 1 and len(words[0]) == 8:
                words = [words[0][:4], words[0][4:]]
            found[state].append((int(m.group(1), 16), [int(w, 16) for w in words],
                                 m.group(3).strip()))
    return found


def apply_patch(c, words):
    for part, lo, width, value in c.patch:
        i = {"w": 0, "hw1": 0, "hw2": 1}[part]
        mask = ((1 << width) - 1) << lo
        words[i] = (words[i] & ~mask) | (value << lo)
    return words


def main():
    out = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        found = assemble(tmp)
    rows = []
    lit_align = set()
    for state, base in (("arm", ARM_BASE), ("thumb", THUMB_BASE)):
        mine = [c for c in cases if c.state == state]
        got = found[state]
        if len(got) != len(mine):
            sys.exit("gen_decode_cases: %s: %d cases, %d instructions disassembled"
                     % (state, len(mine), len(got)))
        for c, (off, words, text) in zip(mine, got):
            addr = base + off
            if state == "arm":
                assert len(words) == 1 and words[0] > 0xFFFF, (c.asm, text)
            words = apply_patch(c, list(words))
            length = 4 if state == "arm" else 2 * len(words)
            insn = words[0] if len(words) == 1 or state == "arm" else words[0] | words[1] << 16
            pc_read = addr + (8 if state == "arm" else 4)
            if c.err:
                rows.append((c, text, state, addr, insn, None))
                continue
            kw = c.kw
            if kw["length"] != length:
                sys.exit("gen_decode_cases: %r assembled to %d bytes (%s), expected %d"
                         % (c.asm, length, text, kw["length"]))
            address, new_base = expect(kw, pc_read)
            if kw["golden"] and tuple(x & M for x in kw["golden"]) != (address, new_base):
                sys.exit("gen_decode_cases: %r: model %#x/%#x, by hand %#x/%#x"
                         % ((c.asm, address, new_base) + tuple(x & M for x in kw["golden"])))
            if kw["rn"] == 15 and state == "thumb":
                lit_align.add(addr % 4)
            rows.append((c, text, state, addr, insn, (address, new_base)))
    if lit_align != {0, 2}:
        sys.exit("gen_decode_cases: Thumb literals not at both alignments")

    lines = ["/* Generated by tests/unit/gen_decode_cases.py: do not edit. */",
             "#define DECODE_CASE_R9 0x%08Xu" % REGS[9], "",
             "static const struct decode_case decode_cases[] = {"]
    for c, text, state, addr, insn, exp in rows:
        asm = c.asm.split("\n")[0]
        note = "".join(" (patched: %s[%d:%d] = %d)" % (part, lo + width - 1, lo, value)
                       for part, lo, width, value in c.patch)
        lines.append("    /* %-32s -> %s%s */" % (asm, text.split("\t@")[0].replace("\t", " ")
                                                   .replace("*/", "* /"), note))
        head = '{.text = "%s", .thumb = %d, .addr = 0x%08Xu, .insn = 0x%08Xu,' % (
            asm, state == "thumb", addr, insn)
        if exp is None:
            lines.append("     " + head + " .err = DECODE_%s}," % c.err)
            continue
        kw = c.kw
        rm = kw["rm"]
        kind = 1 if rm is not None else (2 if kw["rn"] == 15 else 0)
        lines.append("     " + head)
        lines.append("      .load = %d, .size = %d, .sign = %d, .rt = %d, .rn = %d, "
                     ".writeback = %d, .length = %d, .carry = %d,"
                     % (kw["load"], kw["size"], kw["sign"], kw["rt"], kw["rn"], kw["wback"],
                        kw["length"], kw["carry"]))
        lines.append("      .address = 0x%08Xu, .new_base = 0x%08Xu," % exp)
        lines.append("      .kind = %d, .index = %d, .add = %d, .imm = %d, .rm = %d, "
                     ".shift = %d, .amount = %d}," % (
                         kind, kw["index"], kw["add"], kw["imm"], 0 if rm is None else rm,
                         SHIFT_CODE[kw["shift"][0]], kw["shift"][1]))
    lines += ["};", ""]
    tmp_out = out + ".tmp"
    with open(tmp_out, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp_out, out)


if __name__ == "__main__":
    main()
