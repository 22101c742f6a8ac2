/*
 * CP15 accessors (ARM ARM B4.1, B3.17). One generated function per register
 * keeps inline assembly out of the monitor's logic.
 */
#ifndef CP15_H
#define CP15_H

#include <stdint.h>

#define CP15_ACCESSORS(name, op1, crn, crm, op2)                             \
    static inline uint32_t cp15_read_##name(void)                            \
    {                                                                        \
        uint32_t v;                                                          \
        __asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2  \
                         : "=r"(v));                                         \
        return v;                                                            \
    }                                                                        \
    static inline void cp15_write_##name(uint32_t v)                         \
    {                                                                        \
        __asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2  \
                         : : "r"(v) : "memory");                             \
    }

CP15_ACCESSORS(mpidr,      0, c0,  c0,  5)
CP15_ACCESSORS(dccmvau,    0, c7,  c11, 1)
CP15_ACCESSORS(ccsidr,     1, c0,  c0,  0)
CP15_ACCESSORS(clidr,      1, c0,  c0,  1)
CP15_ACCESSORS(csselr,     2, c0,  c0,  0)
CP15_ACCESSORS(sctlr,      0, c1,  c0,  0)
CP15_ACCESSORS(actlr,      0, c1,  c0,  1)
CP15_ACCESSORS(ttbr0,      0, c2,  c0,  0)
CP15_ACCESSORS(ttbcr,      0, c2,  c0,  2)
CP15_ACCESSORS(dacr,       0, c3,  c0,  0)
CP15_ACCESSORS(dfsr,       0, c5,  c0,  0)
CP15_ACCESSORS(ifsr,       0, c5,  c0,  1)
CP15_ACCESSORS(dfar,       0, c6,  c0,  0)
CP15_ACCESSORS(ifar,       0, c6,  c0,  2)
CP15_ACCESSORS(iciallu,    0, c7,  c5,  0)
CP15_ACCESSORS(bpiall,     0, c7,  c5,  6)
CP15_ACCESSORS(dcisw,      0, c7,  c6,  2)
CP15_ACCESSORS(tlbiall,    0, c8,  c7,  0)
CP15_ACCESSORS(pmcr,       0, c9,  c12, 0)
CP15_ACCESSORS(pmcntenset, 0, c9,  c12, 1)
CP15_ACCESSORS(pmccntr,    0, c9,  c13, 0)
CP15_ACCESSORS(pmuserenr,  0, c9,  c14, 0)
CP15_ACCESSORS(vbar,       0, c12, c0,  0)
CP15_ACCESSORS(mvbar,      0, c12, c0,  1)
CP15_ACCESSORS(isr,        0, c12, c1,  0)
CP15_ACCESSORS(contextidr, 0, c13, c0,  1)
CP15_ACCESSORS(tpidrurw,   0, c13, c0,  2)
CP15_ACCESSORS(tpidruro,   0, c13, c0,  3)
CP15_ACCESSORS(tpidrprw,   0, c13, c0,  4)

/* Board bring-up: cache and TLB maintenance by address, address
 * translation, TLB lockdown (ARM ARM B4.2.1, B4.2.3; Cortex-A9 TRM 4.3). */
CP15_ACCESSORS(ctr,        0, c0,  c0,  1)
CP15_ACCESSORS(icialluis,  0, c7,  c1,  0)
CP15_ACCESSORS(bpiallis,   0, c7,  c1,  6)
CP15_ACCESSORS(par,        0, c7,  c4,  0)
CP15_ACCESSORS(ats1cpr,    0, c7,  c8,  0)
CP15_ACCESSORS(dcimvac,    0, c7,  c6,  1)
CP15_ACCESSORS(dccmvac,    0, c7,  c10, 1)
CP15_ACCESSORS(tlbimva,    0, c8,  c7,  1)
CP15_ACCESSORS(tlblockdown, 0, c10, c0, 0)

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb(void) { __asm__ volatile("dsb" ::: "memory"); }
static inline void dmb(void) { __asm__ volatile("dmb" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void sev(void) { __asm__ volatile("sev" ::: "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" ::: "memory"); }
static inline void clrex(void) { __asm__ volatile("clrex" ::: "memory"); }

#endif
