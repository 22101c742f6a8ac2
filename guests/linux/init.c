/*
 * /init of the Linux guest's initramfs: a static armhf program (built with
 * Debian's arm-linux-gnueabihf-gcc by scripts/linux-assets.sh), the first
 * and only user process of the Non-secure Linux guest.
 *
 * It mounts devtmpfs, proc and sysfs, prints the kernel's version, finds
 * the inter-guest channels the generator described in the device tree
 * (/partitioning-monitor/channel@<pa>: `reg` = physical address and size, `label` =
 * the channel's name, `writer` = the guest that writes it), maps each one
 * read-only through /dev/mem and reads the records the writer puts in its
 * ring (the layout of guests/lib/include/ring.h), while a child process
 * keeps a CPU busy. The channel lies outside Linux's memory node, so
 * STRICT_DEVMEM lets /dev/mem map it.
 *
 * A channel with a doorbell (its node's `doorbell-code`) is also waited on:
 * the writer's notify is an interrupt of Linux's, described in the device
 * tree as an interrupt-only gpio-keys button (Debian's kernel has no
 * uio_pdrv_genirq), so /init loads Debian's evdev module (finit_module) and
 * a child blocks in read() on /dev/input/event*; at each key press it
 * prints the newest record of that channel.
 *
 * Everything in the shared memory is written by another partition and is
 * treated as hostile: the ring's geometry is checked against the size the
 * device tree gives before any slot is read.
 *
 * The kernel command line may ask for an ending, for the tests:
 *   init.action=poweroff|reboot|panic init.after=<seconds>
 * and for more CPU-bound children (one per CPU of a Linux on two cores):
 *   init.busy=<children> (default 1)
 * and for CPU hotplug (PSCI CPU_OFF, AFFINITY_INFO, CPU_ON again):
 *   init.hotplug=<seconds>: then CPU 1 goes offline and comes back
 * poweroff and reboot go through the kernel to PSCI SYSTEM_OFF/RESET;
 * panic kills init, which panics the kernel.
 *   init.vfp=<seconds>
 * starts a child that checks its own VFP/NEON registers (d0-d31, FPSCR)
 * across preemptions for that long (vfp_check()), for the test of a
 * hard-float Secure guest on Linux's core.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define DT_HV "/sys/firmware/devicetree/base/partitioning-monitor"
#define MAX_CHANNELS 8
#define RING_MAGIC 0x52494e47u          /* "RING", guests/lib/include/ring.h */
#define RING_HEADER_WORDS 4u            /* head, capacity, record_size, magic */
#define MAX_RECORD_WORDS 16u

struct channel {
    char label[32];
    char writer[32];
    uint32_t pa, size;
    const volatile uint32_t *mem;
    uint32_t next, lost, seen;
    uint32_t code;                      /* doorbell key code, or 0 */
};

static struct channel channels[MAX_CHANNELS];
static unsigned n_channels;

static void console_setup(void)
{
    mkdir("/dev", 0755);
    mkdir("/proc", 0555);
    mkdir("/sys", 0555);
    if (mount("devtmpfs", "/dev", "devtmpfs", 0, 0) != 0 && errno != EBUSY)
        perror("init: mount /dev");
    int fd = open("/dev/console", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2)
            close(fd);
    }
    setvbuf(stdout, 0, _IOLBF, 0);
    if (mount("proc", "/proc", "proc", 0, 0) != 0)
        perror("init: mount /proc");
    if (mount("sysfs", "/sys", "sysfs", 0, 0) != 0)
        perror("init: mount /sys");
}

/* Reads a whole small file; returns its length or -1. */
static ssize_t read_file(const char *path, void *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size);
    close(fd);
    return n;
}

