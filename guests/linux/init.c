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
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
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

    char online[64] = "", busy_s[16] = "", hotplug_s[16] = "";
    cpus_online(online, sizeof online);
    printf("init: cpus online: %s\n", online);
    long hotplug = cmdline_value("init.hotplug", hotplug_s, sizeof hotplug_s) ? atol(hotplug_s)
                                                                            : 0;
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
