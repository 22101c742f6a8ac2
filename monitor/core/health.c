/*
 * Containment: a User-mode guest that aborts or executes an undefined
 * instruction is reported, logged and, as its fault policy says, stopped
 * (the others keep running), restarted (restart.c) or the whole system
 * stopped. Once every guest has stopped, system.yaml's on_all_stopped.
 */
#include "arch.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "nsworld.h"
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

#include "abi/hypercall.h"
#include "plat.h"
#include "restart.h"
#include "spinlock.h"
#include "stats.h"

/* The health log: the newest HEALTH_LOG_SIZE faults of any guest, written
 * by the core the fault happened on. */
static struct health_entry health_log[HEALTH_LOG_SIZE];
static uint32_t health_seq;             /* entries ever logged */
static spinlock_t health_lock;
static uint32_t all_stopped_done;

static void log_fault(const struct vcpu *v, const struct trap_frame *f,
                      enum trap_kind kind, const struct fault_info *fi,
                      unsigned action, uint64_t now)
{
    spin_lock(&health_lock);
    uint32_t seq = ++health_seq;
    struct health_entry *e = &health_log[(seq - 1u) % HEALTH_LOG_SIZE];
    e->seq = seq;
    e->guest = v->index;
    e->kind = (unsigned char)kind;
    e->action = (unsigned char)action;
    e->pad = 0;
    e->fsr = fi->status;
    e->address = kind == TRAP_UNDEF ? f->pc : fi->address;
    e->pc = f->pc;
    e->time_lo = (uint32_t)now;
    e->time_hi = (uint32_t)(now >> 32);
    e->faults = v->faults;
    e->restarts = v->restarts + (action == HEALTH_RESTARTED ? 1u : 0u);
    spin_unlock(&health_lock);
}

uint32_t health_log_read(struct health_entry *out, uint32_t max, uint32_t first,
                         uint32_t *written)
{
    uint32_t n = 0;
    spin_lock(&health_lock);
    uint32_t seq = health_seq;
    uint32_t oldest = seq > HEALTH_LOG_SIZE ? seq - HEALTH_LOG_SIZE + 1u : 1u;
    if (first < oldest)
        first = oldest;
    for (uint32_t s = first; s <= seq && n < max && n < HEALTH_LOG_SIZE; s++)
        out[n++] = health_log[(s - 1u) % HEALTH_LOG_SIZE];
    spin_unlock(&health_lock);
    *written = n;
    return seq;
}

/* Seconds and microseconds of a global time, for the console. */
static void split_time(uint64_t t, unsigned *s, unsigned *us)
{
    uint32_t hz = system_config.ptimer_hz;
    *s = (unsigned)(t / hz);
    *us = (unsigned)((t % hz) * 1000000u / hz);
}

static void describe(char *buf, uint32_t size, const struct trap_frame *f,
                     enum trap_kind kind, const struct fault_info *fi)
{
    if (kind == TRAP_DABT)
        fmt_snprintf(buf, size, "data abort, %s, %s of 0x%08x at pc 0x%08x",
                     health_fault_name(fi->status),
                     (fi->status & (1u << 11)) ? "write" : "read", (unsigned)fi->address,
                     (unsigned)f->pc);
    else if (kind == TRAP_PABT)
        fmt_snprintf(buf, size, "prefetch abort, %s at 0x%08x",
                     health_fault_name(fi->status), (unsigned)fi->address);
    else
        fmt_snprintf(buf, size, "undefined instruction at pc 0x%08x", (unsigned)f->pc);
}

/* Every guest has stopped: system.yaml's on_all_stopped. */
static void all_stopped(void)
{
    for (uint32_t i = 0; i < system_config.n_guests; i++)
        if (vcpus[i].state != VCPU_STOPPED)
            return;
    if (__atomic_exchange_n(&all_stopped_done, 1u, __ATOMIC_ACQ_REL))
        return;                                /* the other core got there first */
    switch (system_config.on_all_stopped) {
    case ALL_STOPPED_IDLE:
        mon_printf("all guests stopped: the monitor stays idle");
        return;
    case ALL_STOPPED_RESET:
        mon_printf("all guests stopped: resetting the system");
        stats_report();
        console_flush();
        plat_system_reset();
    default:
        mon_printf("all guests stopped: system halted");
        stats_report();
        console_flush();
        /* On QEMU's model, halting is powering the machine off: the
         * emulation ends (semihosting, which make run enables), so make run
         * ends by itself. A board has no such exit: its cores wait. */
        if (system_config.flags & (CFG_FLAG_TEST_HYPERCALLS | CFG_FLAG_EMULATED))
            arch_semihost_exit(0);
        for (;;)
            arch_wait_for_interrupt();         /* IRQs stay masked: for ever */
    }
}

/* stop-system: every guest stops. The guests of shared cores stop at
 * their core's next scheduling pass (kicked); an HRT guest owns its core
 * and its vectors, so the monitor cannot take the core from it: it is
 * marked stopped, and only a `reset` stops it in fact. */
