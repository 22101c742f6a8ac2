/*
 * Hypercall ABI shared by the monitor and guests (DESIGN.md section 5).
 *
 * User-mode guests (SRT, NRT) call `svc #0`; the HRT guest, which owns its
 * core's vectors, calls `smc #0` and reaches the monitor's Monitor-mode
 * vectors instead. In both: r0 = call number, r1-r3 = arguments, the result
 * comes back in r0 (negative = error; some calls also return r1, r2). Every
 * other register is preserved.
 */
#ifndef ABI_HYPERCALL_H
#define ABI_HYPERCALL_H

#define HC_NULL            0   /* () -> 0; the cheapest round trip, for benchmarks */
#define HC_CONSOLE_WRITE   1   /* (const char *buf, size_t len) -> bytes taken: at most HC_CONSOLE_WRITE_MAX and one line; call again for the rest */
#define HC_YIELD           2   /* () -> 0; NRT: end of quantum; SRT: same as HC_JOB_DONE */
#define HC_STOP            3   /* (int status) -> does not return; this guest stops */
#define HC_TEST_EXIT       4   /* (int status) -> ends the whole system (test images only) */
#define HC_CORE_ID         5   /* () -> the physical core the caller runs on */
#define HC_TIME            6   /* () -> r0 = time low, r1 = time high (ticks), r2 = ticks per second */
#define HC_JOB_DONE        7   /* () -> 0; this period's job is finished (OVM's "vm exit") */
#define HC_SET_RT          8   /* (period_us, budget_us, deadline_us) -> 0 or HV_EINVAL; from the next release */
#define HC_VTIMER_SET      9   /* (time low, time high) -> 0; one-shot CFG_VIRQ_VTIMER at that time; 0 cancels */
#define HC_VIRQ_REGISTER  10   /* (entry, struct virq_shared *) -> 0; where virtual interrupts are delivered */
#define HC_VIRQ_RETURN    11   /* () -> resumes the context an upcall interrupted */
#define HC_VIRQ_ACK       12   /* (virq) -> 0; a level-triggered device interrupt may fire again */
#define HC_SET_MISS_HANDLER 13 /* (entry) -> 0; upcall on a deadline miss: r0 = missed release (low), r1 = misses */
#define HC_STATS          14   /* () -> r0 = jobs, r1 = deadline misses, r2 = budget overruns of the caller */
#define HC_IO_IN          15   /* (guest address) -> 0, r1 = value: a 32-bit read through the guest's I/O windows */
#define HC_IO_OUT         16   /* (guest address, value) -> 0: a 32-bit write through them */
#define HC_IO_FETCH       17   /* service: (struct io_request *) -> 1 if a request was copied, 0 if none */
#define HC_IO_REPLY       18   /* service: (request id, value) -> 0; completes a proxied access */
#define HC_INFO           19   /* (struct guest_info *, max) -> guests written; only for guests with `info: true` */
#define HC_CHANNEL_NOTIFY 20   /* (channel end index) -> 0; rings the reader's doorbell */
#define HC_HEALTH         21   /* (struct health_entry *, max, first) -> entries ever logged; r1 = the
                                  caller's restarts, r2 = its faults, r3 = entries written. Entries
                                  (oldest kept first) and the count only for guests with
                                  `info: true`; the others pass max = 0 and get 0 */
#define HC_CODE_SYNC      22   /* (va, len <= 4096) -> 0: instructions the caller wrote into its own
                                  memory become visible to its instruction fetches (the monitor cleans
                                  the data cache to PoU and invalidates the instruction cache) */
#define HC_COUNT          23

/* Test images built with `build: test_monitor_faults` only (HV_ENOSYS
 * elsewhere): (op) -> makes the monitor itself fault (monitor/include/testfault.h). */
#define HC_TEST_FAULT     0x100

/* Bench images (`build: {bench: true}`) only, HV_ENOSYS elsewhere: () ->
 * PMCCNTR stamps of the caller's core's world switch (Non-secure guest):
 * r0 = the last FIQ taken at the Monitor vector, r1 = the Secure side's
 * start after it (trap_irq), r2 = the scheduler handing the core to the
 * Non-secure guest before that, r3 = that guest's first instruction. */
#define HC_TEST_NS_STAMPS 0x101

/* HC_CONSOLE_WRITE takes at most this many bytes per call (and completes at
 * most one line): every hypercall does a bounded amount of work. */
#define HC_CONSOLE_WRITE_MAX 24u

/* Error codes (negated errno values, so newlib's errno names apply). */
#define HV_EPERM   (-1)
#define HV_EAGAIN  (-11)   /* try again: the proxied I/O queue is full */
#define HV_EFAULT  (-14)
#define HV_EINVAL  (-22)
#define HV_ENOSYS  (-38)

/*
 * Shared with the monitor, in the guest's own memory (HC_VIRQ_REGISTER).
 * Masking is a plain store: while `masked` is nonzero the monitor queues
 * virtual interrupts instead of delivering them, and sets `pending`; the
 * guest makes any hypercall after unmasking to take them.
 */
struct virq_shared {
    volatile unsigned int masked;
    volatile unsigned int pending;
};

/* A proxied I/O access, as the service guest fetches it (HC_IO_FETCH). */
struct io_request {
    unsigned int id;         /* give it back to HC_IO_REPLY */
    unsigned int client;     /* guest index of the client */
    unsigned int window;     /* index of the client's I/O window */
    unsigned int offset;     /* byte offset in the window */
    unsigned int size;       /* 1, 2 or 4 */
    unsigned int write;      /* 1 = write of `value`, 0 = read */
    unsigned int value;
};

/* One guest's state (HC_INFO). */
#define GUEST_INFO_NAME 16
struct guest_info {
    char name[GUEST_INFO_NAME];
    unsigned char level;     /* 0 HRT, 1 SRT, 2 NRT */
    unsigned char core;
    unsigned char state;     /* 0 ready, 1 stopped */
    unsigned char index;
    unsigned int jobs, misses, overruns, faults;
};

/* One entry of the monitor's health log (HC_HEALTH): a fault of a guest
 * and what its fault policy did about it. */
#define HEALTH_STOPPED     0   /* the guest was stopped */
#define HEALTH_RESTARTED   1   /* the guest is restarted from its image */
#define HEALTH_SYSTEM      2   /* the fault stopped the whole system */
#define HEALTH_LOG_SIZE   32   /* entries the monitor keeps (the newest) */
struct health_entry {
    unsigned int seq;        /* 1, 2, ...: entries ever logged */
    unsigned char guest;     /* guest index */
    unsigned char kind;      /* 1 undefined instruction, 3 prefetch abort, 4 data abort */
    unsigned char action;    /* HEALTH_* */
    unsigned char pad;
    unsigned int fsr;        /* DFSR/IFSR (0 for an undefined instruction) */
    unsigned int address;    /* DFAR/IFAR, or the pc of an undefined instruction */
    unsigned int pc;
    unsigned int time_lo, time_hi;   /* global time of the fault, ticks (HC_TIME's) */
    unsigned int faults;     /* the guest's faults so far, this one included */
    unsigned int restarts;   /* its restarts so far, this one included */
};

#endif
