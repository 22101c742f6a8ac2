/*
 * restarter: a guest under the `restart` fault policy that checks, in every
 * instance, that it starts pristine, then leaves monitor state behind and
 * faults. Each instance:
 *  - reads its restart count (HC_HEALTH) and checks that its initialised
 *    data has its image value, its .bss and a word in the middle of its RAM
 *    are zero, and that the channel it writes (if any) was cleared;
 *  - registers a vIRQ handler and waits 40 ms: a virtual timer or vIRQ left
 *    from the previous instance would arrive now (none may);
 *  - dirties all of that, arms its virtual timer 20 ms ahead, leaves half a
 *    console line, runs a few jobs (SRT) and faults: a data abort on the
 *    monitor's memory, an undefined instruction or a prefetch abort on the
 *    monitor's memory, in turn by restart count.
 * The test reads its lines and the monitor's.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"

static volatile uint32_t initialised = 0x600dcafeu;
static volatile uint32_t zeroed;
static volatile unsigned stale;

static void on_virq(unsigned id)
{
    (void)id;
    stale++;
}

static void wait_ms(unsigned ms)
{
    uint32_t hz;
    uint64_t start = hv_time(&hz);
    while (hv_time(0) - start < (uint64_t)hz * ms / 1000u) {
#if GUEST_LEVEL_SRT
        hv_job_done();
#endif
    }
}

int main(void)
{
    struct hv_health h = hv_health(0, 0, 0);
    volatile uint32_t *middle = (volatile uint32_t *)(GUEST_RAM_VA + GUEST_RAM_SIZE / 2u);
    int pristine = initialised == 0x600dcafeu && zeroed == 0 && *middle == 0;
    int channel_clear = 1;
#ifdef CHANNEL_TRAIL_VA
    const volatile uint32_t *ch = (const volatile uint32_t *)CHANNEL_TRAIL_VA;
    for (unsigned i = 0; i < CHANNEL_TRAIL_SIZE / 4u; i++)
        if (ch[i])
            channel_clear = 0;
#endif
    virq_init(on_virq);
    wait_ms(40);
    printf("restarter: instance %lu, faults %lu, %s, %s, %u stale vIRQs\n",
           (unsigned long)h.restarts, (unsigned long)h.faults,
           pristine ? "pristine" : "NOT PRISTINE",
           channel_clear ? "channel clear" : "CHANNEL NOT CLEAR", stale);

    initialised = 0;
    zeroed = 1;
    *middle = 0xdeadbeefu;
#ifdef CHANNEL_TRAIL_VA
    memset((void *)CHANNEL_TRAIL_VA, 0xa5, CHANNEL_TRAIL_SIZE);
#endif
    uint32_t hz;
    hv_vtimer_set(hv_time(&hz) + hz / 50u);
    hv_console_write("half a line", 11);
    wait_ms(5);

    switch (h.restarts % 3u) {
    case 0:
        *(volatile uint32_t *)0x3fc00000u = 1;        /* the monitor's memory */
        break;
    case 1:
        __asm__ volatile(".word 0xe7f000f0");         /* permanently undefined */
        break;
    default:
        ((void (*)(void))0x3fc00000u)();              /* execute the monitor's memory */
        break;
    }
    printf("restarter: NOT STOPPED\n");
    for (;;)
        hv_yield();
}
