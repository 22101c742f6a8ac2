/* The pieces of the Linux guest's /init (init.c, channels.c, cpus.c). */
#ifndef LINUX_INIT_H
#define LINUX_INIT_H

#include <stddef.h>
#include <sys/types.h>

/* Reads a whole small file; returns its length or -1 (init.c). */
ssize_t read_file(const char *path, void *buf, size_t size);

/* The inter-guest channels of the device tree (channels.c): found and
 * mapped once, then their new records printed; the doorbell child waits
 * on their interrupts (0 if there is none to wait on). */
void find_channels(void);
void drain_channels(int verbose);
pid_t start_doorbell_child(void);

/* The CPUs (cpus.c): what is online, the kernel's IPI counts, CPU 1 off
 * and on again, and the CPU-bound and VFP-checking children. */
void cpus_online(char *out, size_t size);
void print_ipis(void);
void hotplug_cpu1(void);
pid_t start_busy_child(int n);
pid_t start_vfp_child(long seconds);

#endif
