/*
 * /init's channels (init.h): the rings another partition writes, found in
 * the device tree, mapped read-only through /dev/mem and read with the
 * seqlock protocol of guests/lib/ring.c; and the doorbells, interrupts
 * described as gpio-keys buttons and read as key presses through evdev.
 * Everything in the shared memory is hostile: the ring's geometry is
 * checked against the size the device tree gives before any slot is read.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "init.h"

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

void find_channels(void)
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

void drain_channels(int verbose)
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
pid_t start_doorbell_child(void)
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
