/* Boot of the cores (boot.c): the hand-off and the wait for the cores. */
#ifndef BOOT_H
#define BOOT_H

#include <stdint.h>

/* Exit status of a test image in which a core did not come up. */
#define BOOT_EXIT_MISSING_CORE 98u

/* The status a test image ends with: `status`, unless a core is missing. */
uint32_t boot_exit_status(uint32_t status);

#endif
