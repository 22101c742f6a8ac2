/*
 * Exception vectors (ARM ARM B1.8). Every entry stores the interrupted
 * context as a struct trap_frame on the SVC stack and calls trap_entry() in
 * C, which may replace the frame with another vCPU's context; the common
 * exit then resumes whatever the frame holds. The monitor itself always runs
 * with IRQs masked, so the SVC stack is empty whenever a User-mode guest
 * traps and each core needs one frame only.
 *
 * mon_vectors serve `smc #0`, the hypercall of a core's PL1 (HRT) guest,
 * which owns VBAR on its core: the monitor is reached through MVBAR only.
 */
#include "asm.h"

    .syntax unified
    .arm
    .text

    .balign 32
    .global vectors
vectors:
    b       .                           @ reset: unused after boot
    b       undef_entry
    b       svc_entry
    b       pabt_entry
    b       dabt_entry
    b       .
    b       irq_entry
    b       fiq_entry

/* kind: enum trap_kind; adjust: lr offset to the preferred return address */
.macro TRAP_ENTRY name, kind, adjust
\name:
    .if \adjust
    sub     lr, lr, #\adjust
    .endif
    srsdb   sp!, #MODE_SVC              @ {pc, cpsr} of the context -> SVC stack
    cps     #MODE_SVC
    sub     sp, sp, #(FRAME_SIZE - 8)
    stmia   sp, {r0-r12}
    add     r0, sp, #FRAME_SP_USR
    stmia   r0, {sp, lr}^               @ User-mode sp, lr
    mov     r0, sp
    mov     r1, #\kind
    bl      trap_entry
    b       trap_return
.endm

    TRAP_ENTRY undef_entry, 1, 4        @ lr = faulting instruction + 4 (ARM)
    TRAP_ENTRY svc_entry,   2, 0        @ lr = next instruction
    TRAP_ENTRY pabt_entry,  3, 4
    TRAP_ENTRY dabt_entry,  4, 8
    TRAP_ENTRY irq_entry,   6, 4
    TRAP_ENTRY fiq_entry,   7, 4

trap_return:
    add     r0, sp, #FRAME_SP_USR
    ldmia   r0, {sp, lr}^
    nop                                 @ no banked access right after LDM^
    ldmia   sp, {r0-r12}
    add     sp, sp, #(FRAME_SIZE - 8)
    rfeia   sp!

    .balign 32
    .global mon_vectors
mon_vectors:
    b       .
    b       .
    b       smc_entry
    b       .
    b       .
    b       .
    b       .
    b       .

smc_entry:
    srsdb   sp!, #MODE_MON
    sub     sp, sp, #(FRAME_SIZE - 8)
    stmia   sp, {r0-r12}
    mov     r0, sp
    mov     r1, #8                      @ TRAP_SMC
    bl      smc_entry_c
    ldmia   sp, {r0-r12}
    add     sp, sp, #(FRAME_SIZE - 8)
    rfeia   sp!

/* void arch_enter_pl1(uint32_t entry, uint32_t sp) */
    .global arch_enter_pl1
arch_enter_pl1:
    mov     sp, r1
    mov     r2, r0
    mov     r0, #0
    mov     r1, #0
    mov     lr, #0
    bx      r2

/* void arch_semihost_exit(uint32_t status): SYS_EXIT_EXTENDED, reason
 * ADP_Stopped_ApplicationExit (shared/QEMU-ZYNQ.md section 7). */
    .global arch_semihost_exit
arch_semihost_exit:
    sub     sp, sp, #8
    ldr     r1, =0x20026
    str     r1, [sp]
    str     r0, [sp, #4]
    mov     r1, sp
    mov     r0, #0x20
    svc     0x123456
    b       .

/* void arch_enter_user(struct trap_frame *f): first entry of a core into its
 * guests; the frame becomes the core's trap frame from now on. */
    .global arch_enter_user
arch_enter_user:
    mov     sp, r0
    b       trap_return

/* void arch_frame_copy(struct trap_frame *dst, const struct trap_frame *src):
 * the 17 words of a context in four LDM/STM (a guest switch copies two). */
    .global arch_frame_copy
arch_frame_copy:
    push    {r4-r10}
    ldmia   r1!, {r2-r10}
    stmia   r0!, {r2-r10}
    ldmia   r1, {r2-r9}
    stmia   r0, {r2-r9}
    pop     {r4-r10}
    bx      lr
