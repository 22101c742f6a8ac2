/*
 * Hypercalls (abi/hypercall.h). Every pointer argument is checked against
 * the caller's own memory before the monitor touches it; every bad call
 * returns an error code and changes nothing.
 */
#include "abi/hypercall.h"
#include "arch.h"
#include "boot.h"
#include "config.h"
#include "console.h"
#include "guestmem.h"
#include "health.h"
#include "ioemu.h"
#include "nsworld.h"
#include "hvc.h"
#include "sched.h"
#include "stats.h"
#include "switch.h"
#include "testfault.h"
#include "trace.h"
#include "trap.h"
#include "virq.h"
#include "vcpu.h"

/* Calls that only User-mode guests of a shared core can make. */
static int shared_core(const struct vcpu *v)
{
    return v->ev != 0;
}

static void flush_line(struct vcpu *v)
{
    if (v->line.len)
        console_guest_write(v, "\n", 1);
}

/* HC_INFO: every guest's state, for a guest that system.yaml allows. */
static int32_t info(struct vcpu *v, uint32_t buf, uint32_t max)
{
    const struct cfg_guest *g = v->cfg;
    uint32_t n = system_config.n_guests < max ? system_config.n_guests : max;
    if (!(g->flags & CFG_GUEST_INFO))
        return HV_EPERM;
    if ((buf & 3u) || n > 64u ||
        !guestmem_range_ok(g->ram, g->n_ram, buf, n * (uint32_t)sizeof(struct guest_info), 1))
        return HV_EFAULT;
    struct guest_info *out = (struct guest_info *)buf;
    for (uint32_t i = 0; i < n; i++) {
        const struct vcpu *o = &vcpus[i];
        struct guest_info gi = {{0}, o->cfg->level, o->cfg->core,
                                o->state == VCPU_STOPPED, (unsigned char)i, 0, 0, 0, o->faults};
        for (unsigned k = 0; k + 1 < GUEST_INFO_NAME && o->cfg->name[k]; k++)
            gi.name[k] = o->cfg->name[k];
        if (o->ev) {
            gi.jobs = o->ev->jobs;
            gi.misses = o->ev->misses;
            gi.overruns = o->ev->overruns;
        }
        out[i] = gi;
    }
    return (int32_t)n;
}

/* HC_HEALTH: the caller's own restart and fault counts (r1, r2); for a
 * guest with `info: true`, also the health log (r3 = entries written). */
static int32_t health(struct vcpu *v, struct trap_frame *f, uint32_t buf, uint32_t max,
                      uint32_t first)
{
    const struct cfg_guest *g = v->cfg;
    f->r[1] = v->restarts;
    f->r[2] = v->faults;
    f->r[3] = 0;
    if (!(g->flags & CFG_GUEST_INFO))
        return max ? HV_EPERM : 0;
    if (max > HEALTH_LOG_SIZE)
        max = HEALTH_LOG_SIZE;
    if ((buf & 3u) ||
        !guestmem_range_ok(g->ram, g->n_ram, buf, max * (uint32_t)sizeof(struct health_entry), 1))
        return HV_EFAULT;
    uint32_t written;
    uint32_t total = health_log_read((struct health_entry *)buf, max, first, &written);
    f->r[3] = written;
    return (int32_t)total;
}

/* HC_CODE_SYNC: code the guest wrote into its own memory (a JIT, the
 * instruction fuzzer) reaches its instruction fetches: without it, on
 * silicon the instruction side may keep what it fetched before (ARM ARM
 * B2.2.9; a User-mode guest cannot do this maintenance itself). */
static int32_t code_sync(struct vcpu *v, uint32_t va, uint32_t len)
{
    const struct cfg_guest *g = v->cfg;
    if (len > 4096u)
        return HV_EINVAL;
    if (!guestmem_range_ok(g->ram, g->n_ram, va, len, 0))
        return HV_EFAULT;
    if (len) {
        arch_clean_dcache_range(va, len);
        arch_sync_icache();
    }
    return 0;
}

