/* Trap-and-emulate I/O, the virtual UART and proxied I/O (ioemu.h). */
#include <stddef.h>
#include "abi/hypercall.h"
#include "arch.h"
#include "config.h"
#include "console.h"
#include "decode.h"
#include "guestmem.h"
#include "ioemu.h"
#include "ioproxy.h"
#include "vcpu.h"

const struct cfg_io_window *ioemu_find(const struct cfg_guest *g, uint32_t va,
                                       uint32_t size)
{
    for (uint32_t i = 0; i < g->n_io; i++) {
        const struct cfg_io_window *w = &g->io[i];
        if (va >= w->guest && va - w->guest < w->size && size <= w->size - (va - w->guest))
            return w;
    }
    return 0;
}

#ifndef HOST_TEST

#include "health.h"
#include "plat.h"
#include "sched.h"
#include "spinlock.h"
#include "trace.h"
#include "trap.h"
#include "virq.h"
#include "wake.h"

/* ---- physical devices ---- */

/* The monitor's access to a device for a guest. A bus error (an external
 * abort) or an unmapped target fails it: the abort resumes at a fixup
 * (abort.h) and these return 1 instead of panicking the monitor. */
static int phys_read(uint32_t addr, unsigned size, uint32_t *value)
{
    if (size == 1)
        return arch_io_read8(addr, value);
    if (size == 2)
        return arch_io_read16(addr, value);
    return arch_io_read32(addr, value);
}

static int phys_write(uint32_t addr, unsigned size, uint32_t value)
{
    if (size == 1)
        return arch_io_write8(addr, value);
    if (size == 2)
        return arch_io_write16(addr, value);
    return arch_io_write32(addr, value);
}

/* ---- the virtual UART: a register subset of the Cadence UART ---- */

#define VUART_SR       0x2cu
#define VUART_FIFO     0x30u
#define VUART_SR_RXEMPTY (1u << 1)
#define VUART_SR_TXEMPTY (1u << 3)
#define VUART_RX_SIZE  32u

struct vuart {
    uint8_t rx[VUART_RX_SIZE];
    uint8_t head, count;
};

static struct vuart vuarts[CONFIG_MAX_GUESTS];
static spinlock_t vuart_lock;

static uint32_t vuart_access(struct vcpu *v, uint32_t off, int write, uint32_t value)
{
    struct vuart *u = &vuarts[v->index];
    if (write) {
        if (off == VUART_FIFO) {
            char c = (char)value;
            console_guest_write(v, &c, 1);
        }
        return 0;
    }
    uint32_t r = 0;
    spin_lock(&vuart_lock);
    if (off == VUART_SR) {
        r = VUART_SR_TXEMPTY | (u->count ? 0u : VUART_SR_RXEMPTY);
    } else if (off == VUART_FIFO && u->count) {
        r = u->rx[u->head];
        u->head = (uint8_t)((u->head + 1u) % VUART_RX_SIZE);
        u->count--;
    }
    spin_unlock(&vuart_lock);
    return r;
}

void ioemu_console_input(void)
{
    uint8_t owner = system_config.console_input;
    char c;
    while (plat_console_getc(&c)) {
        if (owner >= system_config.n_guests)
            continue;
        struct vuart *u = &vuarts[owner];
        spin_lock(&vuart_lock);
        if (u->count < VUART_RX_SIZE) {
            u->rx[(u->head + u->count) % VUART_RX_SIZE] = (uint8_t)c;
            u->count++;
        }
        spin_unlock(&vuart_lock);
        virq_raise(&vcpus[owner], CFG_VIRQ_VUART_RX, arch_cpu_id());
    }
}

/* ---- proxied I/O: the slots are ioproxy.c's ---- */

