/*
 * stray: an HRT guest (PL1, its own vectors) with stray pointers. It writes
 * the monitor's memory, reads it, reads the SLCR and the L2 controller. The
 * monitor's memory is in domain 0, which its DACR denies outside the smc
 * entry, and the SLCR and L2 controller are not in its table at all
 * (generator/hrtmap.py): each access must take a data abort at its own
 * vector, which records the fault and skips the instruction. Then it checks
 * that its hypercalls still work and ends the test while ticker (core 0)
 * goes on. Addresses: platforms/zynq-7000.yaml (monitor at 0x3FC00000,
 * SLCR 0xF8000000, L2 controller 0xF8F02000; UG585 Table 4-1).
 */
#include <stdint.h>
#include <stdio.h>
#include "hv.h"

static volatile uint32_t faults, last_dfsr, last_dfar;

void hrt_irq_handler(void);
void hrt_irq_handler(void) {}              /* crt0_hrt.S wants one; IRQs stay masked */

/* Data abort (ARM ARM B1.8.8): lr = the aborted instruction + 8. */
void stray_abort(void);
void stray_abort(void)
{
    uint32_t dfsr, dfar;
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(dfsr));
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(dfar));
    last_dfsr = dfsr;
    last_dfar = dfar;
    faults++;
}

__asm__(
    "    .text\n"
    "    .balign 32\n"
    "stray_vectors:\n"
    "    b .\n    b .\n    b .\n    b .\n"
    "    b stray_dabt\n"
    "    b .\n    b .\n    b .\n"
    "stray_dabt:\n"
    "    push {r0-r3, r12, lr}\n"
    "    bl stray_abort\n"
    "    pop {r0-r3, r12, lr}\n"
    "    subs pc, lr, #4\n");           /* resume after the aborted instruction */

static const char *fs(uint32_t dfsr)
{
    switch (((dfsr >> 6) & 0x10u) | (dfsr & 0xfu)) {   /* ARM ARM Table B3-23 */
    case 0x05: return "translation fault (section)";
    case 0x07: return "translation fault (page)";
    case 0x09: return "domain fault (section)";
    case 0x0b: return "domain fault (page)";
    case 0x0d: return "permission fault (section)";
    case 0x0f: return "permission fault (page)";
    default:   return "other fault";
    }
}

static void probe(const char *what, uint32_t addr, int write)
{
    uint32_t before = faults, value = 0;
    if (write)
        *(volatile uint32_t *)addr = 0xdeadbeefu;
    else
        value = *(volatile uint32_t *)addr;
    if (faults == before)
        printf("stray: %s 0x%08lx went through (read 0x%08lx): NOT CONTAINED\n", what,
               (unsigned long)addr, (unsigned long)value);
    else
        printf("stray: %s 0x%08lx: own data abort, %s, %s of 0x%08lx\n", what,
               (unsigned long)addr, fs(last_dfsr), (last_dfsr & (1u << 11)) ? "write" : "read",
               (unsigned long)last_dfar);
}

int main(void)
{
    extern char stray_vectors[];
    __asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb" : : "r"(stray_vectors) : "memory");
    printf("stray: HRT guest on core %ld, probing with its own abort vector\n",
           (long)hv_core_id());
    probe("write of the monitor's memory at", 0x3fc00000u, 1);
    probe("read of the monitor's memory at", 0x3fc10000u, 0);
    probe("read of the SLCR at", 0xf8000000u, 0);
    probe("read of the L2 controller at", 0xf8f02100u, 0);
    printf("stray: %lu faults; hypercalls still work on core %ld\n", (unsigned long)faults,
           (long)hv_core_id());
    uint32_t hz;
    uint64_t start = hv_time(&hz);
    while (hv_time(&hz) - start < hz / 20u)      /* 50 ms for ticker to go on */
        ;
    printf("stray: done\n");
    hv_test_exit(0);
    return 0;
}
