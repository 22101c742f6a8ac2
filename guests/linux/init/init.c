/*
 * /init of the Linux guest's initramfs (static, armhf, Debian's
 * gcc-arm-linux-gnueabihf): prints the kernel version, reads what the SRT
 * guest `sensor` writes into its channel (found in the device tree, outside
 * Linux's memory, mapped through /dev/mem), and keeps the CPU busy.
 *
 * The kernel command line may ask for an ending, for the tests:
 *   linuxtest=poweroff   power off after the first sensor records (PSCI SYSTEM_OFF)
 *   linuxtest=reboot     reboot likewise (PSCI SYSTEM_RESET)
 *   linuxtest=panic      exit: the kernel panics and, with panic=-1, resets
 */
#include <errno.h>
#include <fcntl.h>
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

#include "../../lib/ring.c"   /* the channel ring of the Secure guests, shared code */

#define CHANNEL_DT "/sys/firmware/devicetree/base/channels/sensor_data/reg"

struct sample {
    uint32_t job;
    int32_t value;
};

static void setup(void)
{
    mkdir("/proc", 0755);
    mkdir("/sys", 0755);
    mkdir("/dev", 0755);
    mount("proc", "/proc", "proc", 0, 0);
    mount("sysfs", "/sys", "sysfs", 0, 0);
    mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
    int fd = open("/dev/console", O_RDWR);
    if (fd >= 0) {
        dup2(fd, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        if (fd > 2)
            close(fd);
    }
    setvbuf(stdout, 0, _IOLBF, 0);
}

static void ending(char *out, size_t n)
{
    out[0] = 0;
    FILE *f = fopen("/proc/cmdline", "r");
    char line[1024] = "";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        fclose(f);
    }
    char *p = strstr(line, "linuxtest=");
    if (p) {
        p += strlen("linuxtest=");
        size_t k = strcspn(p, " \n");
        if (k >= n)
            k = n - 1;
        memcpy(out, p, k);
        out[k] = 0;
    }
}

static const struct ring_header *map_channel(uint32_t *pa_out)
{
    unsigned char cells[8];
    int fd = open(CHANNEL_DT, O_RDONLY);
    if (fd < 0 || read(fd, cells, 8) != 8) {
        printf("init: no channel in the device tree (%s)\n", strerror(errno));
        return 0;
    }
    close(fd);
    uint32_t pa = (uint32_t)cells[0] << 24 | cells[1] << 16 | cells[2] << 8 | cells[3];
    uint32_t size = (uint32_t)cells[4] << 24 | cells[5] << 16 | cells[6] << 8 | cells[7];
    int mem = open("/dev/mem", O_RDONLY | O_SYNC);
    if (mem < 0) {
        printf("init: /dev/mem: %s\n", strerror(errno));
        return 0;
    }
    void *p = mmap(0, size, PROT_READ, MAP_SHARED, mem, pa);
    if (p == MAP_FAILED) {
        printf("init: mmap of channel 0x%08x: %s\n", (unsigned)pa, strerror(errno));
        return 0;
    }
    *pa_out = pa;
    return p;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    setup();
    struct utsname u;
    uname(&u);
    printf("init: Linux %s %s on %s, in the Non-secure world\n", u.release, u.version, u.machine);
    char end[32];
    ending(end, sizeof end);

    uint32_t pa = 0;
    const struct ring_header *ring = map_channel(&pa);
    struct ring_reader rd;
    if (ring) {
        ring_reader_init(&rd, ring);
        printf("init: channel sensor_data at 0x%08x through /dev/mem\n", (unsigned)pa);
    }
    unsigned long records = 0, spins = 0, rounds = 0;
    double last = now();
    volatile unsigned long sink = 0;
    for (;;) {
        for (unsigned i = 0; i < 100000; i++)   /* a CPU-bound workload */
            sink += i * i;
        spins++;
        struct sample s;
        while (ring && ring_get(&rd, &s)) {
            records++;
            if (records == 1 || records % 50 == 0)
                printf("init: sensor job %u value %d (%lu records, %u lost)\n",
                       (unsigned)s.job, (int)s.value, records, (unsigned)rd.lost);
        }
        double t = now();
        if (t - last >= 1.0) {
            rounds++;
            printf("init: busy, %lu rounds of work, %lu sensor records\n", spins, records);
            last = t;
        }
        if (end[0] && records >= 5) {
            printf("init: test ending '%s'\n", end);
            fflush(stdout);
            sync();
            if (!strcmp(end, "poweroff"))
                reboot(RB_POWER_OFF);
            if (!strcmp(end, "reboot"))
                reboot(RB_AUTOBOOT);
            return 1;                      /* panic: "Attempted to kill init" */
        }
    }
}
