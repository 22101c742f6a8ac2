/*
 * Lazy VFP/NEON switching (vfp.h). ARM ARM (DDI 0406C) B1.11 "Advanced SIMD
 * and floating-point support": with CPACR granting cp10/cp11 and FPEXC.EN = 0,
 * every VFP/Advanced SIMD instruction (other than the PL1 register moves of
 * FPEXC/FPSID) takes the Undefined Instruction exception; the chapter's
 * context-switching guidance is this scheme: clear EN at a switch, and on
 * the first use save the previous owner's registers and load the new one's.
 * The Cortex-A9's VFPv3-D32 has no trapped floating-point exceptions
 * (Cortex-A9 FPU TRM), so FPEXC.EX is never set and no state is pending.
 *
 * Registers move only on this core (vCPUs never migrate), so the per-core
 * owner needs no lock.
 */
#include "arch.h"
#include "config.h"
#include "vcpu.h"
#include "vfp.h"

#define FPEXC_EN (1u << 30)

void vfp_init_cpu(void)
{
    arch_vfp_grant();
}

void vfp_dispatch(struct pcpu *p, const struct vcpu *next)
{
    /* The owner may keep EN: its registers are still in the file. */
    uint8_t on = next == p->vfp_owner;
    if (on != p->vfp_on) {
        arch_fpexc_write(on ? FPEXC_EN : 0u);
        p->vfp_on = on;
    }
}

int vfp_undef(struct pcpu *p, struct vcpu *v, struct trap_frame *f)
{
    if (!(v->cfg->flags & CFG_GUEST_VFP) || p->vfp_on)
        return 0;               /* soft-float guest, or VFP already on: really undefined */
    arch_fpexc_write(FPEXC_EN);
    if (p->vfp_owner != v) {
        if (p->vfp_owner)
            arch_vfp_save(&p->vfp_owner->vfp);
        arch_vfp_load(&v->vfp);
        p->vfp_owner = v;
        p->vfp_switches++;
    }
    p->vfp_on = 1;
    /* Re-execute: vectors.S left pc = lr - 4, the instruction in ARM state;
     * in Thumb state lr is the instruction + 2 (ARM ARM B1.8, the link
     * value offsets of exception entry), and every VFP instruction is
     * 32-bit there. */
    if (f->cpsr & PSR_T)
        f->pc += 2u;
    return 1;
}

void vfp_forget(struct pcpu *p, struct vcpu *v)
{
    if (p->vfp_owner == v) {
        p->vfp_owner = 0;
        if (p->vfp_on) {
            arch_fpexc_write(0u);
            p->vfp_on = 0;
        }
    }
    struct vfp_state zero = {{0}, 0, 0};
    v->vfp = zero;
}

/* The Non-secure OS owns the VFP in its world with its own lazy switching
 * (FPEXC.EN as it left it; NSACR grants it cp10/cp11), and FPEXC and the
 * register file are not banked by security state (ARM ARM B1.11; B4.1.111
 * NSACR only controls Non-secure access). So the OS is one more owner of
 * the core's registers: leaving its world, its FPEXC is kept and EN
 * cleared, so that a Secure guest's first VFP instruction traps
 * (vfp_undef saves the OS's d0-d31/FPSCR then, a soft-float one is
 * stopped) and no Secure code runs on the OS's registers; entering it, the
 * OS's registers are loaded back if a Secure guest took them, and its
 * FPEXC is restored, EN and all. A Secure guest therefore never sees the
 * OS's registers and the OS never sees a Secure guest's. */
void vfp_ns_leave(struct pcpu *p, uint32_t *fpexc)
{
    uint32_t e = arch_fpexc_read();
    *fpexc = e;
    if (e & FPEXC_EN)
        arch_fpexc_write(0u);
    p->vfp_on = 0;
}

void vfp_world_switch(struct pcpu *p)
{
    /* Park the Secure owner's registers so the other world can use the
     * unit; its next VFP instruction traps and loads them again. */
    if (p->vfp_owner) {
        if (!p->vfp_on)
            arch_fpexc_write(FPEXC_EN);
        arch_vfp_save(&p->vfp_owner->vfp);
        p->vfp_owner = 0;
    }
    arch_fpexc_write(0u);
    p->vfp_on = 0;
}

void vfp_ns_enter(struct pcpu *p, struct vcpu *v, uint32_t fpexc)
{
    if (p->vfp_owner != v) {
        vfp_world_switch(p);                /* a Secure guest's registers parked */
        arch_fpexc_write(FPEXC_EN);         /* the load needs EN */
        arch_vfp_load(&v->vfp);
        p->vfp_owner = v;
        p->vfp_switches++;
    }
    arch_fpexc_write(fpexc);
    p->vfp_on = (fpexc & FPEXC_EN) != 0;
}
