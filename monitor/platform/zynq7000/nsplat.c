/*
 * What a core that hosts a Non-secure guest needs of the board: the guest's
 * console UART transmitter, and the GIC CPU interface set for the world that
 * runs (GIC architecture v1.0, 4.4.1 GICC_CTLR with the Security Extensions).
 */
#include "arch.h"
#include "config.h"
#include "plat.h"
#include "mmio.h"

#define UART_CR       0x00u        /* Cadence UART Control_reg0 (UG585 B.33) */
#define UART_CR_RXEN  (1u << 2)
#define UART_CR_TXEN  (1u << 4)

#define GICC_CTLR       0x00u
#define GICC_EOIR       0x10u
#define GICC_RPR        0x14u
#define GICD_IGROUPR    0x080u
#define GICD_ISACTIVER  0x300u     /* GICv1 "Active Bit Registers" (ICDABR), read-only */
#define GICD_ITARGETSR  0x800u
#define CTLR_ACKCTL     (1u << 2)  /* AckCtl: Secure accesses may acknowledge/end Group 1 */
#define RPR_IDLE        0xffu      /* no interrupt active on this CPU interface */
#define CTLR_GRP0       (1u << 0)  /* EnableGrp0 */
#define CTLR_GRP1       (1u << 1)  /* EnableGrp1 (the Non-secure view's bit 0) */
#define CTLR_FIQEN      (1u << 3)  /* Group 0 signalled as FIQ */

void plat_uart_enable(uint32_t base)
{
    mmio_write(base + UART_CR, UART_CR_TXEN | UART_CR_RXEN);
}

#define GICD_ISPENDR    0x200u

/* Sets an SPI pending (GIC architecture v1.0, 4.3.7 GICD_ISPENDRn). The DSB
 * first: the stores the notify publishes (a channel's ring) complete before
 * the interrupt can be taken and its handler read them, on either core
 * (ARM ARM A3.8.3: DMB does not order a Normal store before a Device write's
 * side effect on another observer's interrupt). */
void plat_gic_pend(uint32_t irq)
{
    arch_data_sync_barrier();
    mmio_write(system_config.gicd_base + GICD_ISPENDR + 4u * (irq / 32u), 1u << (irq % 32u));
}

/* Group 0 as FIQ (taken in Monitor mode, SCR.FIQ = 1), Group 1 as the guest
 * left it (its own GIC driver enables it through the Non-secure view). */
void plat_gic_ns_run(uint32_t grp1)
{
    mmio_write(system_config.gicc_base + GICC_CTLR,
               CTLR_GRP0 | CTLR_FIQEN | (grp1 ? CTLR_GRP1 : 0u));
}

/* Group 0 as IRQ, as on every other core; Group 1 not signalled: the guest's
 * interrupts wait in the distributor until it runs again. */
uint32_t plat_gic_secure_run(void)
{
    uint32_t gicc = system_config.gicc_base;
    uint32_t ctlr = mmio_read(gicc + GICC_CTLR);
    mmio_write(gicc + GICC_CTLR, CTLR_GRP0);
    return (ctlr & CTLR_GRP1) != 0;
}

/* A Non-secure vCPU's run ends on this core (its guest stops, restarts or
 * takes it off): the interrupt it was handling, if any, is ended here, as
 * powering the core off would. Linux's CPU_STOP IPI handler never returns
 * (ipi_cpu_stop spins, from where the monitor takes the core), so without
 * this its SGI stays active, the CPU interface's running priority stays at
 * Linux's and the next run on this core never gets an interrupt (seen: the
 * restarted kernel's CPU 1 hung in stop_machine). Every Linux interrupt has
 * one priority, so at most one is active per core (GICv1 3.3, preemption
 * only by a higher priority). A Secure EOIR write ends a Group 1 interrupt
 * only with AckCtl set (GICv1 4.4.1, 4.4.5); an SGI is ended with the ID
 * of the core that sent it, taken to be the other core (Linux stops the
 * others from the core that powers off or resets). */
void plat_gic_ns_quiesce(unsigned core)
{
    uint32_t gicc = system_config.gicc_base, gicd = system_config.gicd_base;
    if ((mmio_read(gicc + GICC_RPR) & 0xffu) == RPR_IDLE)
        return;
    uint32_t ctlr = mmio_read(gicc + GICC_CTLR);
    mmio_write(gicc + GICC_CTLR, ctlr | CTLR_ACKCTL);
    for (uint32_t w = 0; w < system_config.n_irq_lines / 32u; w++) {
        uint32_t active = mmio_read(gicd + GICD_ISACTIVER + 4u * w) &
                          mmio_read(gicd + GICD_IGROUPR + 4u * w);
        for (uint32_t b = 0; active; b++, active >>= 1) {
            uint32_t id = 32u * w + b;
            if (!(active & 1u))
                continue;
            if (id >= 32u &&
                !(mmio_read(gicd + GICD_ITARGETSR + (id & ~3u)) >> (8u * (id & 3u)) &
                  (1u << core)))
                continue;                   /* an SPI of the other core */
            uint32_t src = id < 16u ? ((core ^ 1u) & 7u) << 10 : 0u;
            mmio_write(gicc + GICC_EOIR, src | id);
        }
    }
    mmio_write(gicc + GICC_CTLR, ctlr);
}
