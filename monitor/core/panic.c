/*
 * The monitor's last words (health.h). A panic may come from anywhere: with
 * the console lock held by this core, from an exception the monitor took
 * from itself, from a stack that overflowed into its guard page. So the
 * panic path takes no lock and trusts no queue: it formats one line on the
 * stack of the mode it runs in and writes it to the UART by polling, with
 * a bounded wait per byte. A per-core flag catches a fault inside the panic
 * path itself: the core then halts quietly instead of recursing.
 */
#include <stdarg.h>
#include "arch.h"
#include "config.h"
#include "console.h"
#include "health.h"
#include "plat.h"
#include "testfault.h"
#include "../arch/armv7-a/asm.h"

/* Polls per byte before the UART is given up on: the transmit FIFO drains
 * a byte in about 90 us at 115200 baud, far more than a poll takes. */
#define PANIC_TX_POLLS 100000u

static volatile uint8_t in_panic[CONFIG_MAX_CORES];

__attribute__((noreturn)) static void halt(uint32_t status)
{
    if (system_config.flags & CFG_FLAG_TEST_HYPERCALLS)
        arch_semihost_exit(status);
    for (;;)
        arch_wait_for_interrupt();
}

/* Called first by every panic: a core that is already panicking has
 * faulted in the panic path and halts without another word. */
static unsigned enter(void)
{
    unsigned core = arch_cpu_id();
    if (in_panic[core])
        halt(98);
    in_panic[core] = 1;
    return core;
}

static void put_polled(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t k = 0; k < PANIC_TX_POLLS && plat_console_tx_full(); k++)
            ;
        plat_console_tx(s[i]);
    }
}

static void say(const char *fmt, ...)
{
    static const char prefix[] = "[monitor] ";
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = (int)sizeof buf - 1;
    put_polled("\r\n", 2);          /* the line another core was printing ends here */
    put_polled(prefix, sizeof prefix - 1);
    put_polled(buf, (uint32_t)n);
    put_polled("\r\n", 2);
}

__attribute__((noreturn)) static void finish(void)
{
    testfault_in_panic();
    halt(99);
}

void panic(const char *file, int line, const char *what)
{
    unsigned core = enter();
    say("PANIC on core %u at %s:%d: %s", core, file, line, what);
    finish();
}

/* The guard page below core `c`'s stack block (entry.S, generator/stacks.py). */
extern char __stacks_end[];

static int in_guard(uint32_t addr, unsigned *core)
{
    for (unsigned c = 0; c < CONFIG_MAX_CORES; c++) {
        uint32_t guard = (uint32_t)__stacks_end - (c + 1u) * STACK_STRIDE;
        if (addr - guard < STACK_GUARD) {
            *core = c;
            return 1;
        }
    }
    return 0;
}

void panic_exception(const struct trap_frame *f, enum trap_kind kind)
{
    unsigned core = enter();
    static const char *const names[] = {
        [TRAP_UNDEF] = "undefined instruction", [TRAP_PABT] = "prefetch abort",
        [TRAP_DABT] = "data abort",
    };
    const char *name = kind <= TRAP_DABT && names[kind] ? names[kind] : "exception";
    struct fault_info fi;
    arch_fault_info(kind, &fi);
    unsigned owner;
    if (kind == TRAP_DABT && in_guard(fi.address, &owner))
        say("PANIC on core %u: stack overflow: data abort in the monitor at pc 0x%08x on "
            "the guard page 0x%08x below core %u's stacks", core, (unsigned)f->pc,
            (unsigned)fi.address, owner);
    else
        say("PANIC on core %u: %s in the monitor at pc 0x%08x (cpsr 0x%08x), %s, "
            "address 0x%08x", core, name, (unsigned)f->pc, (unsigned)f->cpsr,
            kind == TRAP_UNDEF ? "no fault status" : health_fault_name(fi.status),
            (unsigned)fi.address);
    finish();
}

#ifdef TEST_STACK_CHECK
void stack_check_failed(uint32_t sp)
{
    unsigned core = enter();
    say("PANIC on core %u: C entered with sp 0x%08x, not 8-byte aligned", core, (unsigned)sp);
    finish();
}
#endif
