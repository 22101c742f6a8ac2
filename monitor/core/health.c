/*
 * Containment: a User-mode guest that aborts or executes an undefined
 * instruction is stopped and reported; the other guests keep running.
 */
#include "arch.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "sched.h"
#include "trace.h"
#include "vcpu.h"

const char *health_fault_name(uint32_t fsr)
{
    /* FS = FSR[10,3:0] (ARM ARM Table B3-23) */
    switch (((fsr >> 6) & 0x10u) | (fsr & 0xfu)) {
    case 0x01: return "alignment fault";
    case 0x02: return "debug event";
    case 0x03: return "access flag fault (section)";
    case 0x06: return "access flag fault (page)";
    case 0x04: return "instruction cache maintenance fault";
    case 0x05: return "translation fault (section)";
    case 0x07: return "translation fault (page)";
    case 0x08: return "synchronous external abort";
    case 0x09: return "domain fault (section)";
    case 0x0b: return "domain fault (page)";
    case 0x0c: return "external abort on walk (level 1)";
    case 0x0e: return "external abort on walk (level 2)";
    case 0x0d: return "permission fault (section)";
    case 0x0f: return "permission fault (page)";
    case 0x16: return "asynchronous external abort";
    default:   return "unknown fault";
    }
}

#ifndef HOST_TEST

void health_guest_fault(struct vcpu *v, const struct trap_frame *f,
                        enum trap_kind kind)
{
    struct fault_info fi;
    arch_fault_info(kind, &fi);
    v->faults++;
    TRACE(TR_FAULT, v->index, kind);
    sched_stop(v);
    const char *name = v->cfg->name;
    if (kind == TRAP_DABT)
        mon_printf("guest '%s' stopped: data abort, %s, %s of 0x%08x at pc 0x%08x",
                   name, health_fault_name(fi.status),
                   (fi.status & (1u << 11)) ? "write" : "read", (unsigned)fi.address, (unsigned)f->pc);
    else if (kind == TRAP_PABT)
        mon_printf("guest '%s' stopped: prefetch abort, %s at 0x%08x",
                   name, health_fault_name(fi.status), (unsigned)fi.address);
    else
        mon_printf("guest '%s' stopped: undefined instruction at pc 0x%08x",
                   name, (unsigned)f->pc);
}

void health_guest_bus_error(struct vcpu *v, const struct trap_frame *f, uint32_t va,
                            uint32_t pa)
{
    v->faults++;
    sched_stop(v);
    mon_printf("guest '%s' stopped: bus error on its I/O window at 0x%08x (device pa 0x%08x) "
               "at pc 0x%08x", v->cfg->name, (unsigned)va, (unsigned)pa, (unsigned)f->pc);
}

void health_guest_stop(struct vcpu *v, int32_t status)
{
    sched_stop(v);
    mon_printf("guest '%s' stopped itself with status %d", v->cfg->name, (int)status);
}

#endif
