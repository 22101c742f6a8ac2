/*
 * Exception vectors (ARM ARM B1.8). Every entry stores the interrupted
 * context as a struct trap_frame on the SVC stack and calls trap_entry() in
 * C, which may replace the frame with another vCPU's context; the common
 * exit then resumes whatever the frame holds. The monitor itself always runs
 * with IRQs masked, so the SVC stack is empty whenever a User-mode guest
 * traps and each core needs one frame only.
 *
 * mon_vectors serve `smc #0`, the hypercall of a core's PL1 (HRT) guest,
 * which owns VBAR on its core: the monitor is reached through MVBAR only
 * (the smc page, below).
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

/*
 * C is entered with sp 8-byte aligned, as the AAPCS requires at every public
 * interface (AAPCS 5.2.1.2): the 68-byte frame leaves sp = 4 mod 8 when the
 * stack was aligned, so the call runs on sp rounded down and r4 (saved in
 * the frame, callee-saved across the call) remembers the frame. The C side
 * checks it in test builds (build: test_stack_check, trap.c).
 */
.macro CALL_C fn
    mov     r4, sp
    bic     sp, sp, #7
    bl      \fn
    mov     sp, r4
.endm

/* The frame of a User-mode context, once {pc, cpsr} are on the SVC stack.
 * The monitor's SVC code runs with CPSR.A, I and F set: an asynchronous
 * abort then stays pending until the monitor looks for it
 * (arch_async_abort_take) instead of being blamed on whatever runs next. */
.macro USER_FRAME kind
    cpsid   aif, #MODE_SVC
    sub     sp, sp, #(FRAME_SIZE - 8)
    stmia   sp, {r0-r12}
    add     r0, sp, #FRAME_SP_USR
    stmia   r0, {sp, lr}^               @ User-mode sp, lr
    mov     r0, sp
    mov     r1, #\kind
    CALL_C  trap_entry
    b       trap_return
.endm

/* kind: enum trap_kind; adjust: lr offset to the preferred return address */
.macro TRAP_ENTRY name, kind, adjust
\name:
    .if \adjust
    sub     lr, lr, #\adjust
    .endif
    srsdb   sp!, #MODE_SVC              @ {pc, cpsr} of the context -> SVC stack
    USER_FRAME \kind
.endm

/*
 * The fast entries (issue 11): a hypercall, a data abort and an IRQ of a
 * User-mode guest go straight to their own C function (hvc_svc in
 * core/hvc.c, ioemu_dabt in core/ioemu.c, irq_entry_c in core/irqfast.c),
 * which ends the entry itself when nothing is left for the
 * scheduler. The frame is stored and loaded with one STM/LDM of the User
 * registers: r0-r12 and the User-mode sp, lr are the frame's first 15
 * words, in that order (ARM ARM B9.3.5 LDM (User registers), B9.3.14 STM
 * (User registers); neither may write back, so sp moves apart). The v7
 * LDM (User registers) puts no constraint on the next instruction (the
 * nop that ARMv5T and earlier needed before a banked access is not
 * needed). C is called on sp = the frame, 8-byte aligned: every core's
 * frame is (sched_start), so the 68-byte frame ends 4 mod 8 and no
 * realignment is needed (AAPCS 5.2.1.2; test builds check it, STACK_CHECK).
 */
.macro FAST_USER_FRAME fn, fault
    cpsid   aif, #MODE_SVC
    sub     sp, sp, #(FRAME_SIZE - 8)
    stmia   sp, {r0-lr}^                @ r0-r12, User sp and lr
    mov     r0, sp
    .ifnb \fault
    mrc     p15, 0, r1, c5, c0, 0       @ DFSR (ARM ARM B4.1.52)
    mrc     p15, 0, r2, c6, c0, 0       @ DFAR (B4.1.51): the C side's arguments
    .endif
    bl      \fn
    ldmia   sp, {r0-lr}^
    add     sp, sp, #(FRAME_SIZE - 8)
    rfeia   sp!
.endm

/*
 * Undefined instructions and aborts may also come from the monitor itself
 * (a bus error on an access it makes for a guest, a stack overflow into a
 * guard page, a bug). Those are handled on the exception mode's own stack,
 * never on the SVC stack, which may be the very thing that faulted. SPSR's
 * mode is 0x10 for User mode, and every privileged mode has M[3:0] != 0
 * (ARM ARM B1.3.1).
 */
