/* crc16_arm.S - mb_crc16_arm(crc, value): the same CRC-16/CCITT in ARM code
 * (AAPCS: r0 = crc, r1 = value, result in r0). */
    .syntax unified
    .arm
    .text
    .global mb_crc16_arm
    .type   mb_crc16_arm, %function
mb_crc16_arm:
    push    {r4, lr}
    ldr     r3, =0x1021
    mov     r4, #4                  @ bytes
1:  and     r2, r1, #0xff
    eor     r0, r0, r2, lsl #8
    lsr     r1, r1, #8
    mov     r2, #8                  @ bits
2:  lsl     r0, r0, #1
    tst     r0, #0x10000
    eorne   r0, r0, r3
    subs    r2, r2, #1
    bne     2b
    ldr     r12, =0xffff
    and     r0, r0, r12
    subs    r4, r4, #1
    bne     1b
    pop     {r4, pc}
    .size   mb_crc16_arm, . - mb_crc16_arm
