/*
 * Hypercalls (abi/hypercall.h). Every pointer argument is checked against
 * the caller's own memory before the monitor touches it; every bad call
 * returns an error code and changes nothing.
 */
#include "abi/hypercall.h"
#include "arch.h"
#include "config.h"
#include "console.h"
#include "guestmem.h"
#include "health.h"
#include "hvc.h"
#include "vcpu.h"

void hvc_dispatch(struct pcpu *p, struct vcpu *v, struct trap_frame *f)
{
    uint32_t a1 = f->r[1], a2 = f->r[2];
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
        console_guest_write(v, (const char *)a1, a2);
        ret = (int32_t)a2;
        break;
    case HC_YIELD:
        p->need_resched = 1;
        ret = 0;
        break;
    case HC_STOP:
        console_guest_write(v, "\n", v->line.len ? 1u : 0u);   /* flush a partial line */
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
        console_guest_write(v, "\n", v->line.len ? 1u : 0u);
        mon_printf("guest '%s' ends the test with status %u", v->cfg->name, (unsigned)(a1 & 0xffu));
        arch_semihost_exit(a1);
    case HC_CORE_ID:
        ret = (int32_t)p->id;
        break;
    default:
        ret = HV_ENOSYS;
        break;
    }
    f->r[0] = (uint32_t)ret;
}
