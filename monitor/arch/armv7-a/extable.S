/*
 * Accesses the monitor makes for a guest that may fail: a device that
 * answers with a bus error (AXI SLVERR/DECERR, UG585 5.1) or an address
 * that is not mapped. Each access instruction has an entry in .ex_table
 * {first, last, fixup}: an abort taken from the monitor with its preferred
 * return address in [first, last] resumes at `fixup` (trap_monitor in
 * core/abort.c), which returns 1 to the caller instead of panicking.
 *
 * Loads from Device memory abort precisely on the Cortex-A9; stores may be
 * buffered and abort imprecisely (ARM ARM B3.12.1 and A3.5.5 on
 * asynchronous aborts), so a store is completed with a DSB and then given
 * an explicit window with CPSR.A clear, inside which its asynchronous abort
 * is taken and attributed to this access.
 */
#include "asm.h"

    .syntax unified
    .arm
    .text

.macro EX_ENTRY first, last, fixup
    .pushsection .ex_table, "a"
    .word   \first, \last, \fixup
    .popsection
.endm

/* int arch_io_read{8,16,32}(uint32_t addr, uint32_t *value): 0, or 1 if the
 * access aborted (*value untouched). */
.macro IO_READ name, insn
    .global \name
\name:
1:  \insn   r2, [r0]
    str     r2, [r1]
    mov     r0, #0
    bx      lr
    EX_ENTRY 1b, 1b, io_failed
.endm

/* int arch_io_write{8,16,32}(uint32_t addr, uint32_t value): 0, or 1. */
.macro IO_WRITE name, insn
    .global \name
\name:
1:  \insn   r1, [r0]
    dsb                                 @ the store's response is back
2:  cpsie   a                           @ its asynchronous abort, if any, now
    isb
3:  cpsid   a
    mov     r0, #0
    bx      lr
    EX_ENTRY 1b, 1b, io_failed
    EX_ENTRY 2b, 3b, io_failed
.endm

    IO_READ  arch_io_read8,  ldrb
    IO_READ  arch_io_read16, ldrh
    IO_READ  arch_io_read32, ldr
    IO_WRITE arch_io_write8,  strb
    IO_WRITE arch_io_write16, strh
    IO_WRITE arch_io_write32, str

io_failed:
    cpsid   a                           @ the abort may have come in the window
    mov     r0, #1
    bx      lr

/* int arch_async_abort_take(uint32_t *fsr): ISR.A (ARM ARM B4.1.86) says an
 * asynchronous abort is pending; a DSB first completes every access still
 * outstanding, so that one caused before the call is pending by the time
 * ISR is read. It is then taken in a window with CPSR.A clear; the abort
 * handler records its DFSR (abort.c) and resumes at the fixup. */
    .global arch_async_abort_take
arch_async_abort_take:
    dsb
    mrc     p15, 0, r1, c12, c1, 0      @ ISR
    tst     r1, #(1 << 8)               @ ISR.A
    moveq   r0, #0
    bxeq    lr
    mov     r2, r0
1:  cpsie   a
    isb
2:  cpsid   a
    mov     r0, #0                      @ pending, but not taken: not ours
    bx      lr
    EX_ENTRY 1b, 2b, 3f
3:  cpsid   a
    mrc     p15, 0, r1, c5, c0, 0       @ DFSR of the abort just taken
    str     r1, [r2]
    mov     r0, #1
    bx      lr