/* HC_TIME: r0 = time low, r1 = time high, r2 = ticks per second. */
static inline int32_t time_call(struct trap_frame *f)
{
    uint64_t now = sched_now();
    f->r[1] = (uint32_t)(now >> 32);
    f->r[2] = system_config.ptimer_hz;
    return (int32_t)(uint32_t)now;
}

/* HC_CHANNEL_NOTIFY: the writer of a channel rings the reader's doorbell. */
static int32_t channel_notify(struct vcpu *v, uint32_t end)
{
    const struct cfg_guest *g = v->cfg;
    if (end >= g->n_channels)
        return HV_EINVAL;
    const struct cfg_channel_end *e = &g->channels[end];
    if (!e->writer)
        return HV_EPERM;
    if (e->peer_virq) {
        virq_raise(&vcpus[e->peer], e->peer_virq, g->core);
        return 0;
    }
    if (e->peer_spi) {                  /* a Non-secure reader: its own interrupt */
        ns_doorbell(e->peer_spi);
        return 0;
    }
    return HV_EPERM;                    /* no doorbell */
}

/* Out of line: its frame (the locals of the calls inlined into it) is not
 * hvc_svc()'s. */
__attribute__((noinline)) static void dispatch(struct pcpu *p, struct vcpu *v,
                                               struct trap_frame *f)
{
    uint32_t a1 = f->r[1], a2 = f->r[2], a3 = f->r[3];
    int32_t ret;

    switch (f->r[0]) {
    case HC_NULL:
        ret = 0;
        break;
    case HC_CONSOLE_WRITE:
        if (!guestmem_range_ok(v->cfg->ram, v->cfg->n_ram, a1, a2, 0)) {
            ret = HV_EFAULT;
            break;
        }
        ret = (int32_t)console_guest_write(v, (const char *)a1, a2);   /* short count */
        break;
    case HC_YIELD:
        if (shared_core(v))
            sched_yield(p, v);
        ret = 0;
        break;
    case HC_JOB_DONE:
        if (!shared_core(v)) {
            ret = HV_EPERM;
            break;
        }
        sched_job_done(p, v);
        ret = 0;
        break;
    case HC_STOP:
        flush_line(v);
        health_guest_stop(v, (int32_t)a1);
        if (v->cfg->level == LEVEL_HRT)
            for (;;)
                arch_wait_for_interrupt();      /* the core is the guest's alone */
        ret = 0;
        break;
    case HC_TEST_EXIT:
        if (!(system_config.flags & CFG_FLAG_TEST_HYPERCALLS)) {
            ret = HV_ENOSYS;
            break;
        }
        flush_line(v);
        console_drain(1);
        stats_report();
        mon_printf("guest '%s' ends the test with status %u", v->cfg->name,
                   (unsigned)(a1 & 0xffu));
        console_flush();
        arch_semihost_exit(boot_exit_status(a1));   /* fails if a core is missing */
    case HC_CORE_ID:
        ret = (int32_t)p->id;
        break;
    case HC_TIME:
        ret = time_call(f);
        break;
    case HC_SET_RT:
        ret = shared_core(v) ? sched_set_rt(p, v, a1, a2, a3) : HV_EPERM;
        break;
    case HC_VTIMER_SET:
        if (!shared_core(v)) {
            ret = HV_EPERM;
            break;
        }
        sched_vtimer_set(p, v, ((uint64_t)a2 << 32) | a1);   /* arms the core's timer if earlier */
        ret = 0;
        break;
    case HC_VIRQ_REGISTER:
        ret = shared_core(v) ? virq_register(v, a1, a2) : HV_EPERM;
        break;
    case HC_VIRQ_RETURN:
        ret = virq_return(v, f);
        break;
    case HC_VIRQ_ACK:
        ret = virq_ack(v, a1);
        break;
    case HC_SET_MISS_HANDLER:
        if (!shared_core(v) || v->cfg->level != LEVEL_SRT) {
            ret = HV_EPERM;
            break;
        }
        if (!guestmem_range_ok(v->cfg->ram, v->cfg->n_ram, a1 & ~1u, 4, 0)) {
            ret = HV_EFAULT;
            break;
        }
        v->miss_entry = a1;
        ret = 0;
        break;
    case HC_STATS:
        if (!shared_core(v)) {
            ret = HV_EPERM;
            break;
        }
        f->r[1] = v->ev->misses;
        f->r[2] = v->ev->overruns;
        ret = (int32_t)v->ev->jobs;
        break;
    case HC_IO_IN:
        ret = shared_core(v) ? ioemu_in(p, v, f, a1) : HV_EPERM;
        break;
    case HC_IO_OUT:
        ret = shared_core(v) ? ioemu_out(p, v, a1, a2) : HV_EPERM;
        break;
    case HC_IO_FETCH:
        ret = shared_core(v) ? ioemu_fetch(v, a1) : HV_EPERM;
        break;
    case HC_IO_REPLY:
        ret = shared_core(v) ? ioemu_reply(v, a1, a2) : HV_EPERM;
        break;
    case HC_INFO:
        ret = info(v, a1, a2);
        break;
    case HC_CHANNEL_NOTIFY:
        ret = channel_notify(v, a1);
        break;
    case HC_HEALTH:
        ret = health(v, f, a1, a2, a3);
        break;
    case HC_CODE_SYNC:
        ret = code_sync(v, a1, a2);
        break;
    default:
        /* Outside the jump table of the calls above, so that they do not pay
         * for it: test images only (testfault.h). */
        ret = f->r[0] == HC_TEST_FAULT ? testfault_call(a1)
            : f->r[0] == HC_TEST_NS_STAMPS ? ns_bench_stamps(p, f) : HV_ENOSYS;
        break;
    }
    f->r[0] = (uint32_t)ret;
}