static void read_string(const char *dir, const char *prop, char *out, size_t size)
{
    char path[352];
    snprintf(path, sizeof path, "%s/%s", dir, prop);
    ssize_t n = read_file(path, out, size - 1);
    out[n > 0 ? n : 0] = 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void find_channels(void)
{
    DIR *d = opendir(DT_HV);
    if (!d) {
        printf("init: no %s node: no channels\n", DT_HV);
        return;
    }
    int mem = open("/dev/mem", O_RDONLY | O_SYNC);
    if (mem < 0)
        perror("init: /dev/mem");
    struct dirent *e;
    while ((e = readdir(d)) && n_channels < MAX_CHANNELS) {
        if (strncmp(e->d_name, "channel@", 8) != 0)
            continue;
        char dir[320], path[352];
        unsigned char reg[8];
        snprintf(dir, sizeof dir, "%s/%s", DT_HV, e->d_name);
        snprintf(path, sizeof path, "%s/reg", dir);
        if (read_file(path, reg, sizeof reg) != (ssize_t)sizeof reg)
            continue;
        struct channel *c = &channels[n_channels];
        c->pa = be32(reg);
        c->size = be32(reg + 4);
        read_string(dir, "label", c->label, sizeof c->label);
        read_string(dir, "writer", c->writer, sizeof c->writer);
        unsigned char code[4];
        snprintf(path, sizeof path, "%s/doorbell-code", dir);
        c->code = read_file(path, code, sizeof code) == (ssize_t)sizeof code ? be32(code) : 0;
        if (mem < 0 || c->size < 4 * RING_HEADER_WORDS)
            continue;
        void *p = mmap(0, c->size, PROT_READ, MAP_SHARED, mem, (off_t)c->pa);
        if (p == MAP_FAILED) {
            printf("init: channel '%s' at 0x%08x: mmap: %s\n", c->label,
                   (unsigned)c->pa, strerror(errno));
            continue;
        }
        c->mem = p;
        printf("init: channel '%s' from guest '%s' at 0x%08x, %u bytes, mapped\n",
               c->label, c->writer, (unsigned)c->pa, (unsigned)c->size);
        n_channels++;
    }
    closedir(d);
    if (mem >= 0)
        close(mem);
}

static inline void barrier(void)
{
    __asm__ volatile("dmb" ::: "memory");
}

/* Takes one record (the seqlock protocol of guests/lib/ring.c); 1 if one
 * was copied. */
static int ring_get(struct channel *c, uint32_t *rec, uint32_t *words)
{
    const volatile uint32_t *h = c->mem;
    if (h[3] != RING_MAGIC)
        return 0;
    uint32_t capacity = h[1], record_size = h[2];
    uint32_t slot_words = 1u + record_size / 4u;
    /* The writer's geometry must fit the mapping the device tree gave. */
    if (capacity == 0 || record_size % 4u || record_size / 4u > MAX_RECORD_WORDS ||
        (uint64_t)capacity * slot_words + RING_HEADER_WORDS > c->size / 4u)
        return 0;
    for (int tries = 0; tries < 4; tries++) {
        uint32_t head = h[0];
        barrier();
        if (c->next == head)
            return 0;
        if (head - c->next > capacity) {
            c->lost += head - c->next - capacity;
            c->next = head - capacity;
        }
        const volatile uint32_t *s = h + RING_HEADER_WORDS + (c->next % capacity) * slot_words;
        uint32_t before = s[0];
        if (before & 1u)
            return 0;
        barrier();
        for (uint32_t i = 0; i < record_size / 4u; i++)
            rec[i] = s[1 + i];
        barrier();
        if (before == (c->next << 1) && s[0] == before) {
            c->next++;
            *words = record_size / 4u;
            return 1;
        }
    }
    return 0;
}

static void drain_channels(int verbose)
{
    for (unsigned k = 0; k < n_channels; k++) {
        struct channel *c = &channels[k];
        uint32_t rec[MAX_RECORD_WORDS], words = 0, got = 0;
        while (got < 1000 && ring_get(c, rec, &words)) {
            got++;
            c->seen++;
            if (verbose || c->seen <= 3) {
                printf("init: channel '%s' record %u:", c->label, (unsigned)(c->next - 1));
                for (uint32_t i = 0; i < words; i++)
                    printf(" %d", (int)rec[i]);
                printf("\n");
            }
        }
        if (got)
            printf("init: channel '%s': %u records read, %u lost\n", c->label,
                   (unsigned)c->seen, (unsigned)c->lost);
    }
}

static void load_module(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        printf("init: %s: %s\n", path, strerror(errno));
        return;
    }
    if (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST)
        printf("init: finit_module %s: %s\n", path, strerror(errno));
    else
        printf("init: loaded %s\n", path);
    close(fd);
}

/* Waits on the doorbells: a key press per notify, in read(); prints the
 * newest record of the channel after each. */
