/*
 * Start of a User-mode (SRT/NRT) guest. The monitor enters here in User
 * mode with sp at the top of the guest's first memory region and the
 * guest's RAM already cleared, then main() runs; returning stops the guest.
 */
    .syntax unified
    .arm
    .section .text.start, "ax"
    .global _start
_start:
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
