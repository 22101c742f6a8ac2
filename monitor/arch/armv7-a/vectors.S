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

/*
 * The smc page (generator/hrtmap.py): the Monitor-mode vectors and the smc
 * entry, alone on the last page of the monitor's memory. An HRT guest's
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
    ldrne   sp, =__stacks_end - STACK_PER_CPU - STACK_MON_TOP
    srsdb   sp!, #MODE_MON
    sub     sp, sp, #(FRAME_SIZE - 8)
    stmia   sp, {r0-r12}
    mov     r0, sp
    mov     r1, #8                      @ TRAP_SMC
    ldr     r2, =smc_entry_c
    blx     r2
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
