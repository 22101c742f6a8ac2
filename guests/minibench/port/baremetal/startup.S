/* port/baremetal/startup.S - minibench's own start-up for a bare board:
 * vectors, a stack, .bss cleared, then main. NOT used as a guest: the
 * monitor's crt0 (guests/lib) does this for guests (docs/porting.md). */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _reset
_reset:
    b       start
    .rept   7
    b       .
    .endr
start:
    ldr     sp, =__stack_top
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
1:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     1b
    bl      main
    b       .