static pid_t start_doorbell_child(void)
{
    unsigned with_code = 0;
    for (unsigned k = 0; k < n_channels; k++)
        with_code += channels[k].code != 0;
    if (!with_code)
        return 0;
    load_module("/lib/modules/evdev.ko");
    struct pollfd fds[8];
    unsigned n = 0;
    for (unsigned i = 0; i < 8; i++) {
        char path[32];
        snprintf(path, sizeof path, "/dev/input/event%u", i);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0)
            fds[n++] = (struct pollfd){.fd = fd, .events = POLLIN};
    }
    if (!n) {
        printf("init: no /dev/input/event*: the doorbells are not waited on\n");
        return 0;
    }
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    unsigned rings[MAX_CHANNELS] = {0};
    for (;;) {
        if (poll(fds, n, -1) < 0)
            continue;
        for (unsigned i = 0; i < n; i++) {
            if (!(fds[i].revents & POLLIN))
                continue;
            struct input_event ev[16];
            ssize_t got = read(fds[i].fd, ev, sizeof ev);
            for (ssize_t e = 0; e < got / (ssize_t)sizeof ev[0]; e++) {
                if (ev[e].type != EV_KEY || ev[e].value != 1)
                    continue;
                for (unsigned k = 0; k < n_channels; k++) {
                    struct channel *c = &channels[k];
                    if (c->code != ev[e].code)
                        continue;
                    uint32_t rec[MAX_RECORD_WORDS], last[MAX_RECORD_WORDS], words = 0, taken = 0;
                    while (taken < 1000 && ring_get(c, rec, &words)) {
                        memcpy(last, rec, sizeof last);
                        taken++;
                    }
                    rings[k]++;
                    if (!taken) {
                        printf("init: doorbell '%s' %u: no new record\n", c->label, rings[k]);
                        continue;
                    }
                    printf("init: doorbell '%s' %u: record %u:", c->label, rings[k],
                           (unsigned)(c->next - 1));
                    for (uint32_t w = 0; w < words; w++)
                        printf(" %d", (int)last[w]);
                    printf("\n");
                }
            }
        }
    }
}

/* The value of `key=` on the kernel command line, or 0. */
static const char *cmdline_value(const char *key, char *out, size_t size)
{
    char line[1024];
    ssize_t n = read_file("/proc/cmdline", line, sizeof line - 1);
    if (n <= 0)
        return 0;
    line[n] = 0;
    size_t klen = strlen(key);
    for (char *p = line; (p = strstr(p, key)); p += klen) {
        if ((p == line || p[-1] == ' ') && p[klen] == '=') {
            size_t i = 0;
            for (p += klen + 1; *p && *p != ' ' && *p != '\n' && i + 1 < size; p++)
                out[i++] = *p;
            out[i] = 0;
            return out;
        }
    }
    return 0;
}

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

static void cpus_online(char *out, size_t size)
{
    ssize_t n = read_file("/sys/devices/system/cpu/online", out, size - 1);
    out[n > 0 ? n : 0] = 0;
    out[strcspn(out, "\n")] = 0;
}

/* The kernel's IPI counts per CPU (/proc/interrupts "IPI<n>:" lines). */
static void print_ipis(void)
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
static void hotplug_cpu1(void)
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

static pid_t start_busy_child(int n)
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
static pid_t start_vfp_child(long seconds)
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

int main(void)
{
    console_setup();
    struct utsname u;
    if (uname(&u) == 0)
        printf("init: Linux %s %s on %s\n", u.release, u.version, u.machine);
    find_channels();

    char action[16] = "", after_s[16] = "";
    cmdline_value("init.action", action, sizeof action);
    long after = cmdline_value("init.after", after_s, sizeof after_s) ? atol(after_s) : 3;

    char online[64] = "", busy_s[16] = "", hotplug_s[16] = "", vfp_s[16];
    cpus_online(online, sizeof online);
    printf("init: cpus online: %s\n", online);
    long hotplug = cmdline_value("init.hotplug", hotplug_s, sizeof hotplug_s) ? atol(hotplug_s)
                                                                            : 0;
    if (cmdline_value("init.vfp", vfp_s, sizeof vfp_s))
        printf("init: vfp child %d started\n", (int)start_vfp_child(atol(vfp_s)));
    pid_t bell = start_doorbell_child();
    if (bell > 0)
        printf("init: doorbell child %d started\n", (int)bell);
    long children = cmdline_value("init.busy", busy_s, sizeof busy_s) ? atol(busy_s) : 1;
    if (children < 1 || children > 8)
        children = 1;
    for (int c = 0; c < children; c++) {
        pid_t busy = start_busy_child(c);
        printf("init: busy child %d started\n", (int)busy);
    }
    for (long second = 1;; second++) {
        struct timespec ts = {1, 0};
        nanosleep(&ts, 0);
        drain_channels(0);
        printf("init: %ld s\n", second);
        if (hotplug && second == hotplug)
            hotplug_cpu1();
        if (action[0] && second >= after) {
            print_ipis();
            printf("init: %s\n", action);
            sync();
            if (strcmp(action, "poweroff") == 0)
                reboot(RB_POWER_OFF);
            else if (strcmp(action, "reboot") == 0)
                reboot(RB_AUTOBOOT);
            else if (strcmp(action, "panic") == 0)
                return 1;               /* init exits: the kernel panics */
            action[0] = 0;
        }
    }
}
