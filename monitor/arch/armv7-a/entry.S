/*
 * First instructions of both cores. QEMU (and, after the FSBL, real
 * hardware) starts every core at the ELF entry in Secure SVC with the MMU
 * off (shared/QEMU-ZYNQ.md section 1). Each core sets its per-mode stacks and
 * its vector bases; core 0 clears .bss and runs boot_primary(), which opens
 * the gate core 1 waits at before it runs boot_secondary().
 */
#include "asm.h"

    .syntax unified
    .arm
    .section .text.entry, "ax"
    .global _start
_start:
    cpsid   aif
    mrc     p15, 0, r4, c0, c0, 5       @ MPIDR
    and     r4, r4, #3                  @ core number
    ldr     r5, =__stacks_end
    ldr     r6, =STACK_STRIDE           @ a block and the guard page below it
    mul     r6, r6, r4
    sub     r5, r5, r6                  @ top of this core's stack block

    cps     #MODE_UND
    mov     sp, r5
    sub     r5, r5, #STACK_EXC
    cps     #MODE_ABT
    mov     sp, r5
    sub     r5, r5, #STACK_EXC
    cps     #MODE_IRQ
    mov     sp, r5
    sub     r5, r5, #STACK_EXC
    cps     #MODE_FIQ
    mov     sp, r5
    sub     r5, r5, #STACK_EXC
    cps     #MODE_MON                   @ at STACK_MON_TOP (vectors.S smc_entry)
    mov     sp, r5
    sub     r5, r5, #STACK_MON
    cps     #MODE_SVC
    mov     sp, r5

    ldr     r0, =vectors
    mcr     p15, 0, r0, c12, c0, 0      @ VBAR
    ldr     r0, =mon_vectors
    mcr     p15, 0, r0, c12, c0, 1      @ MVBAR
    isb

    cmp     r4, #0
    bne     1f

    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
2:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     2b
    bl      boot_primary
    b       .

    /* Core 1: report arrival (boot.c, wait_for_cores: MMU off, so the
     * store goes to memory; DSB completes it), then wait for core 0 (the
     * gate lives in .data, not .bss, so the clearing of .bss cannot race
     * with this read). */
1:  ldr     r0, =boot_arrived
    mov     r1, #CORE_FLAG_STRIDE
    mla     r0, r4, r1, r0              @ &boot_arrived[core]
    mov     r1, #1
    str     r1, [r0]
    dsb
    ldr     r0, =boot_gate
    ldr     r2, =GATE_OPEN
3:  ldr     r1, [r0]
    cmp     r1, r2
    wfene
    bne     3b
    dmb
    mov     r0, r4
    bl      boot_secondary
    b       .

    .section .data.boot_gate, "aw"
    .balign 4
    .global boot_gate
boot_gate:
    .word   0xdeadbeef

    .section .stacks, "aw", %nobits
    .balign 8
__stacks_start:
    .space  STACK_STRIDE * 2
    .global __stacks_end            @ also vectors.S smc_entry rebuilds sp_mon from it
__stacks_end:
