/*
 * Start of an HRT guest: PL1 (SVC mode) on a core of its own, IRQs masked,
 * sp at the top of its memory. It installs its own vector table, so its
 * interrupts reach hrt_irq_handler() with no monitor on the path; the
 * monitor is reached only through `smc #0` (MVBAR).
 */
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
    ldr     r4, =__stack_top
    cps     #0x12                       @ IRQ mode: the top 4 KB
    mov     sp, r4
    sub     r4, r4, #4096
    cps     #0x17                       @ ABT
    mov     sp, r4
    cps     #0x1b                       @ UND
    mov     sp, r4
    sub     r4, r4, #1024
    cps     #0x13                       @ SVC: the rest
    mov     sp, r4
    ldr     r0, =hrt_vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
    isb
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      __libc_init_array           @ C++ constructors, __attribute__((constructor))
    mov     r0, #0
    mov     r1, #0
    bl      main
    bl      exit
    b       .

    .text
    .balign 32
hrt_vectors:
    b       .
    b       hrt_fault                   @ undefined instruction
    b       hrt_fault                   @ svc
    b       hrt_fault                   @ prefetch abort
    b       hrt_fault                   @ data abort
    b       .
    b       hrt_irq
    b       hrt_fault                   @ fiq

hrt_irq:
    sub     lr, lr, #4
    push    {r0-r3, r12, lr}
    bl      hrt_irq_handler
    ldm     sp!, {r0-r3, r12, pc}^      @ return, restoring CPSR from SPSR

hrt_fault:
    mrs     r0, cpsr
    and     r0, r0, #0x1f
    sub     r1, lr, #4
    bl      hrt_fault_report
    b       .
