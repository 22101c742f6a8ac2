/*
 * /init's CPUs (init.h): hotplug of CPU 1 through the kernel (PSCI
 * CPU_OFF, AFFINITY_INFO, CPU_ON), the kernel's IPI counts, the CPU-bound
 * children and the child that checks its own VFP/NEON registers across
 * preemptions (for the test of a hard-float Secure guest on Linux's core).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "init.h"

/* Writes `value` to a sysfs file; 0 on success. */
static int write_file(const char *path, const char *value)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, value, strlen(value));
    close(fd);
    return n == (ssize_t)strlen(value) ? 0 : -1;
}

void cpus_online(char *out, size_t size)
{
    ssize_t n = read_file("/sys/devices/system/cpu/online", out, size - 1);
    out[n > 0 ? n : 0] = 0;
    out[strcspn(out, "\n")] = 0;
}

/* The kernel's IPI counts per CPU (/proc/interrupts "IPI<n>:" lines). */
void print_ipis(void)
{
    static char text[8192];
    ssize_t n = read_file("/proc/interrupts", text, sizeof text - 1);
    if (n <= 0)
        return;
    text[n] = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(0, "\n")) {
        char *p = line + strspn(line, " ");
        if (strncmp(p, "IPI", 3) == 0)
            printf("init: %s\n", p);
    }
}

/* CPU 1 offline and online again, through the kernel's hotplug (PSCI). */
void hotplug_cpu1(void)
{
    char online[64];
    const char *cpu1 = "/sys/devices/system/cpu/cpu1/online";
    int r = write_file(cpu1, "0");
    cpus_online(online, sizeof online);
    printf("init: cpu1 offline: %s, cpus online: %s\n", r ? strerror(errno) : "ok", online);
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep(&ts, 0);
    r = write_file(cpu1, "1");
    cpus_online(online, sizeof online);
    printf("init: cpu1 online: %s, cpus online: %s\n", r ? strerror(errno) : "ok", online);
}

pid_t start_busy_child(int n)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    unsigned long long x = 1;
    for (unsigned long i = 1;; i++) {            /* CPU-bound: a multiplicative walk */
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        if ((i & 0x3fffffu) == 0)
            printf("init: busy child: %lu iterations (%llx) child %d cpu %d\n", i, x >> 48,
                   n, sched_getcpu());
    }
}

/* Loads d0-d31 from `in`, spins `spins` iterations of an integer loop
 * (long enough for several Secure releases and Linux's own preemptions to
 * fall inside), stores d0-d31 to `out`: one asm statement, so nothing of
 * the compiler's lives in the registers. */
static void vfp_round(const uint64_t *in, uint64_t *out, unsigned long spins)
{
    __asm__ volatile(
        ".fpu neon\n\t"
        "vldmia  %[in], {d0-d15}\n\t"
        "add     r12, %[in], #128\n\t"
        "vldmia  r12, {d16-d31}\n"
        "1:\n\t"
        "subs    %[n], %[n], #1\n\t"
        "bne     1b\n\t"
        "vstmia  %[out], {d0-d15}\n\t"
        "add     r12, %[out], #128\n\t"
        "vstmia  r12, {d16-d31}\n\t"
        : [n] "+r"(spins) : [in] "r"(in), [out] "r"(out)
        : "r12", "cc", "memory",
          "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11",
          "d12", "d13", "d14", "d15", "d16", "d17", "d18", "d19", "d20", "d21", "d22",
          "d23", "d24", "d25", "d26", "d27", "d28", "d29", "d30", "d31");
}

/* Its own registers and rounding mode, checked for `seconds`, then a
 * line with the counts: a register another world wrote shows as wrong. */
pid_t start_vfp_child(long seconds)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    static uint64_t in[32], out[32];
    const uint32_t mode = 3u << 22;             /* FPSCR.RMode: toward zero */
    __asm__ volatile("vmsr fpscr, %0" : : "r"(mode) : "memory");
    unsigned rounds = 0, wrong = 0, wrong_fpscr = 0;
    uint64_t x = 0x243f6a8885a308d3ull;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do {
        for (int i = 0; i < 32; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            in[i] = x;
        }
        vfp_round(in, out, 2000000ul);
        if (memcmp(in, out, sizeof in) != 0)
            wrong++;
        uint32_t fpscr;
        __asm__ volatile("vmrs %0, fpscr" : "=r"(fpscr));
        if ((fpscr & (3u << 22)) != mode)
            wrong_fpscr++;
        rounds++;
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while (t.tv_sec - t0.tv_sec < seconds);
    volatile float three = 3.0f;
    float third = 1.0f / three;                 /* toward zero: 0x3eaaaaaa */
    uint32_t bits;
    memcpy(&bits, &third, sizeof bits);
    printf("init: vfp: %u rounds, %u wrong registers, %u wrong fpscr, 1/3 = 0x%08x\n",
           rounds, wrong, wrong_fpscr, (unsigned)bits);
    _exit(0);
}