void hvc_dispatch(struct pcpu *p, struct vcpu *v, struct trap_frame *f)
{
    TRACE(TR_HYPERCALL, v->index, f->r[0]);
    dispatch(p, v, f);
}

void hvc_svc(struct trap_frame *f)
{
    STACK_CHECK();
    struct pcpu *p = this_pcpu();
    struct vcpu *v = p->current;
    /* From User mode: M[3:0] == 0 (ARM ARM B1.3.1: every other mode has
     * M[3:0] != 0), as vectors.S CHECKED_ENTRY tests it. */
    if (f->cpsr & 0xfu)
        PANIC("exception taken from the monitor");
    if (v == 0)
        PANIC("exception taken from the monitor");
    TRACE_WHY(p->id, TW_CALL);
    TRACE(TR_HYPERCALL, v->index, f->r[0]);
    /* The caller is a User-mode guest of a shared core (shared_core(v)
     * holds): the calls below are those of hvc_dispatch() for it. */
    uint32_t nr = f->r[0];
    if (nr == HC_NULL) {
        trap_resume(p, v, f);                   /* returns 0: r0 is HC_NULL already */
        return;
    }
    if (nr == HC_IO_IN) {                       /* a device read: the kept window inline */
        f->r[0] = (uint32_t)ioemu_in_kept(&v->io_cache, v, f, f->r[1]);
    } else switch (nr) {
    /* The others through one jump table: the out-of-line calls pay its
     * three instructions, not a compare per case above them. */
    case HC_TIME:
        f->r[0] = (uint32_t)time_call(f);
        break;
    case HC_CORE_ID:
        f->r[0] = p->id;
        break;
    case HC_CHANNEL_NOTIFY:
        f->r[0] = (uint32_t)channel_notify(v, f->r[1]);   /* a channel's writer, each message */
        break;
    case HC_YIELD:
    case HC_JOB_DONE:
        sched_switch_call(p, v, f, nr);         /* the call and its switch (switch.c) */
        return;
    default:
        dispatch(p, v, f);
        break;
    }
    trap_resume(p, v, f);
}
