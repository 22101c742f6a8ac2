/* Constants shared by the assembly files (ARM ARM B1.3.1 processor modes). */
#ifndef ASM_H
#define ASM_H

#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_MON 0x16
#define MODE_ABT 0x17
#define MODE_UND 0x1b
#define MODE_SYS 0x1f

/* Per-core stack block, carved top-down (entry.S), with an unmapped guard
 * page below it (generator/stacks.py lays them out and maps them). UND and
 * ABT switch to SVC at once for a guest's exception, but run the panic path
 * on their own stack for an exception of the monitor (vectors.S). */
#define STACK_SVC     8192
#define STACK_MON     4096
#define STACK_EXC     1024     /* UND, ABT, IRQ, FIQ */
#define STACK_PER_CPU (STACK_SVC + STACK_MON + 4 * STACK_EXC)   /* 16 KB */
#define STACK_GUARD   4096
#define STACK_STRIDE  (STACK_PER_CPU + STACK_GUARD)
#define STACK_MON_TOP (4 * STACK_EXC)   /* the Monitor stack's top below its core's block */

/* DACR field of domain 0, the monitor's (ARM ARM B4.1.43): client, and its mask. */
#define DACR_MONITOR       1
#define DACR_DOMAIN0_MASK  3

/* struct trap_frame (arch.h) */
#define FRAME_SP_USR  52
#define FRAME_SIZE    68       /* 17 words; pc and cpsr are pushed by srsdb */

#define GATE_OPEN     0x600d0001
#define CORE_FLAG_STRIDE 32    /* boot_arrived[] (boot.c): one cache line per core */

#endif