int32_t ioemu_fetch(struct vcpu *service, uint32_t buf)
{
    const struct cfg_guest *g = service->cfg;
    if (!(g->flags & CFG_GUEST_SERVICE))
        return HV_EPERM;
    if ((buf & 3u) || !guestmem_range_ok(g->ram, g->n_ram, buf, sizeof(struct io_request), 1))
        return HV_EFAULT;
    return ioproxy_fetch(service, (struct io_request *)buf);
}

int32_t ioemu_reply(struct vcpu *service, uint32_t id, uint32_t value)
{
    return ioproxy_reply(service, id, value);
}

static uint32_t extend(uint32_t v, unsigned size, int sign)
{
    if (size == 1)
        return sign ? (uint32_t)(int32_t)(int8_t)v : (v & 0xffu);
    if (size == 2)
        return sign ? (uint32_t)(int32_t)(int16_t)v : (v & 0xffffu);
    return v;
}

void ioemu_reset_guest(struct vcpu *v)
{
    ioproxy_reset_guest(v);
    spin_lock(&vuart_lock);
    vuarts[v->index].head = 0;
    vuarts[v->index].count = 0;
    spin_unlock(&vuart_lock);
}

/* ---- the trap path ---- */

/* The trap frame holds r0-r12, sp, lr and pc in that order: the decoder
 * reads it in place as the register file r0-r15. */
_Static_assert(offsetof(struct trap_frame, sp_usr) == 13 * 4, "frame layout");
_Static_assert(offsetof(struct trap_frame, lr_usr) == 14 * 4, "frame layout");
_Static_assert(offsetof(struct trap_frame, pc) == 15 * 4, "frame layout");

/* Performs one access of `size` bytes at guest address `va` in window `w`;
 * returns 1 when done (load result in *value), 2 when the guest now waits
 * for a proxied result, 3 when the pair's proxy slots are full (with `wait`,
 * the guest is woken when one frees), 0 when refused, 4 when the device
 * answered with a bus error. Inlined into each caller, whose constant
 * arguments (an I/O hypercall's size, direction) fold away. */
static inline __attribute__((always_inline)) int
access(struct vcpu *v, const struct cfg_io_window *w, uint32_t va, unsigned size, int write,
       uint32_t *value, unsigned rt, int sign, int wait)
{
    uint32_t off = va - w->guest;
    if ((va & (size - 1u)) || !(w->perms & (write ? CFG_IO_WRITE : CFG_IO_READ)))
        return 0;
    switch (w->kind) {
    case IO_PHYS: {
        /* A page-mapped window is reached through the guest's own mapping;
         * a trapped one through the privileged identity mapping of the
         * device that the generator put in the guest's table. */
        uint32_t addr = w->mapped ? va : w->target + off;
        if (write ? phys_write(addr, size, *value) : phys_read(addr, size, value))
            return 4;
        return 1;
    }
    case IO_VUART:
        *value = vuart_access(v, off, write, *value);
        return 1;
    case IO_PROXY: {
        int32_t r = ioproxy_request(v, w, off, size, write, *value, rt, sign, wait);
        if (r == HV_EAGAIN)
            return 3;
        if (r != 0)
            return 0;
        if (write)
            return 1;
        sched_block(v, WAKE_IO_RESULT);        /* a read waits for its answer */
        return 2;
    }
    default:
        return 0;
    }
}

/* Carries out the decoded access `d` at `address` in window `w` and
 * completes the instruction (writeback with `new_base`, the loaded value,
 * the PC, ITSTATE): data_abort()'s result. */
