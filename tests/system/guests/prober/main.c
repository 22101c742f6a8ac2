/*
 * prober: the image that replaces every User-mode guest in an isolation
 * matrix build (build: {test_probes: true}, same memory layout). Under the
 * `restart` fault policy, instance k runs probe k of the guest's generated
 * table (guest_<name>/probes.h, generator/probes.py): a read, write or
 * execution of an address it must not reach, or a privileged instruction.
 * Each must fault, so the monitor restarts the guest at probe k + 1; the
 * test matches the monitor's report of every fault with probes.json.
 */
#include <stdint.h>
#include "guest_config.h"
#include "hv.h"
#include "probes.h"
#include "../put_lib/put.h"

static uint32_t slot[4] __attribute__((aligned(16)));

int main(void)
{
    uint32_t k = hv_health(0, 0, 0).restarts;
    if (k >= N_PROBES) {
        put("prober: " GUEST_NAME ": all ");
        put_dec((uint32_t)N_PROBES);
        put(" probes done\n");
        for (;;) {
#if GUEST_LEVEL_SRT
            hv_job_done();
#else
            hv_yield();
#endif
        }
    }
    const struct probe *p = &probes[k];
    put("prober: probe ");
    put_dec(k);
    put(p->op == PROBE_INSN ? " at pc " : " at ");
    put_hex(p->op == PROBE_INSN ? (uint32_t)slot : p->address);
    put("\n");
    switch (p->op) {
    case PROBE_READ:
        (void)*(volatile uint32_t *)p->address;
        break;
    case PROBE_WRITE:
        *(volatile uint32_t *)p->address = 0xbadc0ffeu;
        break;
    case PROBE_EXEC:
        ((void (*)(void))p->address)();
        break;
    default:
        slot[0] = p->insn;
        slot[1] = 0xe12fff1eu;                     /* bx lr */
        hv_call3(HC_CODE_SYNC, (uint32_t)slot, sizeof slot, 0);
        ((void (*)(void))slot)();
        break;
    }
    put("prober: probe ");
    put_dec(k);
    put(" did NOT fault\n");
    __asm__ volatile(".word 0xe7f000f0");          /* go on with the next probe */
    for (;;)
        ;
}