static void stop_system(void)
{
    for (uint32_t i = 0; i < system_config.n_guests; i++) {
        struct vcpu *o = &vcpus[i];
        o->state = VCPU_STOPPED;
        if (o->ev) {
            o->ev->state = EDF_STOPPED;
            sched_kick(o->cfg->core);
        }
    }
    ns_secondaries_stop();          /* a Non-secure guest's vCPUs on its other cores */
    all_stopped();
}

static void describe_or(char *buf, uint32_t size, const char *text,
                        const struct trap_frame *f, enum trap_kind kind,
                        const struct fault_info *fi)
{
    if (text)
        fmt_snprintf(buf, size, "%s", text);
    else
        describe(buf, size, f, kind, fi);
}

/* Logs and reports a fault of `v` and applies its fault policy; `what`
 * describes it, or 0 for the description of the trap. */
static void apply_policy(struct vcpu *v, const struct trap_frame *f, enum trap_kind kind,
                         const struct fault_info *fault, const char *what_text)
{
    const struct cfg_guest *g = v->cfg;
    struct fault_info fi = *fault;
    uint64_t now = sched_now();
    v->faults++;
    TRACE(TR_FAULT, v->index, kind);
    if (kind == TRAP_UNDEF)
        v->faults_undef++;
    else if (kind == TRAP_PABT)
        v->faults_pabt++;
    else
        v->faults_dabt++;
    unsigned action = HEALTH_STOPPED;
    if (g->on_fault == FAULT_RESTART && v->restarts < g->max_restarts)
        action = HEALTH_RESTARTED;
    else if (g->on_fault == FAULT_STOP_SYSTEM)
        action = HEALTH_SYSTEM;
    log_fault(v, f, kind, &fi, action, now);

    char what[120];
    unsigned s, us;
    const char *name = g->name;
    if (action == HEALTH_RESTARTED) {
        restart_begin(v);
        /* A guest restarting thousands of times (the instruction fuzzer)
         * would flood the console: its first 100 restarts are printed, then
         * one in 10,000; the health log and the counters have them all. */
        if (v->restarts > 100u && v->restarts % 10000u)
            return;
        describe_or(what, sizeof what, what_text, f, kind, &fi);
        split_time(now, &s, &us);
        mon_printf("guest '%s' restarting (%u of %u) at %u.%06u s: %s", name,
                   (unsigned)v->restarts, (unsigned)g->max_restarts, s, us, what);
        return;
    }
    describe_or(what, sizeof what, what_text, f, kind, &fi);
    split_time(now, &s, &us);
    sched_stop(v);
    if (action == HEALTH_SYSTEM) {
        mon_printf("guest '%s' stops the system at %u.%06u s: %s", name, s, us, what);
        stop_system();
        return;
    }
    if (g->on_fault == FAULT_RESTART)
        mon_printf("guest '%s' stopped: %s (at %u.%06u s, fault %u, after %u restarts)",
                   name, what, s, us, (unsigned)v->faults, (unsigned)v->restarts);
    else
        mon_printf("guest '%s' stopped: %s", name, what);
    all_stopped();
}

void health_guest_fault(struct vcpu *v, const struct trap_frame *frame,
                        enum trap_kind kind)
{
    struct fault_info fi;
    arch_fault_info(kind, &fi);
    /* The entry code takes 4 from LR_und, right for ARM; from Thumb,
     * LR_und is the undefined instruction + 2 (ARM ARM B1.8.3, Table B1-7),
     * so the instruction is 2 bytes further. Only the report uses it: an
     * undefined instruction is never resumed. */
    struct trap_frame copy;
    const struct trap_frame *f = frame;
    if (kind == TRAP_UNDEF && (frame->cpsr & PSR_T)) {
        arch_frame_copy(&copy, frame);
        copy.pc += 2u;
        f = &copy;
    }
    apply_policy(v, f, kind, &fi, 0);
}

void health_guest_bus_error(struct vcpu *v, const struct trap_frame *f, uint32_t va,
                            uint32_t pa)
{
    /* Logged as a synchronous external abort on the window's address. */
    struct fault_info fi = {0x008u, va};
    char what[120];
    fmt_snprintf(what, sizeof what, "bus error on its I/O window at 0x%08x (device pa 0x%08x) "
                 "at pc 0x%08x", (unsigned)va, (unsigned)pa, (unsigned)f->pc);
    apply_policy(v, f, TRAP_DABT, &fi, what);
}

void health_ns_stopped(void)
{
    all_stopped();
}

void health_ns_stop_system(struct vcpu *v, const char *why)
{
    sched_stop(v);
    mon_printf("guest '%s' stops the system: %s", v->cfg->name, why);
    stop_system();
}

void health_guest_stop(struct vcpu *v, int32_t status)
{
    sched_stop(v);
    mon_printf("guest '%s' stopped itself with status %d", v->cfg->name, (int)status);
    all_stopped();
}

#endif
