/* port/baremetal/mb_port.c - minibench on a bare board with a free-running
 * 32-bit timer at MB_TIMER_ADDR and no console. NOT used as a guest: a guest
 * cannot reach board timers; the POSIX port runs on the guest C runtime. */
#include "minibench.h"

#ifndef MB_TIMER_ADDR
#define MB_TIMER_ADDR 0xf8f00200u      /* e.g. a Cortex-A9 global timer */
#endif
#ifndef MB_TIMER_HZ
#define MB_TIMER_HZ 333333333u
#endif

mb_u32 mb_port_ticks(void) { return *(volatile mb_u32 *)MB_TIMER_ADDR; }
mb_u32 mb_port_ticks_per_sec(void) { return MB_TIMER_HZ; }
void mb_port_init(void) {}
void mb_port_done(int ok) { (void)ok; for (;;) ; }
void mb_report(const char *name, mb_u32 iterations, mb_u32 ticks, mb_u32 hz, mb_u16 crc)
{ (void)name; (void)iterations; (void)ticks; (void)hz; (void)crc; }
