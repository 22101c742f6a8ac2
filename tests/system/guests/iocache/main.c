/*
 * iocache: the trap path's decode cache (monitor/core/ioemu.c) against code
 * that changes under it, and the fast hypercalls (monitor/core/hvc.c,
 * hvc_svc) against hostile arguments. tests/system/fastpath.yaml: TTC1's
 * first 0x30 bytes through the trapped window `ttc1_regs` (interval 1 at
 * 0x24, interval 2 at 0x28, 16 bits each, UG585 Appendix B.32).
 *
 * One code slot in RAM is rewritten (HC_CODE_SYNC) between runs, each run
 * twice (the second one finds the first in the cache): the offset, the
 * destination register, the direction and the state (ARM, Thumb) change at
 * the same address; a stale decode would load the wrong register, into the
 * wrong one, or load where it should store. Last, the cached instruction
 * again with a base register that puts the access past the window: that
 * must stop the guest as the decoder would (the test reads the report).
 */
#include <stdint.h>
#include <stdio.h>
#include "abi/hypercall.h"
#include "guest_config.h"
#include "hv.h"

#define WIN IO_TTC1_REGS_VA
#define A   0x1357u                     /* interval 1 */
#define B   0x2468u                     /* interval 2 */

static uint32_t slot[4] __attribute__((aligned(16)));
static unsigned wrong;

typedef uint32_t (*stub_fn)(uint32_t r0, uint32_t r1);

static uint32_t run(uint32_t w0, uint32_t w1, int thumb, uint32_t r0, uint32_t r1)
{
    slot[0] = w0;
    slot[1] = w1;
    slot[2] = 0xe12fff1eu;              /* bx lr */
    hv_call3(HC_CODE_SYNC, (uint32_t)slot, sizeof slot, 0);
    return ((stub_fn)((uint32_t)slot | (thumb ? 1u : 0u)))(r0, r1);
}

static void expect(const char *what, uint32_t got, uint32_t want)
{
    printf("iocache: %s: 0x%04lx\n", what, (unsigned long)got);
    if (got != want) {
        printf("iocache: %s: WRONG, want 0x%04lx\n", what, (unsigned long)want);
        wrong++;
    }
}

/* HC_IO_IN: r0 = result, r1 = the value read (unchanged on an error). */
static int32_t io_in(uint32_t addr, uint32_t *value)
{
    register uint32_t r0 __asm__("r0") = HC_IO_IN;
    register uint32_t r1 __asm__("r1") = addr;
    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1) : : "r2", "r3", "memory");
    *value = r1;
    return (int32_t)r0;
}

/* A fast call with garbage in r1-r3: r0 is its result, and r1-r3 come back
 * as the call defines them (HC_NULL, HC_CORE_ID: untouched). */
static void null_keeps(uint32_t nr, int32_t want)
{
    register uint32_t r0 __asm__("r0") = nr;
    register uint32_t r1 __asm__("r1") = 0xdeadbeefu;
    register uint32_t r2 __asm__("r2") = 0xffffffffu;
    register uint32_t r3 __asm__("r3") = 0x80000000u;
    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
    if ((int32_t)r0 != want || r1 != 0xdeadbeefu || r2 != 0xffffffffu || r3 != 0x80000000u) {
        printf("iocache: call %lu: r0-r3 0x%lx 0x%lx 0x%lx 0x%lx: WRONG\n", (unsigned long)nr,
               (unsigned long)r0, (unsigned long)r1, (unsigned long)r2, (unsigned long)r3);
        wrong++;
    }
}

/* From Thumb state inside an IT block: the call is made (EQ holds), the
 * slot after it is skipped (NE), and ITSTATE and the flags survive. */
