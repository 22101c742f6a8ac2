/*
 * The PL390 GIC of the Cortex-A9 MPCore (GICv1; UG585 ch. 7, ARM IHI 0048A).
 * The distributor's contents are computed by the generator from the
 * interrupt routing map; this file only writes them in order. All
 * interrupts are Group 0 (Secure) and signalled as IRQ.
 */
#include "arch.h"
#include "config.h"
#include "plat.h"
#include "mmio.h"

#define GICD_CTLR       0x000u
#define GICD_ISENABLER  0x100u
#define GICD_ICENABLER  0x180u
#define GICD_ICPENDR    0x280u
#define GICD_SGIR       0xf00u

#define GICC_CTLR       0x00u
#define GICC_PMR        0x04u
#define GICC_BPR        0x08u
#define GICC_IAR        0x0cu
#define GICC_EOIR       0x10u

static void write_list(const struct cfg_reg *regs, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        mmio_write(system_config.gicd_base + regs[i].offset, regs[i].value);
}

void plat_gic_init_distributor(void)
{
    uint32_t gicd = system_config.gicd_base;
    mmio_write(gicd + GICD_CTLR, 0);
    /* A warm restart or a boot loader may leave SPIs pending; they would
     * fire at whatever guest owns them now. Clear every SPI's pending bit
     * (GICv1, IHI 0048A 4.3.8; SGI/PPI words are banked per core and
     * written by plat_gic_init_cpu's list). */
    for (uint32_t id = 32; id < system_config.n_irq_lines; id += 32)
        mmio_write(gicd + GICD_ICPENDR + id / 8u, 0xffffffffu);
    write_list(system_config.gicd_init, system_config.n_gicd_init);
    mmio_write(gicd + GICD_CTLR, 1);
}

void plat_gic_init_cpu(unsigned core)
{
    const struct cfg_core *c = &system_config.cores[core];
    write_list(c->gic_banked, c->n_gic_banked);
    uint32_t gicc = system_config.gicc_base;
    mmio_write(gicc + GICC_PMR, 0xf8);      /* every priority the generator uses */
    mmio_write(gicc + GICC_BPR, 0);         /* no preemption groups */
    mmio_write(gicc + GICC_CTLR, 1);        /* Group 0 enabled, as IRQ */
}

uint32_t plat_gic_ack(void)
{
    return mmio_read(system_config.gicc_base + GICC_IAR);
}

void plat_gic_eoi(uint32_t iar)
{
    mmio_write(system_config.gicc_base + GICC_EOIR, iar);
}

void plat_gic_disable(uint32_t irq)
{
    mmio_write(system_config.gicd_base + GICD_ICENABLER + 4u * (irq / 32u),
               1u << (irq % 32u));
    /* The disable must reach the distributor before the EOI that follows
     * it reaches the CPU interface (another peripheral, so not ordered:
     * ARM ARM A3.8.3), or a level-sensitive line is signalled again at once. */
    mmio_complete();
}

void plat_gic_enable(uint32_t irq)
{
    mmio_write(system_config.gicd_base + GICD_ISENABLER + 4u * (irq / 32u),
               1u << (irq % 32u));
}

/* A software-generated interrupt to one core (target list filter). */
void plat_gic_send_sgi(unsigned core, uint32_t sgi)
{
    /* The SGI announces data in Normal memory (a vIRQ queue, a wake-up, a
     * console ring). Normal and Device accesses are not ordered with each
     * other (ARM ARM A3.8.3) and the interrupt is a side effect of the
     * Device write, not an access the other core observes: a DSB completes
     * the stores before the write is issued (ARM ARM A3.8.3, "Data
     * Synchronization Barrier"; GICv1 4.3.15 GICD_SGIR). */
    arch_data_sync_barrier();
    mmio_write(system_config.gicd_base + GICD_SGIR, (1u << (16u + core)) | (sgi & 0xfu));
}
