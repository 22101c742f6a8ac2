/*
 * intruder: its translation table carries one wrong entry, injected on
 * purpose by the generator (tests/system/domain.yaml, build:
 * test_foreign_section): a User read/write section onto motor's memory,
 * tagged with motor's protection key (ARM domain). Its DACR grants only its
 * own domain and the monitor's, so the read must take a domain fault and
 * the monitor must stop it: the wrong entry reaches nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

int main(void)
{
    printf("intruder: reading through the wrong entry at 0x%08lx\n",
           (unsigned long)TEST_FOREIGN_SECTION_VA);
    uint32_t v = *(volatile uint32_t *)TEST_FOREIGN_SECTION_VA;
    printf("intruder: LEAKED 0x%08lx\n", (unsigned long)v);
    return 0;
}
