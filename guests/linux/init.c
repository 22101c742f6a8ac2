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
 *
 * init.c: the console, the command line and the main loop; channels.c:
 * the channels and their doorbells; cpus.c: the CPUs and the children.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "init.h"

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
ssize_t read_file(const char *path, void *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size);
    close(fd);
    return n;
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
