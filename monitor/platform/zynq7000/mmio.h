#ifndef MMIO_H
#define MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read(uint32_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write(uint32_t addr, uint32_t value)
{
    *(volatile uint32_t *)addr = value;
}

/* Completes every device access issued so far (ARM ARM A3.8.3: Device
 * accesses to different peripherals are not ordered among themselves). */
static inline void mmio_complete(void)
{
    __asm__ volatile("dsb" ::: "memory");
}

#endif
