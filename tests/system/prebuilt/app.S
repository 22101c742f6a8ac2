/*
 * A guest built elsewhere: no guests/lib, no crt0, its own link script
 * (app.ld) - only the link contract of docs/porting.md. Thumb code, linked
 * 4 KB into its region; it checks that its .bss is zero and its .data was
 * loaded, prints through HC_CONSOLE_WRITE (calling again while the monitor
 * takes fewer bytes than asked, as the contract says) and stops with status 7.
 */
    .syntax unified
    .thumb
    .section .text.entry, "ax"
    .global app_entry
    .type   app_entry, %function
    .thumb_func
app_entry:
    ldr     r4, =counter            @ .bss: zero at entry
    ldr     r5, [r4]
    ldr     r6, =magic              @ .data: loaded from the image
    ldr     r6, [r6]
    ldr     r7, =0xc0ffee
    cmp     r5, #0
    it      eq
    cmpeq   r6, r7
    ite     eq
    ldreq   r1, =good
    ldrne   r1, =bad
    mov     r5, #(good_end - good)  @ bytes left
1:  mov     r2, r5
    mov     r0, #1                  @ HC_CONSOLE_WRITE (buf, len) -> bytes taken
    svc     #0
    cmp     r0, #0                  @ the monitor may take fewer: go on with the rest
    ble     2f
    add     r1, r1, r0
    subs    r5, r5, r0
    bne     1b
2:
    str     sp, [r4]                @ sp: the end of the region (printed by nobody, kept)
    mov     r0, #3                  @ HC_STOP (status)
    mov     r1, #7
    svc     #0
    b       .

    .section .rodata
good:
    .ascii  "prebuilt: bss zero, data loaded\n"
good_end:
bad:
    .ascii  "prebuilt: BAD BSS OR DATA       \n"

    .data
magic:
    .word   0xc0ffee

    .bss
counter:
    .word   0
