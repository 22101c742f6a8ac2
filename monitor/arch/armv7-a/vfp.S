/*
 * VFP/Advanced SIMD register accessors for lazy switching (monitor/core/vfp.c).
 * The monitor itself is soft-float; only these touch the VFP register file.
 * ARM ARM (DDI 0406C) B1.11 "Advanced SIMD and floating-point support":
 * VFPv3-D32 + NEON on the Cortex-A9 (Cortex-A9 FPU TRM, DDI 0408): d0-d31,
 * FPSCR, FPEXC. FPEXC.EN must be 1 for the save and the load (else they are
 * undefined, even at PL1).
 */
    .syntax unified
    .arm
    .fpu neon
    .text

/* void arch_vfp_save(struct vfp_state *s): d0-d31, then FPSCR, FPEXC */
    .global arch_vfp_save
arch_vfp_save:
    vstmia  r0!, {d0-d15}
    vstmia  r0!, {d16-d31}
    vmrs    r1, fpscr
    vmrs    r2, fpexc
    stmia   r0, {r1, r2}
    bx      lr

/* void arch_vfp_load(const struct vfp_state *s): FPEXC is left enabled. */
    .global arch_vfp_load
arch_vfp_load:
    vldmia  r0!, {d0-d15}
    vldmia  r0!, {d16-d31}
    ldr     r1, [r0]
    vmsr    fpscr, r1
    bx      lr

/* uint32_t arch_fpexc_read(void) */
    .global arch_fpexc_read
arch_fpexc_read:
    vmrs    r0, fpexc
    bx      lr

/* void arch_fpexc_write(uint32_t v): VMSR FPEXC, then ISB so that what
 * follows executes with the new EN (ARM ARM B1.11 and the FPEXC register
 * description: a write is guaranteed visible only after a context
 * synchronization operation). */
    .global arch_fpexc_write
arch_fpexc_write:
    vmsr    fpexc, r0
    isb
    bx      lr

/* void arch_vfp_grant(void): CPACR cp10, cp11 = full access (PL0 and PL1),
 * ASEDIS = D32DIS = 0 (ARM ARM B4.1.40 CPACR); then ISB, required before
 * any VFP instruction relies on the new value (B4.1.40, "Changing the
 * value of CPACR"). FPEXC.EN stays 0: every VFP instruction is still
 * undefined until the monitor enables it for a hard-float guest. */
    .global arch_vfp_grant
arch_vfp_grant:
    mrc     p15, 0, r0, c1, c0, 2
    bic     r0, r0, #(3 << 30)
    orr     r0, r0, #(0xf << 20)
    mcr     p15, 0, r0, c1, c0, 2
    isb
    mov     r0, #0
    vmsr    fpexc, r0
    isb
    bx      lr
