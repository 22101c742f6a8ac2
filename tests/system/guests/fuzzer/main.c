/*
 * fuzzer: calls every hypercall with random numbers and arguments, pointers
 * into other guests and into the monitor included, at least 100,000 calls
 * (deterministic from the seed): numbers just past the last call too,
 * arguments that are pointers (own memory, its edges, other guests', the
 * monitor's, devices, unmapped, unaligned, wrapping), lengths, vIRQ
 * numbers, channel and window indices and request ids. The monitor must never crash and must refuse every bad call
 * with an error code; the other guests must keep their output and
 * deadlines (the test reads those). Calls that would legitimately end or
 * redirect this guest (stop, exit, handler registration in its own memory)
 * are left out.
 */
#include <stdint.h>
#include <stdio.h>
#include "guest_config.h"
#include "hv.h"

static uint32_t rng = 0x12345678u;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static int own(uint32_t p)
{
    return p - GUEST_RAM_VA < GUEST_RAM_SIZE;
}

/* Where the calls that write the caller's memory may write: the monitor
 * must refuse them anyway (this guest is neither info nor a service), but
 * if it did not they would land here, not on the stack. */
static uint32_t scratch[512];

/* Interesting pointers: other guests' memory, the monitor, devices, the
 * wrap-around, unaligned, and the edges of this guest's memory. */
static uint32_t pointer(void)
{
    static const uint32_t picks[] = {
        0x01000000u, 0x02000000u, 0x02100000u, 0x3fc00000u, 0x3fc08000u, 0x3fffff00u,
        0xe0000000u, 0xf8f01000u, 0xfffffff0u, 0xffffffffu, 0x00000000u, 0x40000000u,
        GUEST_RAM_VA + GUEST_RAM_SIZE - 2u, GUEST_RAM_VA + GUEST_RAM_SIZE, 0x7ffffffcu,
    };
    uint32_t r = rnd();
    if (r % 3 == 0)
        return rnd();
    return picks[r % (sizeof picks / sizeof picks[0])] + (rnd() % 8u);
}

/* One argument: a pointer, a small number (vIRQ numbers, channel and window
 * indices, request ids, lengths), an edge value, or a pointer into this
 * guest's scratch buffer (unaligned too). */
static uint32_t arg(void)
{
    static const uint32_t edges[] = {0u, 1u, 2u, 3u, 4u, 0x7fffffffu, 0x80000000u,
                                     0xffffffffu, 0xfffffffeu, 95u, 96u, 127u, 128u, 255u,
                                     256u, 1023u, 1024u};
    switch (rnd() % 5u) {
    case 0:
        return rnd() % 300u;
    case 1:
        return edges[rnd() % (sizeof edges / sizeof edges[0])];
    case 2:
        return (uint32_t)scratch + rnd() % (sizeof scratch + 64u);
    default:
        return pointer();
    }
}

int main(void)
{
    printf("fuzzer: starting\n");
    unsigned calls = 0, accepted = 0, bad_ok = 0;
    uint32_t hz;
    uint64_t start = hv_time(&hz);
    /* At least 100,000 calls and 1.5 s, so the others run meanwhile. */
    for (unsigned iter = 1; calls < 100000u || hv_time(0) - start < hz + hz / 2; iter++) {
        if (iter % 20000 == 0)
            printf("fuzzer: %u iterations, %u calls, %u accepted, %u bad calls accepted\n",
                   iter, calls, accepted, bad_ok);
        uint32_t nr = rnd() % (HC_COUNT + 4u);
        if (rnd() % 64u == 0)
            nr = rnd();                                /* any number at all */
        uint32_t a1 = rnd() % 2 ? pointer() : arg();
        uint32_t a2 = rnd() % 3 ? rnd() % 256u : arg(), a3 = arg();
        if (nr == HC_STOP || nr == HC_TEST_EXIT || nr == HC_VIRQ_RETURN)
            continue;
        if ((nr == HC_VIRQ_REGISTER || nr == HC_SET_MISS_HANDLER) && (own(a1) || own(a2)))
            continue;
        if (nr == HC_CONSOLE_WRITE && own(a1))
            continue;                                  /* keep the console readable */
        int32_t r = hv_call3(nr, a1, a2, a3);
        calls++;
        if (r >= 0)
            accepted++;
        /* Calls that name memory outside this guest must be refused. */
        /* Refused whatever the pointer: this guest has no I/O window, is not
         * a service and may not read the others' state or the health log. */
        int foreign = (nr == HC_CONSOLE_WRITE && a2 != 0) ||
                      nr == HC_VIRQ_REGISTER || nr == HC_IO_FETCH || nr == HC_IO_REPLY ||
                      nr == HC_INFO || nr == HC_IO_IN || nr == HC_IO_OUT ||
                      (nr == HC_HEALTH && a2 != 0) ||
                      (nr == HC_CHANNEL_NOTIFY && a1 != 0) || nr >= HC_COUNT;
        if (foreign && r >= 0 && !(nr == HC_INFO && a2 == 0) && !(nr == HC_CONSOLE_WRITE && a2 == 0)) {
            bad_ok++;
            printf("fuzzer: call %lu (0x%08lx, 0x%08lx, 0x%08lx) returned %ld\n",
                   (unsigned long)nr, (unsigned long)a1, (unsigned long)a2,
                   (unsigned long)a3, (long)r);
        }
    }
    printf("fuzzer: %u calls, %u accepted\n", calls, accepted);
    printf("fuzzer: done, %u bad calls accepted\n", bad_ok);
    hv_test_exit(bad_ok ? 1 : 0);
    return 1;
}