static inline __attribute__((always_inline)) int
emulate(struct vcpu *v, struct trap_frame *f, const struct cfg_io_window *w,
        const struct ldst *d, uint32_t address, uint32_t new_base)
{
    uint32_t *regs = (uint32_t *)f;
    uint32_t value = d->load ? 0 : regs[d->rt];
    TRACE(TR_TRAP_IO, v->index, address);
    int r = access(v, w, address, d->size, !d->load, &value, d->rt, d->sign, 1);
    if (r == 0)
        return 0;
    if (r == 4) {
        health_guest_bus_error(v, f, address, w->target + (address - w->guest));
        return 1;
    }
    if (r == 3) {
        /* Back-pressure: the guest waits for a free slot of its pair and
         * then executes the same instruction again. */
        sched_block(v, WAKE_IO_SLOT);
        return 1;
    }
    if (d->writeback)
        regs[d->rn] = new_base;
    if (d->load && r == 1)
        regs[d->rt] = extend(value, d->size, d->sign);
    f->pc += d->length;                        /* a blocked load resumes here, completed */
    if (d->thumb)
        f->cpsr = decode_it_advance(f->cpsr);  /* the rest of an IT block: next condition */
    return 1;
}

/*
 * The decode cache (issue 11): per vCPU, the last instruction emulated on
 * the trap path, kept when its access depends on its base register alone
 * (decode.h `reusable`: an immediate offset, not PC-relative), with the
 * window it reached. A guest polling a device register traps on the same
 * instruction again and again; the entry then saves the pointer check of
 * the instruction's address, the decoding and the window search. What it
 * still does every time: the fault status check, the fetch of the
 * instruction compared with the one decoded (the guest may have rewritten
 * its code, or run other code at that address) and its state (ARM or
 * Thumb), the address recomputed from the base register and compared with
 * the fault address, the window's bounds for it, then access()'s
 * alignment and permission checks. The pointer check of the instruction's
 * address depends only on the guest's constant memory map, so it holds for
 * the cached address for ever; windows never overlap (generator E053), so
 * the window that holds the whole access is the one ioemu_find() would
 * return. Only the vCPU's own core uses its entry (struct vcpu's
 * io_cache, ioemu.h).
 */

/* emulate() for a cache entry with `phys`: what access() would do there,
 * but for its permission check, done when the entry was made (a window's
 * permissions and an instruction's direction are both constant). */
static inline __attribute__((always_inline)) int
phys_emulate(struct vcpu *v, struct trap_frame *f, const struct ioemu_cache *c,
             uint32_t address, uint32_t new_base)
{
    uint32_t *regs = (uint32_t *)f;
    unsigned size = c->d.size, rt = c->d.rt;
    if (address & (size - 1u))
        return 0;                              /* unaligned: refused, as access() does */
    TRACE(TR_TRAP_IO, v->index, address);
    uint32_t phys = address + c->phys_delta, value;
    if (c->d.load ? phys_read(phys, size, &value) : phys_write(phys, size, regs[rt])) {
        health_guest_bus_error(v, f, address, phys);
        return 1;
    }
    if (c->d.writeback)
        regs[c->d.rn] = new_base;
    if (c->d.load)
        regs[rt] = extend(value, size, c->d.sign);
    f->pc += c->d.length;
    if (c->d.thumb)
        f->cpsr = decode_it_advance(f->cpsr);  /* the rest of an IT block: next condition */
    return 1;
}

/* The Thumb instruction at pc as hw1 | hw2 << 16; 0 if its second
 * halfword is outside the guest's memory (its first has been checked). */
static int fetch_thumb(const struct cfg_guest *g, uint32_t pc, uint32_t *insn)
{
    uint32_t hw1 = *(const uint16_t *)pc, hw2 = 0;
    if (decode_thumb_length((uint16_t)hw1) == 4) {
        if (!guestmem_range_ok(g->ram, g->n_ram, pc + 2u, 2, 0))
            return 0;
        hw2 = *(const uint16_t *)(pc + 2u);
    }
    *insn = hw1 | hw2 << 16;
    return 1;
}

/* The trap path without the cache: checks the instruction's address,
 * fetches and decodes it, finds the window, and keeps what is reusable. */
