/*
 * Lazy VFP/NEON switching for hard-float guests (`float: hard`,
 * CFG_GUEST_VFP). Each such vCPU has its own d0-d31, FPSCR and FPEXC; a
 * core's registers belong to one vCPU at a time (its `owner`), and FPEXC.EN
 * is on only while the owner runs. Any other guest's first VFP instruction
 * is undefined: for a hard-float guest the monitor moves the registers to it
 * and re-executes the instruction; a soft-float guest is stopped as before.
 * Soft-float guests never make the monitor touch the VFP registers.
 */
#ifndef VFP_H
#define VFP_H

#include <stdint.h>

struct vfp_state {
    uint64_t d[32];
    uint32_t fpscr;
    uint32_t fpexc;
};

struct pcpu;
struct vcpu;
struct trap_frame;

/* Boot of each core: CPACR grants cp10/cp11, FPEXC.EN = 0. */
void vfp_init_cpu(void);

/* The switch path (sched.c dispatch): `next` is about to run on `p`. Called
 * only once a hard-float guest owns the core's VFP (p->vfp_owner; EN is off
 * while there is no owner), so cores of soft-float guests pay one load and
 * a branch; FPEXC is written only when EN has to change. */
void vfp_dispatch(struct pcpu *p, const struct vcpu *next);

/* An undefined-instruction trap of `v`: returns 1 if it was a hard-float
 * guest's first VFP access (registers switched, `f` set to re-execute the
 * instruction), 0 if the instruction is really undefined for `v`. */
int vfp_undef(struct pcpu *p, struct vcpu *v, struct trap_frame *f);

/* Forgets `v`'s registers (a guest restarted by a fault policy starts with
 * zeroed VFP state). Call on `v`'s own core. */
void vfp_forget(struct pcpu *p, struct vcpu *v);

/* A core shared with a Non-secure OS (nsworld.c; docs/monitor.md "VFP and
 * NEON"): the OS is an owner of the core's registers like a hard-float
 * vCPU, with its own FPEXC. vfp_ns_leave, on the way out of its world,
 * keeps its FPEXC in *fpexc and clears EN; vfp_ns_enter, on the way in,
 * loads its registers back if a Secure guest used the VFP meanwhile and
 * restores its FPEXC. */
void vfp_ns_leave(struct pcpu *p, uint32_t *fpexc);

/* Parks the Secure owner's registers in its vCPU (EN off, no owner), so
 * that the other world can have the unit; vfp_ns_enter's first step. */
void vfp_world_switch(struct pcpu *p);
void vfp_ns_enter(struct pcpu *p, struct vcpu *v, uint32_t fpexc);

#endif
