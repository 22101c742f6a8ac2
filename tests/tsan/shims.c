/* Host stand-ins for the platform functions and tables the protocols use. */
#include <string.h>
#include "config.h"
#include "plat.h"
#include "sched.h"
#include "shims.h"
#include "vcpu.h"

/* ---- the tables: a client on core 0 proxied to a service on core 1,
 * and an HRT guest on core 1 whose console bytes core 0 prints ---- */

static const struct cfg_io_pair pairs[] = {
    {.client = G_CLIENT, .service = G_SERVICE, .first_slot = 0, .n_slots = 2},
};
static const struct cfg_io_window client_io[] = {
    {.guest = 0x60000000, .size = 0x1000, .kind = IO_PROXY, .perms = 3, .service = G_SERVICE,
     .pair = 0},
};
static const uint8_t service_served[] = {0};
static const struct cfg_region ram[] = {{.va = 0, .size = 0x100000, .writable = 1}};
static const struct cfg_guest guests[G_COUNT] = {
    [G_CLIENT] = {.name = "client", .prefix = "[client] ", .prefix_len = 9, .level = LEVEL_SRT,
                  .core = 0, .ram = ram, .n_ram = 1, .io = client_io, .n_io = 1},
    [G_SERVICE] = {.name = "server", .prefix = "[server] ", .prefix_len = 9, .level = LEVEL_NRT,
                   .core = 1, .ram = ram, .n_ram = 1, .flags = CFG_GUEST_SERVICE,
                   .io_served = service_served, .n_io_served = 1},
    [G_HRT] = {.name = "motor", .prefix = "[motor] ", .prefix_len = 8, .level = LEVEL_HRT,
               .core = 1, .ram = ram, .n_ram = 1},
};
static const uint8_t core0_vcpus[] = {G_CLIENT};
static const uint8_t core1_vcpus[] = {G_SERVICE};
static const struct cfg_core cores[2] = {
    {.kind = CORE_SHARED, .n_vcpus = 1, .vcpus = core0_vcpus},
    {.kind = CORE_SHARED, .n_vcpus = 1, .vcpus = core1_vcpus},
};

const struct system_config system_config = {
    .magic = CONFIG_MAGIC, .abi_version = CONFIG_ABI_VERSION,
    .n_cores = 2, .cores = cores, .n_guests = G_COUNT, .guests = guests,
    .n_io_pairs = 1, .io_pairs = pairs, .test_proxy_delay = 0,
};

struct vcpu vcpus[CONFIG_MAX_GUESTS];
struct pcpu pcpus[CONFIG_MAX_CORES];
struct pcpu tsan_pcpu0;

static _Thread_local unsigned this_core;

struct pcpu *this_pcpu(void)
{
    return &pcpus[this_core];
}

/* ---- SGIs and kicks ---- */

static uint32_t kicks[2];

void shim_kick(unsigned core, uint32_t sgi)
{
    __atomic_fetch_or(&kicks[core], 1u << sgi, __ATOMIC_RELAXED);
}

uint32_t shim_take_kicks(unsigned core)
{
    return __atomic_exchange_n(&kicks[core], 0u, __ATOMIC_RELAXED);
}

void shim_wait_kick(unsigned core)
{
    while (!__atomic_load_n(&kicks[core], __ATOMIC_RELAXED))
        host_yield();
}

void sched_kick(unsigned core)
{
    shim_kick(core, SCHED_KICK_SGI);
}

void plat_gic_send_sgi(unsigned core, uint32_t sgi)
{
    shim_kick(core, sgi);
}

void plat_gic_enable(uint32_t irq)
{
    (void)irq;
}

/* ---- the UART: only the pump lock's holder may write to it, so the
 * output is plain memory: ThreadSanitizer reports two cores in it at once.
 * The FIFO level is the hardware's (it empties on its own): atomic. ---- */

char shim_uart_out[1 << 18];
uint32_t shim_uart_len;
static uint32_t fifo_level;
static int tx_irq;

int plat_console_tx_full(void)
{
    return __atomic_load_n(&fifo_level, __ATOMIC_RELAXED) >= 4;   /* small: the pump often stops */
}

void plat_console_tx(char c)
{
    if (shim_uart_len < sizeof shim_uart_out)
        shim_uart_out[shim_uart_len++] = c;
    __atomic_fetch_add(&fifo_level, 1u, __ATOMIC_RELAXED);
}

void plat_console_tx_irq(int on)
{
    __atomic_store_n(&tx_irq, on, __ATOMIC_RELAXED);
}

int shim_tx_irq_on(void)
{
    return __atomic_load_n(&tx_irq, __ATOMIC_RELAXED);
}

void shim_uart_drain(void)
{
    __atomic_store_n(&fifo_level, 0u, __ATOMIC_RELAXED);
}

/* ---- what the compiled files reference and these tests do not use ---- */

void arch_frame_copy(struct trap_frame *dst, const struct trap_frame *src)
{
    memcpy(dst, src, sizeof *dst);
}
