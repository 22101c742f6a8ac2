/* Lazy VFP switching (monitor/core/vfp.c) against a model of one core's
 * VFP: a register file and FPEXC.EN. A guest's "VFP instruction" traps when
 * EN is off, as the hardware's would (ARM ARM B1.11). */
#include <stdint.h>
#include "arch.h"
#include "config.h"
#include "vcpu.h"
#include "vfp.h"
#include "unit.h"

static struct vfp_state hw;          /* the core's register file */
static uint32_t hw_fpexc;
static unsigned saves, loads;

void arch_vfp_grant(void) { hw_fpexc = 0; }
void arch_vfp_save(struct vfp_state *s)
{
    CHECK(hw_fpexc & (1u << 30));      /* only with EN set, as on hardware */
    *s = hw;
    saves++;
}
void arch_vfp_load(const struct vfp_state *s)
{
    CHECK(hw_fpexc & (1u << 30));
    uint32_t fpexc = hw_fpexc;
    hw = *s;
    hw.fpexc = fpexc;
    loads++;
}
uint32_t arch_fpexc_read(void) { return hw_fpexc; }
void arch_fpexc_write(uint32_t v) { hw_fpexc = v; }

static const struct cfg_guest hard_cfg = {.name = "hard", .flags = CFG_GUEST_VFP};
static const struct cfg_guest soft_cfg = {.name = "soft"};

/* The guest `v` runs one VFP instruction writing `value` to d[reg] (after
 * reading it into *old); returns 0 if it was undefined for the guest. */
static int vfp_op(struct pcpu *p, struct vcpu *v, struct trap_frame *f, int reg,
                  uint64_t value, uint64_t *old)
{
    if (!(hw_fpexc & (1u << 30))) {
        uint32_t pc = f->pc;
        if (!vfp_undef(p, v, f))
            return 0;
        CHECK_EQ_INT(f->pc, pc + ((f->cpsr & PSR_T) ? 2u : 0u));
        CHECK(hw_fpexc & (1u << 30));
    }
    *old = hw.d[reg];
    hw.d[reg] = value;
    return 1;
}

TEST(vfp_registers_follow_their_vcpu)
{
    static struct pcpu p;
    static struct vcpu a, b, s;
    struct trap_frame f = {{0}, 0, 0, 0x1000, PSR_MODE_USR};
    uint64_t old;
    a.cfg = &hard_cfg, b.cfg = &hard_cfg, s.cfg = &soft_cfg;
    vfp_init_cpu();
    saves = loads = 0;

    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 3, 0xaaaa, &old));             /* first use: load a's (zeros) */
    CHECK_EQ_INT(old, 0);
    CHECK_EQ_INT(loads, 1);
    CHECK_EQ_INT(saves, 0);

    vfp_dispatch(&p, &s);                                    /* soft: EN off, untouched */
    CHECK(!(hw_fpexc & (1u << 30)));
    CHECK(!vfp_op(&p, &s, &f, 3, 0x5, &old));                /* undefined: it is stopped */
    CHECK_EQ_INT(hw.d[3], 0xaaaa);

    vfp_dispatch(&p, &a);                                    /* the owner: EN on, no trap */
    CHECK(hw_fpexc & (1u << 30));
    CHECK(vfp_op(&p, &a, &f, 3, 0xaaab, &old));
    CHECK_EQ_INT(old, 0xaaaa);
    CHECK_EQ_INT(loads, 1);

    vfp_dispatch(&p, &b);                                    /* another hard-float guest */
    CHECK(!(hw_fpexc & (1u << 30)));
    f.cpsr = PSR_MODE_USR | PSR_T;                           /* its first use in Thumb state */
    CHECK(vfp_op(&p, &b, &f, 3, 0xbbbb, &old));
    CHECK_EQ_INT(old, 0);                                    /* b sees its own, not a's */
    CHECK_EQ_INT(a.vfp.d[3], 0xaaab);
    CHECK_EQ_INT(saves, 1);
    f.cpsr = PSR_MODE_USR;

    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 3, 0xaaac, &old));
    CHECK_EQ_INT(old, 0xaaab);
    CHECK_EQ_INT(b.vfp.d[3], 0xbbbb);
    CHECK_EQ_INT(saves, 2);
    CHECK_EQ_INT(loads, 3);

    /* A hard-float guest's truly undefined instruction (EN already on). */
    CHECK(!vfp_undef(&p, &a, &f));

    vfp_forget(&p, &a);                                      /* a restarted: zeros again */
    CHECK(!(hw_fpexc & (1u << 30)));
    CHECK(p.vfp_owner == 0);
    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 3, 1, &old));
    CHECK_EQ_INT(old, 0);
}