__attribute__((target("thumb"), noinline))
static uint32_t thumb_it_call(void)
{
    uint32_t r, skipped = 0, ran = 0;
    __asm__ volatile(
        "mov    r0, %[nr]\n\t"
        "cmp    r0, r0\n\t"              /* Z = 1 */
        "ite    eq\n\t"
        "svceq  #0\n\t"                  /* HC_CORE_ID: r0 = 0 */
        "movne  %[s], #1\n\t"            /* else slot: skipped */
        "it     eq\n\t"
        "moveq  %[ran], #1\n\t"          /* Z still 1 after the call */
        "mov    %[r], r0\n\t"
        : [r] "=&l"(r), [s] "+l"(skipped), [ran] "+l"(ran)
        : [nr] "i"(HC_CORE_ID) : "r0", "r1", "r2", "r3", "cc", "memory");
    return r | skipped << 8 | (ran ^ 1u) << 9;
}

int main(void)
{
    if (hv_call3(HC_IO_OUT, WIN + 0x24, A, 0) != 0 || hv_call3(HC_IO_OUT, WIN + 0x28, B, 0) != 0)
        wrong++;

    for (int i = 0; i < 2; i++)
        expect("arm ldr r0, [r1, #0x24]", run(0xe5910024u, 0xe12fff1eu, 0, 0, WIN), A);
    for (int i = 0; i < 2; i++)         /* other offset, same address */
        expect("arm ldr r0, [r1, #0x28]", run(0xe5910028u, 0xe12fff1eu, 0, 0, WIN), B);
    for (int i = 0; i < 2; i++)         /* other destination: mov r0, r2 after it */
        expect("arm ldr r2, [r1, #0x24]", run(0xe5912024u, 0xe1a00002u, 0, 0x5555u, WIN), A);
    for (int i = 0; i < 2; i++) {       /* a store where a load of the same address was */
        run(0xe5810024u, 0xe12fff1eu, 0, 0x0abc + (uint32_t)i, WIN);
        uint32_t v = 0;
        if (io_in(WIN + 0x24, &v) != 0)
            wrong++;
        expect("arm str r0, [r1, #0x24]", v, 0x0abc + (uint32_t)i);
    }
    if (hv_call3(HC_IO_OUT, WIN + 0x24, A, 0) != 0)
        wrong++;
    for (int i = 0; i < 2; i++)         /* Thumb: ldr r0, [r1, #0x24]; bx lr */
        expect("thumb ldr r0, [r1, #0x24]", run(0x47706a48u, 0, 1, 0, WIN), A);
    for (int i = 0; i < 2; i++)         /* ARM again at the same address */
        expect("arm ldr r0, [r1, #0x24] again", run(0xe5910024u, 0xe12fff1eu, 0, 0, WIN), A);

    /* Hostile arguments to the calls hvc_svc serves itself. */
    static const uint32_t bad[] = {
        0,                              /* RAM, not a window */
        WIN + 0x25,                     /* unaligned */
        WIN + 0x2e,                     /* straddles the window's end */
        WIN + 0x30,                     /* past it */
        WIN - 4,                        /* before it */
        0xfffffffeu,                    /* wraps around 4 GiB */
        0x3fc00000u,                    /* the monitor's memory */
        0xf8f00100u,                    /* the GIC CPU interface, not this guest's */
    };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t v = 0x77777777u;
        int32_t r = io_in(bad[i], &v);
        if (r != HV_EFAULT || v != bad[i]) {
            printf("iocache: HC_IO_IN 0x%08lx: %ld, r1 0x%08lx: WRONG\n", (unsigned long)bad[i],
                   (long)r, (unsigned long)v);
            wrong++;
        }
    }
    null_keeps(HC_NULL, 0);
    null_keeps(HC_CORE_ID, 0);
    null_keeps(HC_COUNT, HV_ENOSYS);
    null_keeps(0xffffffffu, HV_ENOSYS);
    uint32_t t = thumb_it_call();
    if (t != 0) {
        printf("iocache: HC_CORE_ID from an IT block in Thumb state: 0x%lx: WRONG\n",
               (unsigned long)t);
        wrong++;
    }

    printf("iocache: %u wrong\n", wrong);
    if (wrong)
        hv_test_exit(1);
    printf("iocache: the cached load past the window\n");
    run(0xe5910024u, 0xe12fff1eu, 0, 0, WIN + 0x10);   /* 0x40000034: must stop this guest */
    printf("iocache: READ PAST THE WINDOW\n");
    hv_test_exit(3);
    return 1;
}
