/*
 * The TrustZone partition (monitor/platform/zynq7000/tz.c): the generated
 * register values written and read back through the accessors given, so
 * that the host unit test can run the same sequence against a model.
 */
#ifndef TZ_H
#define TZ_H

#include <stdint.h>

struct cfg_trustzone;

struct tz_io {
    int (*write)(uint32_t addr, uint32_t value);     /* 0, or 1: the access aborted */
    int (*read)(uint32_t addr, uint32_t *value);     /* 0, or 1 */
    void (*failed)(const char *line);                /* a register that did not stick */
};

struct tz_result {
    uint32_t checked;      /* readable registers read back */
    uint32_t kept;         /* ... that read back as written */
};

/* SLCR unlock (if a register is in the SLCR, `slcr` its base), every
 * register in table order, SLCR lock; then each readable register read
 * back. Returns the registers that did not stick (write or read aborted,
 * or another value), each told to io->failed. */
uint32_t tz_apply(const struct cfg_trustzone *tz, uint32_t slcr, const struct tz_io *io,
                  struct tz_result *res);

#endif
