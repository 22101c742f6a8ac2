/*
 * The world switch of a core that hosts a Non-secure guest (nsworld.c).
 *
 * The Non-secure OS and the Secure monitor share every mode-banked core
 * register (ARM ARM B1.3.2: r8-r12_fiq and sp/lr/spsr of svc, abt, und, irq
 * and fiq, sp/lr of usr are not banked by security state); only Monitor
 * mode's are the Secure side's alone. So the switch saves and restores all of
 * them, in Monitor mode and with cps through each mode (the Cortex-A9 has no
 * banked-register MRS). CP15 state of the OS is banked by SCR.NS (ARM ARM
 * B4.1.1: SCTLR, TTBRs, DACR, VBAR, FSR/FAR, CONTEXTIDR ...): nothing to copy.
 * TLB entries and cache lines carry their security state (ARM ARM B3.10.1,
 * B2.2.4), so neither is maintained at a switch.
 *
 * Layout of struct ns_regs (nsworld.h): offsets below.
 */
#include "asm.h"

#define NS_PC      60
#define NS_CPSR    64
#define NS_SVC     68
#define NS_ABT     80
#define NS_UND     92
#define NS_IRQ     104
#define NS_FIQ     116
#define NS_SEC_SP  148
#define NS_BENCH   180

/* SCR while the Non-secure guest runs (ARM ARM B4.1.129): NS, FIQ to Monitor
 * mode, AW (it may mask asynchronous aborts); FW = 0, so it cannot mask FIQ;
 * IRQ = 0: its Group 1 interrupts go straight to its own vectors. */
#define SCR_NS_RUN 0x25

    .syntax unified
    .arm
    .text

