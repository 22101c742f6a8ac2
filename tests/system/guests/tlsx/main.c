/*
 * tlsx: what a User-mode guest can see of another without a hypercall. Two
 * guests run this image on one core and yield to each other: each writes
 * its own tag to TPIDRURW, and after every switch must read back its own
 * tag, never the other's; its exclusive monitor must have been cleared by
 * the switch, so a STREX right after the other guest's LDREX of the same
 * address fails; TPIDRURO holds its own guest index (the monitor's).
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

#define ROUNDS 200u

static volatile uint32_t word;          /* the same address in both guests */

static uint32_t tpidrurw(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
    return v;
}

static void set_tpidrurw(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2" : : "r"(v) : "memory");
}

static uint32_t tpidruro(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
    return v;
}

int main(void)
{
    const uint32_t tag = 0x7a900000u | GUEST_INDEX;
    unsigned foreign = 0, lost = 0, strex_ok = 0, ro_wrong = 0;
    for (unsigned i = 0; i < ROUNDS; i++) {
        uint32_t seen = tpidrurw();
        if (seen != (i ? tag : 0u)) {
            if ((seen & 0xfff00000u) == 0x7a900000u)
                foreign++;
            else
                lost++;
        }
        set_tpidrurw(tag);
        if (tpidruro() != GUEST_INDEX)
            ro_wrong++;
        /* The previous thing this core did in User mode was the other
         * guest's LDREX of `word` (or this one's, before a switch). */
        uint32_t failed;
        __asm__ volatile("strex %0, %2, [%1]" : "=&r"(failed) : "r"(&word), "r"(i) : "memory");
        if (!failed)
            strex_ok++;
        uint32_t v;
        __asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(&word) : "memory");
        (void)v;
        hv_yield();
    }
    printf("tlsx: %u rounds, %u foreign TPIDRURW values, %u own values lost, "
           "%u wrong TPIDRURO, %u STREX succeeded across a switch\n",
           ROUNDS, foreign, lost, ro_wrong, strex_ok);
    for (;;)
        hv_yield();                     /* every yield still switches: no STREX now */
}