__attribute__((noinline)) static int
data_abort_decode(struct vcpu *v, struct trap_frame *f, uint32_t far)
{
    const struct cfg_guest *g = v->cfg;
    if (!ioemu_find(g, far, 1))
        return 0;                              /* not in a window */
    uint32_t *regs = (uint32_t *)f;
    uint32_t pc = f->pc;
    uint32_t thumb = f->cpsr & PSR_T;
    if (!guestmem_range_ok(g->ram, g->n_ram, pc & ~1u, thumb ? 2u : 4u, 0))
        return 0;
    struct ldst d;
    uint32_t insn;
    int rc;
    regs[15] = pc + (thumb ? 4u : 8u);         /* the PC as the instruction reads it */
    if (thumb) {
        rc = fetch_thumb(g, pc, &insn) ? decode_thumb((uint16_t)insn, (uint16_t)(insn >> 16),
                                                     regs, &d)
                                       : DECODE_ENOTLDST;
    } else {
        insn = *(const uint32_t *)pc;
        rc = decode_arm_psr(insn, regs, f->cpsr, &d);
    }
    f->pc = pc;
    if (rc != 0 || d.address != far)
        return 0;
    const struct cfg_io_window *w = ioemu_find(g, d.address, d.size);
    if (!w)
        return 0;
    if (d.reusable) {
        struct ioemu_cache *c = &v->io_cache;
        c->w = w;
        c->pc = pc;
        c->insn = insn;
        c->thumb = thumb;
        c->guest = w->guest;
        c->span = w->size - d.size;            /* d.size <= w->size: it fits in w */
        c->phys = w->kind == IO_PHYS && !w->mapped &&
                  (w->perms & (d.load ? CFG_IO_READ : CFG_IO_WRITE));
        c->word = c->phys && !thumb && d.size == 4 && !d.writeback && d.index;
        c->phys_delta = w->target - w->guest;
        c->d = d;
    }
    return emulate(v, f, w, &d, d.address, d.new_base);
}

/* The cache's other entries (Thumb, bytes and halfwords, writeback, the
 * other kinds of window), then the decoder. */
__attribute__((noinline)) static int
data_abort_cached(struct vcpu *v, struct trap_frame *f, uint32_t far)
{
    const struct ioemu_cache *c = &v->io_cache;
    uint32_t pc = f->pc;
    if (c->w && c->pc == pc && c->thumb == (f->cpsr & PSR_T)) {
        uint32_t insn = c->thumb ? *(const uint16_t *)pc : *(const uint32_t *)pc;
        if (c->thumb && c->d.length == 4)
            insn |= (uint32_t)*(const uint16_t *)(pc + 2u) << 16;   /* checked when cached */
        uint32_t base = ((const uint32_t *)f)[c->d.rn];
        uint32_t offset_addr = base + c->d.disp;
        uint32_t address = c->d.index ? offset_addr : base;
        if (insn == c->insn && address == far && address - c->guest <= c->span) {
            if (c->phys)
                return phys_emulate(v, f, c, address, offset_addr);
            return emulate(v, f, c->w, &c->d, address, offset_addr);
        }
    }
    return data_abort_decode(v, f, far);
}

/* A data abort of User-mode guest `v`: 1 if it was an access to an emulated
 * window and has been carried out (or queued), 0 if it is a fault. */
static inline __attribute__((always_inline)) int
data_abort(struct vcpu *v, struct trap_frame *f, uint32_t dfsr, uint32_t far)
{
    /* DFSR.FS = FS[4] (bit 10) : FS[3:0] is 0b00101 or 0b00111, a
     * translation fault of a section or a page (ARM ARM B4.1.52). */
    if ((dfsr & 0x40du) != 0x5u)
        return 0;                              /* not a translation fault */
    const struct ioemu_cache *c = &v->io_cache;
    uint32_t *regs = (uint32_t *)f;
    uint32_t pc = f->pc;
    /* A word register of a device: the cached ARM LDR/STR (its pc, its
     * encoding, ARM state), its address from R[rn], then what access()
     * checks but the permission (see phys_emulate). */
    if (c->word && c->pc == pc && !(f->cpsr & PSR_T) && *(const uint32_t *)pc == c->insn) {
        uint32_t address = regs[c->d.rn] + c->d.disp;
        if (address == far && address - c->guest <= c->span && !(address & 3u)) {
            TRACE(TR_TRAP_IO, v->index, address);
            uint32_t *rt = &regs[c->d.rt];
            uint32_t phys = address + c->phys_delta;
            if (c->d.load ? arch_io_read32(phys, rt) : arch_io_write32(phys, *rt))
                health_guest_bus_error(v, f, address, phys);   /* rt untouched */
            else
                f->pc = pc + 4u;
            return 1;
        }
    }
    return data_abort_cached(v, f, far);
}

