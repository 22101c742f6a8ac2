/*
 * bench_hc: the longest monitor path of each hypercall, with the worst-case
 * legal arguments this image allows (tests/system/bench.py, section 8). An
 * SRT guest on core 0, next to 14 SRT guests whose jobs wait behind its
 * (15 vCPUs: every loop over a core's vCPUs, the admission test, or over the
 * guests runs to its bound). Its budget outlasts the whole run, so no
 * interrupt falls into a sample. Each sample is mrc; svc #0; mrc.
 *
 *   hc_console_write  HC_CONSOLE_WRITE_MAX bytes (the per-call maximum): where a
 *                     120-character line completes, the sample includes its
 *                     copy into the console ring and a bounded pump to the UART
 *   hc_info           HC_INFO with room for every guest (15 entries)
 *   hc_set_rt         HC_SET_RT with the configured parameters: admission
 *                     over the core's vCPUs
 *   hc_vtimer_set     a virtual timer 1 s ahead: a full scheduling pass
 *   hc_time, hc_stats, hc_core_id, hc_virq_register, hc_virq_ack,
 *   hc_set_miss_handler, hc_virq_return (outside an upcall: refused)
 */
#include <stdint.h>
#include <string.h>
#include "abi/hypercall.h"
#include "guest_config.h"
#include "hv.h"
#include "../bench_lib/bench.h"

#define SAMPLES 301

static int32_t samples[SAMPLES];
static char line[HC_CONSOLE_WRITE_MAX];
static struct guest_info info[15];
static struct virq_shared shared;

static void handler(void) {}

static void sample(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    for (int i = 0; i < SAMPLES; i++)
        samples[i] = (int32_t)bench_svc3_timed(nr, a1, a2, a3);
}

static void run(const char *key, uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    sample(nr, a1, a2, a3);
    bench_report(key, samples, SAMPLES);
}

int main(void)
{
    bench_begin();                  /* for `make profile` */
    uint32_t hz;
    uint64_t now = hv_time(&hz);
    memset(line, 'x', sizeof line);
    sample(HC_CONSOLE_WRITE, (uint32_t)line, sizeof line, 0);
    hv_console_write("\n", 1);                      /* ends the line of x's */
    bench_report("hc_console_write", samples, SAMPLES);
    run("hc_info", HC_INFO, (uint32_t)info, 15, 0);
    run("hc_set_rt", HC_SET_RT, GUEST_SCHED_PERIOD_NS / 1000, GUEST_SCHED_BUDGET_NS / 1000,
        GUEST_SCHED_DEADLINE_NS / 1000);
    uint64_t later = now + hz;
    run("hc_vtimer_set", HC_VTIMER_SET, (uint32_t)later, (uint32_t)(later >> 32), 0);
    run("hc_time", HC_TIME, 0, 0, 0);
    run("hc_stats", HC_STATS, 0, 0, 0);
    run("hc_core_id", HC_CORE_ID, 0, 0, 0);
    run("hc_virq_register", HC_VIRQ_REGISTER, (uint32_t)handler, (uint32_t)&shared, 0);
    run("hc_virq_ack", HC_VIRQ_ACK, 96, 0, 0);       /* the virtual timer's vIRQ */
    run("hc_set_miss_handler", HC_SET_MISS_HANDLER, (uint32_t)handler, 0, 0);
    run("hc_virq_return", HC_VIRQ_RETURN, 0, 0, 0);
    hv_test_exit(0);
    return 1;
}