TEST(vfp_world_switch_hides_the_secure_registers)
{
    static struct pcpu p;
    static struct vcpu a;
    struct trap_frame f = {{0}, 0, 0, 0x1000, PSR_MODE_USR};
    uint64_t old;
    a.cfg = &hard_cfg;
    vfp_init_cpu();
    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 7, 0x1234, &old));
    vfp_world_switch(&p);
    CHECK(!(hw_fpexc & (1u << 30)));
    CHECK_EQ_INT(a.vfp.d[7], 0x1234);
    hw.d[7] = 0x6666;                                         /* the other world uses it */
    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 7, 0x1235, &old));
    CHECK_EQ_INT(old, 0x1234);
}

/* A Non-secure OS on the core (nsworld.c): its registers and FPEXC leave
 * with it and come back, whatever a Secure guest did in between; a
 * soft-float Secure guest never reads them. */
static const struct cfg_guest ns_cfg = {.name = "linux", .world = WORLD_NS};

TEST(vfp_ns_world_keeps_its_registers_and_fpexc)
{
    static struct pcpu p;
    static struct vcpu lx, a, s;
    struct trap_frame f = {{0}, 0, 0, 0x1000, PSR_MODE_USR};
    uint64_t old;
    uint32_t fpexc = 0;
    lx.cfg = &ns_cfg, a.cfg = &hard_cfg, s.cfg = &soft_cfg;
    vfp_init_cpu();
    vfp_ns_enter(&p, &lx, 0);                   /* first entry: zeroed registers, EN off */
    CHECK(p.vfp_owner == &lx && !(hw_fpexc & (1u << 30)));
    hw_fpexc = (1u << 30) | 0x700u;             /* Linux enables the unit and uses it */
    hw.d[3] = 0xabcd, hw.fpscr = 3u << 22;
    vfp_ns_leave(&p, &fpexc);
    CHECK_EQ_INT(fpexc, (1u << 30) | 0x700u);
    CHECK(!(hw_fpexc & (1u << 30)));            /* the Secure side runs with EN off */
    vfp_dispatch(&p, &s);
    CHECK(!vfp_op(&p, &s, &f, 3, 0, &old));     /* soft-float: undefined, nothing read */
    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 3, 0x1111, &old)); /* hard-float: traps, Linux's saved */
    CHECK_EQ_INT(old, 0);
    CHECK_EQ_INT(lx.vfp.d[3], 0xabcd);
    vfp_dispatch(&p, &lx);
    vfp_ns_enter(&p, &lx, fpexc);
    CHECK_EQ_INT(hw.d[3], 0xabcd);              /* Linux's back, the guest's parked */
    CHECK_EQ_INT(hw.fpscr, 3u << 22);
    CHECK_EQ_INT(hw_fpexc, (1u << 30) | 0x700u);
    CHECK_EQ_INT(a.vfp.d[3], 0x1111);
    vfp_ns_leave(&p, &fpexc);
    vfp_dispatch(&p, &a);
    CHECK(vfp_op(&p, &a, &f, 3, 0x2222, &old)); /* the guest finds its own again */
    CHECK_EQ_INT(old, 0x1111);
    vfp_dispatch(&p, &lx);
    vfp_ns_enter(&p, &lx, fpexc);
    CHECK_EQ_INT(hw.d[3], 0xabcd);
}