/* Here rather than in trap.c, so that data_abort()'s short path is inlined
 * into the entry. */
void ioemu_dabt(struct trap_frame *f, uint32_t dfsr, uint32_t dfar)
{
    STACK_CHECK();
    struct pcpu *p = this_pcpu();
    struct vcpu *v = p->current;
    /* vectors.S has checked that the abort came from User mode (the
     * monitor's own go to trap_monitor, on the Abort-mode stack). */
    if (v == 0)
        PANIC("exception taken from the monitor");
    TRACE_WHY(p->id, TW_FAULT);
    if (!data_abort(v, f, dfsr, dfar))
        health_guest_fault(v, f, TRAP_DABT);
    trap_resume(p, v, f);
}

/* ---- explicit I/O hypercalls ---- */

/* HC_IO_IN on a window of another kind than IO_PHYS. */
__attribute__((noinline)) static int32_t
in_other(struct vcpu *v, const struct cfg_io_window *w, struct trap_frame *f, uint32_t va)
{
    uint32_t value = 0;
    int r = access(v, w, va, 4, 0, &value, 1, 0, 0);   /* a proxied result goes to r1 */
    if (r == 3)
        return HV_EAGAIN;
    if (r == 0 || r == 4)
        return HV_EFAULT;                      /* refused, or a bus error */
    if (r == 1)
        f->r[1] = value;
    return 0;
}

/* The window search of HC_IO_IN, remembered (io_cache.in_*) when the
 * window is a readable physical device's: the window holding the word at
 * va is the same for every va in its bounds (windows never overlap,
 * generator E053), and its kind, permission and target are constants, so
 * a read there only needs the bounds and the alignment checked again. */
int32_t ioemu_in_find(struct vcpu *v, struct trap_frame *f, uint32_t va)
{
    const struct cfg_io_window *w = ioemu_find(v->cfg, va, 4);
    if (!w)
        return HV_EFAULT;
    if (w->kind != IO_PHYS)
        return in_other(v, w, f, va);
    /* access() for a physical device, reading straight into r1 (a failed
     * read leaves it as it was). */
    if ((va & 3u) || !(w->perms & CFG_IO_READ))
        return HV_EFAULT;
    struct ioemu_cache *c = &v->io_cache;
    c->in_guest = w->guest;
    c->in_end = w->size - 3u;                  /* w->size >= 4: the word is in it */
    c->in_delta = w->mapped ? 0u : w->target - w->guest;
    return arch_io_read32(va + c->in_delta, &f->r[1]) ? HV_EFAULT : 0;
}

int32_t ioemu_in(struct pcpu *p, struct vcpu *v, struct trap_frame *f, uint32_t va)
{
    (void)p;
    return ioemu_in_kept(&v->io_cache, v, f, va);
}

int32_t ioemu_out(struct pcpu *p, struct vcpu *v, uint32_t va, uint32_t value)
{
    (void)p;
    const struct cfg_io_window *w = ioemu_find(v->cfg, va, 4);
    int r = w ? access(v, w, va, 4, 1, &value, 0, 0, 0) : 0;
    return r == 3 ? HV_EAGAIN : r == 0 || r == 4 ? HV_EFAULT : 0;
}

#endif
