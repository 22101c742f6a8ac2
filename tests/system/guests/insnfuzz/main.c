/*
 * insnfuzz: executes random instructions in User mode, one per instance,
 * under the `restart` fault policy. Instance k (k = its restart count, from
 * HC_HEALTH) executes instruction k of a stream fixed by SEED: even k a
 * random 32-bit ARM word, odd k a random Thumb encoding (16-bit, or 32-bit
 * half of the time). The instruction is placed in an executable slot in the
 * middle of a page of its own, followed by a permanently undefined
 * instruction, and entered with every register (sp and lr included) set to
 * hostile addresses: the monitor's memory, other guests', devices,
 * unmapped ones (never a small number: an SVC among the random words then
 * makes an unknown hypercall, not a valid one). Whatever it does, the instance ends in a fault: the
 * instruction's own, the undefined instruction after it, or the watchdog
 * (a virtual timer 2 ms after the previous fault, for instructions that
 * loop or branch back into the guest), and the monitor restarts the guest
 * at instruction k + 1. After COUNT instructions it ends the test; the
 * monitor then prints its fault counts by kind.
 */
#include <stdint.h>
#include "guest_config.h"
#include "guest_virq.h"
#include "hv.h"
#include "../put_lib/put.h"

#define COUNT       100000u
#define SEED        0x5eed1234u
#define WATCHDOG_MS 2u

static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

/* The instruction runs in the middle of the middle page of the guest's
 * second region (3 pages of zeros otherwise): PC-relative accesses and
 * PC-relative loads of the PC reach only that region. The image is at a
 * guest address no ARM immediate can form (0x12340000), so no `mov pc, #imm`
 * lands in this code. */
#define SLOT_VA (GUEST_RAM1_VA + 4096u + 2048u)
static uint32_t regs[16];          /* r0-r12, sp, lr, the slot's address (| 1: Thumb) */

static const uint32_t hostile[] = {
    0x3fc00000u, 0x3fc08000u, 0x3fdffff0u,   /* the monitor's memory */
    0x01000000u, 0x02000000u, 0x020ffffcu,   /* other guests' physical memory (unmapped here) */
    0xf8f01000u, 0xf8f00100u, 0xf8f00600u,   /* GIC distributor, CPU interface, private timer */
    0xf8000000u, 0xe0000000u, 0xf8003000u,   /* SLCR, the console UART, the DMA controller */
    0x80000000u, 0x40000000u, 0xc0000000u,   /* unmapped */
    0xffffff80u, 0xffff0000u, 0x7fffff80u,   /* the top (+ offset: up to 0xfffffffc), high vectors, 2 GB edge */
};
#define N_HOSTILE (sizeof hostile / sizeof hostile[0])

static void on_virq(unsigned id)
{
    (void)id;
    __asm__ volatile(".word 0xe7f000f0");   /* the watchdog: end this instance */
}

__attribute__((noreturn)) static void enter(void)
{
    /* ldm r0, {r0-r15}: every register at once, then the slot (LDM to the
     * PC interworks: bit 0 selects Thumb). Written as a word: assemblers
     * warn about SP in the list. */
    __asm__ volatile("mov r0, %0\n\t.word 0xe890ffff" : : "r"(regs) : "r0", "memory");
    __builtin_unreachable();
}

int main(void)
{
    uint32_t hz;
    uint64_t now = hv_time(&hz);
    struct hv_health h = hv_health(0, 0, 0);
    uint32_t k = h.restarts;
    uint64_t deadline = now + (uint64_t)hz * WATCHDOG_MS / 1000u;
    if (h.total > 0) {
        struct health_entry last;
        struct hv_health r = hv_health(&last, 1, (uint32_t)h.total);
        if (r.written == 1)
            deadline = ((uint64_t)last.time_hi << 32 | last.time_lo) +
                       (uint64_t)hz * WATCHDOG_MS / 1000u;
        if (now >= deadline)
            __asm__ volatile(".word 0xe7f000f0");   /* entered again by the instruction */
    }
    if (k >= COUNT) {
        put("insnfuzz: ");
        put_dec(k);
        put(" instructions executed, every one ended in a fault\n");
        hv_test_exit(0);
    }
    if (k % 10000u == 0) {
        put("insnfuzz: instruction ");
        put_dec(k);
        put("\n");
    }
    virq_init(on_virq);
    hv_vtimer_set(deadline);

    uint32_t r = mix(k ^ SEED), r2 = mix(r);
    uint16_t *slot = (uint16_t *)SLOT_VA;
    uint32_t target = (uint32_t)slot;
    if (k % 2u == 0) {
        slot[0] = (uint16_t)r;                 /* little-endian ARM word */
        slot[1] = (uint16_t)(r >> 16);
        slot[2] = 0x00f0u;                     /* udf: 0xe7f000f0 */
        slot[3] = 0xe7f0u;
    } else {
        unsigned n = 0;
        if (r & 1u) {
            slot[n++] = (uint16_t)(((0x1du + (r >> 1) % 3u) << 11) | ((r >> 16) & 0x7ffu));
            slot[n++] = (uint16_t)r2;
        } else {
            uint16_t hw = (uint16_t)(r >> 16);
            if ((hw >> 11) >= 0x1du)
                hw &= 0xe7ffu;                 /* keep it 16-bit */
            slot[n++] = hw;
        }
        slot[n++] = 0xde00u;                   /* udf #0, twice: an IT block may skip one */
        slot[n++] = 0xde00u;
        target |= 1u;
    }
    hv_call3(HC_CODE_SYNC, (uint32_t)slot, 16, 0);
    for (unsigned i = 0; i < 15; i++)
        regs[i] = hostile[mix(r2 + i) % N_HOSTILE] + (mix(r2 ^ (i << 24)) & 0x7cu);
    regs[15] = target;
    enter();
}