.macro CHECKED_ENTRY name, kind, adjust, mode, fast
\name:
    sub     lr, lr, #\adjust
    str     r0, [sp, #-4]               @ scratch below this mode's own stack
    mrs     r0, spsr
    tst     r0, #0xf
    ldr     r0, [sp, #-4]
    bne     1f
    srsdb   sp!, #MODE_SVC
    .ifb \fast
    USER_FRAME \kind
    .else
    FAST_USER_FRAME \fast, fault
    .endif
1:  srsdb   sp!, #\mode                 @ {pc, cpsr} of the monitor's context
    sub     sp, sp, #(FRAME_SIZE - 8)   @ sp_usr, lr_usr: not stored
    stmia   sp, {r0-r12}
    mov     r0, sp
    mov     r1, #\kind
    CALL_C  trap_monitor                @ returns only to resume at a fixup
    ldmia   sp, {r0-r12}
    add     sp, sp, #(FRAME_SIZE - 8)
    rfeia   sp!
.endm


    CHECKED_ENTRY undef_entry, 1, 4, MODE_UND   @ lr = faulting instruction + 4 (ARM)
    CHECKED_ENTRY pabt_entry,  3, 4, MODE_ABT

/* svc #0 from a User-mode guest: lr = the next instruction. Whether it came
 * from User mode is hvc_svc's first check (the monitor makes no SVC call:
 * its semihosting svc 0x123456 is taken by QEMU, never vectored). */
svc_entry:
    srsdb   sp!, #MODE_SVC
    FAST_USER_FRAME hvc_svc

/* lr = the faulting instruction + 8. */
    CHECKED_ENTRY dabt_entry,  4, 8, MODE_ABT, ioemu_dabt

/* An IRQ, taken only from a User-mode guest (the monitor runs with IRQs
 * masked; irq_entry_c checks the mode): lr = the interrupted instruction
 * + 4 (ARM ARM B1.8.3). */
irq_entry:
    sub     lr, lr, #4
    srsdb   sp!, #MODE_SVC
    FAST_USER_FRAME irq_entry_c

    TRAP_ENTRY    fiq_entry,   7, 4

trap_return:
    add     r0, sp, #FRAME_SP_USR
    ldmia   r0, {sp, lr}^
    nop                                 @ no banked access right after LDM^
    ldmia   sp, {r0-r12}
    add     sp, sp, #(FRAME_SIZE - 8)
    rfeia   sp!

/*
 * The smc page (generator/hrtmap.py): the Monitor-mode vectors and the smc
 * entry, alone on the page below the stacks' megabyte. An HRT guest's
 * table maps the monitor's memory in domain 0, which its DACR denies, and
 * this page a second time, privileged read-only in the guest's domain, at
 * the alias that MVBAR points to on its core. So these instructions run
 * before any access to the monitor's memory: they grant domain 0 (client)
 * on entry and deny it again before the exception return, each DACR write
 * followed by an ISB, which makes it apply to the instructions after it
 * (ARM ARM B3.15.5 / B5.6.3, synchronization of CP15 changes). The code is
 * position-independent (it runs at the alias): branches within the page,
 * literals from its own pool, calls through registers. The only free
 * register before the DACR write is the banked sp_mon, used as scratch and
 * rebuilt from the stack layout (entry.S): the Monitor-mode stack is empty
 * whenever the guest runs. On a shared core SMC is undefined in User mode
 * (B6.1.9), so only an HRT guest gets here.
 */
    .section .smc_page, "ax"
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
    mrc     p15, 0, sp, c3, c0, 0       @ the guest's DACR
    orr     sp, sp, #DACR_MONITOR       @ + domain 0, the monitor's: client
    mcr     p15, 0, sp, c3, c0, 0
    isb
    mrc     p15, 0, sp, c0, c0, 5       @ MPIDR: this core's Monitor-mode stack
    tst     sp, #1                      @ (CONFIG_MAX_CORES == 2, trap.c)
    ldreq   sp, =__stacks_end - STACK_MON_TOP
    ldrne   sp, =__stacks_end - STACK_STRIDE - STACK_MON_TOP
    srsdb   sp!, #MODE_MON
    sub     sp, sp, #(FRAME_SIZE - 8)
    stmia   sp, {r0-r12}
    mov     r0, sp
    mov     r1, #8                      @ TRAP_SMC
    mov     r4, sp                      @ CALL_C, through a register (position-independent)
    bic     sp, sp, #7
    ldr     r2, =smc_entry_c
    blx     r2
    mov     sp, r4
    ldr     lr, [sp, #(FRAME_SIZE - 4)] @ the guest's cpsr, as srsdb stored it
    msr     spsr_cxsf, lr
    ldr     lr, [sp, #(FRAME_SIZE - 8)] @ its return address
    ldmia   sp, {r0-r12}
    mrc     p15, 0, sp, c3, c0, 0       @ no access to the monitor's memory from here
    bic     sp, sp, #DACR_DOMAIN0_MASK
    mcr     p15, 0, sp, c3, c0, 0
    isb
    movs    pc, lr                      @ exception return: cpsr <- spsr_mon

/* The last step of arch_enter_pl1, at the alias: r0 = the guest's entry. */
hrt_enter:
    mrc     p15, 0, r1, c3, c0, 0
    bic     r1, r1, #DACR_DOMAIN0_MASK  @ the guest's own DACR: domain 0 denied
    mcr     p15, 0, r1, c3, c0, 0
    isb
    mov     r2, r0
    mov     r0, #0
    mov     r1, #0
    mov     lr, #0
    bx      r2
    .ltorg

    .text
/* void arch_enter_pl1(uint32_t entry, uint32_t sp, uint32_t smc_vectors):
 * called on the guest's table with the monitor's domain still granted. */
    .global arch_enter_pl1
arch_enter_pl1:
    mcr     p15, 0, r2, c12, c0, 1      @ MVBAR: the smc page's alias
    isb
    mov     sp, r1
    ldr     r3, =(hrt_enter - mon_vectors)
    add     r3, r2, r3
    bx      r3

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
