/* Fault status decoding (monitor/core/health.c), with the values QEMU
 * reports (shared/QEMU-ZYNQ.md section 5). */
#include "health.h"
#include "unit.h"

TEST(fault_names)
{
    CHECK_EQ_STR(health_fault_name(0x005), "translation fault (section)");
    CHECK_EQ_STR(health_fault_name(0x805), "translation fault (section)");
    CHECK_EQ_STR(health_fault_name(0x027), "translation fault (page)");
    CHECK_EQ_STR(health_fault_name(0x019), "domain fault (section)");
    CHECK_EQ_STR(health_fault_name(0x02b), "domain fault (page)");
    CHECK_EQ_STR(health_fault_name(0x80d), "permission fault (section)");
    CHECK_EQ_STR(health_fault_name(0x00f), "permission fault (page)");
    CHECK_EQ_STR(health_fault_name(0x001), "alignment fault");
    CHECK_EQ_STR(health_fault_name(0x406), "asynchronous external abort");
}