/* Saves sp, lr, spsr of the current mode at [r0, #off]. */
.macro SAVE_BANKED off
    str     sp, [r0, #\off]
    str     lr, [r0, #(\off + 4)]
    mrs     r2, spsr
    str     r2, [r0, #(\off + 8)]
.endm

.macro LOAD_BANKED off
    ldr     sp, [r0, #\off]
    ldr     lr, [r0, #(\off + 4)]
    ldr     r2, [r0, #(\off + 8)]
    msr     spsr_fsxc, r2
.endm

/* void arch_world_enter(struct ns_regs *ns, uint32_t secure_svc_sp):
 * from Secure SVC with IRQ and FIQ masked; never returns. The Secure stack
 * pointers of the exception modes are kept in ns->sec_sp for the way back;
 * the SVC one is `secure_svc_sp`, the top of the monitor's frame. */
    .global arch_world_enter
arch_world_enter:
    str     r1, [r0, #NS_SEC_SP]
    cps     #MODE_ABT
    str     sp, [r0, #(NS_SEC_SP + 4)]
    LOAD_BANKED NS_ABT
    cps     #MODE_UND
    str     sp, [r0, #(NS_SEC_SP + 8)]
    LOAD_BANKED NS_UND
    cps     #MODE_IRQ
    str     sp, [r0, #(NS_SEC_SP + 12)]
    LOAD_BANKED NS_IRQ
    cps     #MODE_FIQ
    str     sp, [r0, #(NS_SEC_SP + 16)]
    add     r2, r0, #NS_FIQ
    ldmia   r2, {r8-r12}
    ldr     sp, [r0, #(NS_FIQ + 20)]
    ldr     lr, [r0, #(NS_FIQ + 24)]
    ldr     r2, [r0, #(NS_FIQ + 28)]
    msr     spsr_fsxc, r2
    cps     #MODE_SVC
    LOAD_BANKED NS_SVC
    cps     #MODE_MON
    mov     sp, r0                      @ the exit saves the guest's registers here
    add     r2, r0, #FRAME_SP_USR
    ldmia   r2, {sp, lr}^               @ User-mode sp, lr
    nop                                 @ no banked access right after LDM^
    ldr     lr, [r0, #NS_PC]
    ldr     r2, [r0, #NS_CPSR]
    msr     spsr_fsxc, r2
    mov     r2, #SCR_NS_RUN
    mcr     p15, 0, r2, c1, c1, 0       @ SCR: from here CP15 accesses go to the NS bank
    isb
    clrex                               @ no exclusive reservation of the Secure side survives
#ifdef CONFIG_BENCH_STAMPS
    mrc     p15, 0, r2, c9, c13, 0      @ PMCCNTR: the guest's first instruction is 4 on
    str     r2, [r0, #(NS_BENCH + 12)]
#endif
    ldmia   r0, {r0-r12}
    movs    pc, lr                      @ to the Non-secure guest

/* Monitor-mode vectors of a core that hosts a Non-secure guest (MVBAR):
 * its SMC (PSCI) and every Group 0 interrupt while it runs (SCR.FIQ = 1). */
    .balign 32
    .global ns_mon_vectors
ns_mon_vectors:
    b       .
    b       .
    b       ns_smc_entry
    b       .
    b       .
    b       .
    b       .
    b       ns_fiq_entry

ns_fiq_entry:
    sub     lr, lr, #4                  @ the interrupted instruction
    stmia   sp, {r0-r12}                @ sp_mon = this core's struct ns_regs
#ifdef CONFIG_BENCH_STAMPS
    mrc     p15, 0, r2, c9, c13, 0      @ PMCCNTR: the vector's instruction was 3 before
    str     r2, [sp, #NS_BENCH]
#endif
    mov     r1, #7                      @ TRAP_FIQ
    b       ns_exit
ns_smc_entry:
    stmia   sp, {r0-r12}
    mov     r1, #8                      @ TRAP_SMC
ns_exit:
    mov     r0, sp
    str     lr, [r0, #NS_PC]
    mrs     r2, spsr
    str     r2, [r0, #NS_CPSR]
    add     r2, r0, #FRAME_SP_USR
    stmia   r2, {sp, lr}^               @ User-mode sp, lr
    mov     r2, #0
    mcr     p15, 0, r2, c1, c1, 0       @ SCR = 0: Secure again, before leaving Monitor mode
    isb
    cps     #MODE_SVC
    SAVE_BANKED NS_SVC
    ldr     sp, [r0, #NS_SEC_SP]
    cps     #MODE_ABT
    SAVE_BANKED NS_ABT
    ldr     sp, [r0, #(NS_SEC_SP + 4)]
    cps     #MODE_UND
    SAVE_BANKED NS_UND
    ldr     sp, [r0, #(NS_SEC_SP + 8)]
    cps     #MODE_IRQ
    SAVE_BANKED NS_IRQ
    ldr     sp, [r0, #(NS_SEC_SP + 12)]
    cps     #MODE_FIQ
    add     r2, r0, #NS_FIQ
    stmia   r2, {r8-r12}
    str     sp, [r0, #(NS_FIQ + 20)]
    str     lr, [r0, #(NS_FIQ + 24)]
    mrs     r2, spsr
    str     r2, [r0, #(NS_FIQ + 28)]
    ldr     sp, [r0, #(NS_SEC_SP + 16)]
    cps     #MODE_SVC                   @ A, I, F stay masked (Monitor entry set them)
    sub     sp, sp, #FRAME_SIZE         @ the core's trap frame, where the Secure guests' goes
    mov     r4, r1
    mov     r1, r0
    mov     r0, sp
    bl      arch_frame_copy             @ the guest's r0-r12, usr sp/lr, pc, cpsr
    mov     r0, sp
    mov     r1, r4
    bic     sp, sp, #7                  @ AAPCS: 8-byte aligned at the C call
    bl      ns_exit_c                   @ never returns
    b       .

/* void arch_ns_cp15_reset(void): the Non-secure SCTLR and VBAR back to their
 * reset values (Cortex-A9 TRM 4.3.9: SCTLR 0x00c50078, MMU and caches off),
 * for a restarted guest, which must be entered with its MMU off. In Monitor
 * mode, where SCR.NS selects the CP15 bank without leaving the Secure state
 * (ARM ARM B1.5.1). */
    .global arch_ns_cp15_reset
arch_ns_cp15_reset:
    mrs     r3, cpsr
    cps     #MODE_MON
    mov     r2, #1
    mcr     p15, 0, r2, c1, c1, 0       @ SCR.NS: the Non-secure bank
    isb
    ldr     r2, =0x00c50078
    mcr     p15, 0, r2, c1, c0, 0       @ SCTLR (NS)
    mov     r2, #0
    mcr     p15, 0, r2, c12, c0, 0      @ VBAR (NS)
    mcr     p15, 0, r2, c1, c1, 0       @ SCR = 0
    isb
    msr     cpsr_c, r3                  @ back to the caller's mode
    bx      lr
