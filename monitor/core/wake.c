/* Cross-core wake-up of a blocked vCPU (wake.h). */
#include "arch.h"
#include "edf.h"
#include "sched.h"
#include "vcpu.h"
#include "wake.h"

void wake_post(struct vcpu *v, uint32_t events)
{
    /* Release: io_result (and anything else written before) is visible
     * to whoever acquires these bits. The kick's SGI is ordered after the
     * store by the DSB in plat_gic_send_sgi (ARM ARM A3.8.3). */
    __atomic_fetch_or(&v->wake, events, __ATOMIC_RELEASE);
    sched_kick(v->cfg->core);
}

int wake_take(struct vcpu *v, struct trap_frame *ctx)
{
    uint32_t want = v->wait_for;
    if (!want || !(__atomic_load_n(&v->wake, __ATOMIC_RELAXED) & want))
        return 0;
    /* Acquire: pairs with the release in wake_post. Only the bits waited
     * for are taken; others stay posted for a later wait. */
    uint32_t got = __atomic_fetch_and(&v->wake, ~want, __ATOMIC_ACQUIRE) & want;
    if (got & WAKE_IO_RESULT)
        ((uint32_t *)ctx)[v->io_result_reg] = v->io_result;   /* r0-r14 */
    v->wait_for = 0;
    return 1;
}

void wake_pass(struct pcpu *p, struct trap_frame *f)
{
    unsigned still = 0;
    for (unsigned i = 0; i < p->edf.n; i++) {
        struct vcpu *v = p->slot[i];
        if (v->ev->state != EDF_BLOCKED)
            continue;
        if (wake_take(v, v == p->current ? f : &v->ctx))
            v->ev->state = EDF_READY;
        else
            still++;
    }
    p->blocked = (uint16_t)still;           /* own core only: sched_block counts up */
}
