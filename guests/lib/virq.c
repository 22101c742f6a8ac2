/* Guest side of virtual interrupts (include/guest_virq.h). */
#include "hv.h"
#include "config.h"
#include "guest_virq.h"

static struct virq_shared shared;
static virq_handler_t handler;
static miss_handler_t miss_handler;
static int registered;

/* hv_sleep_until (time.c): the virtual timer interrupt it waits for is
 * taken here and not passed to the application's handler. */
static volatile int sleep_armed, sleep_fired;

void virq_dispatch(unsigned virq);
void virq_miss_dispatch(uint32_t release, uint32_t misses);
void virq_upcall(void);
void virq_miss_upcall(void);

void virq_dispatch(unsigned virq)
{
    if (virq == CFG_VIRQ_VTIMER && sleep_armed) {
        sleep_armed = 0;
        sleep_fired = 1;
        return;
    }
    if (handler)
        handler(virq);
}

void virq_miss_dispatch(uint32_t release, uint32_t misses)
{
    miss_handler(release, misses);
}

/* Upcall entries: the monitor starts them with r0 (and r1) set and an
 * 8-byte aligned sp; the interrupted context is kept by the monitor, so
 * they end with HC_VIRQ_RETURN instead of a return. */
__asm__(
    "    .text\n"
    "    .arm\n"
    "    .global virq_upcall\n"
    "virq_upcall:\n"
    "    bl      virq_dispatch\n"
    "    mov     r0, #" "11" "\n"            /* HC_VIRQ_RETURN */
    "    svc     #0\n"
    "    b       .\n"
    "    .global virq_miss_upcall\n"
    "virq_miss_upcall:\n"
    "    bl      virq_miss_dispatch\n"
    "    mov     r0, #" "11" "\n"
    "    svc     #0\n"
    "    b       .\n");

_Static_assert(HC_VIRQ_RETURN == 11, "virq_upcall hard-codes HC_VIRQ_RETURN");

int virq_init(virq_handler_t h)
{
    handler = h;
    int r = hv_call3(HC_VIRQ_REGISTER, (uint32_t)virq_upcall, (uint32_t)&shared, 0);
    registered = r == 0;
    return r;
}

#ifndef GUEST_HRT
uint32_t hv_sleep_until(uint64_t when)
{
    uint32_t yields = 0;
    if (!registered && virq_init(handler) != 0)
        return 0;
    sleep_fired = 0;
    sleep_armed = 1;
    __asm__ volatile("" ::: "memory");
    hv_vtimer_set(when);
    /* Each yield gives the core to the other guests; the vIRQ ends the wait
     * (the time check covers a timer the application set meanwhile). */
    while (!sleep_fired && hv_now() < when) {
        hv_yield();
        yields++;
    }
    sleep_armed = 0;
    return yields;
}
#endif

int virq_on_deadline_miss(miss_handler_t h)
{
    miss_handler = h;
    return hv_call3(HC_SET_MISS_HANDLER, (uint32_t)virq_miss_upcall, 0, 0);
}

void virq_mask(void)
{
    shared.masked = 1;
    __asm__ volatile("" ::: "memory");
}

void virq_unmask(void)
{
    shared.masked = 0;
    __asm__ volatile("" ::: "memory");
    if (shared.pending)
        hv_null();                      /* any trap delivers what is pending */
}
