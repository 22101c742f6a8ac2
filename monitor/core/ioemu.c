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
 * answered with a bus error. */
static int access(struct vcpu *v, const struct cfg_io_window *w, uint32_t va,
                  unsigned size, int write, uint32_t *value, unsigned rt, int sign,
                  int wait)
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

int ioemu_data_abort(struct pcpu *p, struct vcpu *v, struct trap_frame *f,
                     const struct fault_info *fi)
{
    (void)p;
    const struct cfg_guest *g = v->cfg;
    uint32_t fs = ((fi->status >> 6) & 0x10u) | (fi->status & 0xfu);
    if ((fs != 0x5 && fs != 0x7) || !ioemu_find(g, fi->address, 1))
        return 0;                              /* not a translation fault in a window */

    int thumb = (f->cpsr & PSR_T) != 0;
    uint32_t pc = f->pc;
    if (!guestmem_range_ok(g->ram, g->n_ram, pc & ~1u, thumb ? 2u : 4u, 0))
        return 0;
    uint32_t *regs = (uint32_t *)f;
    struct ldst d;
    int rc;
    regs[15] = pc + (thumb ? 4u : 8u);         /* the PC as the instruction reads it */
    if (thumb) {
        uint16_t hw1 = *(const uint16_t *)pc, hw2 = 0;
        if (decode_thumb_length(hw1) == 4) {
            if (!guestmem_range_ok(g->ram, g->n_ram, pc + 2u, 2, 0)) {
                f->pc = pc;
                return 0;
            }
            hw2 = *(const uint16_t *)(pc + 2u);
        }
        rc = decode_thumb(hw1, hw2, regs, &d);
    } else {
        rc = decode_arm_psr(*(const uint32_t *)pc, regs, f->cpsr, &d);
    }
    f->pc = pc;
    if (rc != 0 || d.address != fi->address)
        return 0;
    const struct cfg_io_window *w = ioemu_find(g, d.address, d.size);
    if (!w)
        return 0;

    uint32_t value = d.load ? 0 : regs[d.rt];
    TRACE(TR_TRAP_IO, v->index, d.address);
    int r = access(v, w, d.address, d.size, !d.load, &value, d.rt, d.sign, 1);
    if (r == 0)
        return 0;
    if (r == 4) {
        health_guest_bus_error(v, f, d.address, w->target + (d.address - w->guest));
        return 1;
    }
    if (r == 3) {
        /* Back-pressure: the guest waits for a free slot of its pair and
         * then executes the same instruction again. */
        sched_block(v, WAKE_IO_SLOT);
        return 1;
    }
    if (d.writeback)
        regs[d.rn] = d.new_base;
    if (d.load && r == 1)
        regs[d.rt] = extend(value, d.size, d.sign);
    f->pc += d.length;                         /* a blocked load resumes here, completed */
    if (thumb)
        f->cpsr = decode_it_advance(f->cpsr);  /* the rest of an IT block: next condition */
    return 1;
}

/* ---- explicit I/O hypercalls ---- */

int32_t ioemu_in(struct pcpu *p, struct vcpu *v, struct trap_frame *f, uint32_t va)
{
    (void)p;
    const struct cfg_io_window *w = ioemu_find(v->cfg, va, 4);
    if (!w)
        return HV_EFAULT;
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

int32_t ioemu_out(struct pcpu *p, struct vcpu *v, uint32_t va, uint32_t value)
{
    (void)p;
    const struct cfg_io_window *w = ioemu_find(v->cfg, va, 4);
    int r = w ? access(v, w, va, 4, 1, &value, 0, 0, 0) : 0;
    return r == 3 ? HV_EAGAIN : r == 0 || r == 4 ? HV_EFAULT : 0;
}

#endif
