/*
 * A guest built elsewhere: no guests/lib, no crt0, its own link script
 * (app.ld) - only the link contract of docs/porting.md. Thumb code, linked
 * 4 KB into its region; it checks that its .bss is zero and its .data was
 * loaded, prints through HC_CONSOLE_WRITE and stops with status 7.
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
    mov     r2, #(good_end - good)
    mov     r0, #1                  @ HC_CONSOLE_WRITE (buf, len)
    svc     #0
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
