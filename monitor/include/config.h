/*
 * The contract between the generator and the monitor.
 *
 * Everything the monitor knows about the board and the guests arrives
 * through `system_config`, a constant table emitted by the generator
 * (templates/config_gen.c.j2) from system.yaml and the platform file.
 * Hand-written monitor code includes only this header for configuration:
 * it contains no board address and no guest property.
 *
 * The generator has already refused every bad configuration, so the monitor
 * never validates these tables beyond the magic word and ABI version.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdint.h>

#define CONFIG_MAGIC        0x4d4f4e31u   /* "MON1" */
#define CONFIG_ABI_VERSION  4u
#define CONFIG_MAX_CORES    2u
#define CONFIG_MAX_GUESTS   15u           /* domains 1..15 (domain 0 is the monitor's) */

/* Real-time level of a guest (DESIGN.md section 1). */
enum cfg_level { LEVEL_HRT = 0, LEVEL_SRT = 1, LEVEL_NRT = 2 };

/* What a core does. */
enum cfg_core_kind {
    CORE_IDLE   = 0,   /* no guest: the core parks in WFI */
    CORE_SHARED = 1,   /* SRT/NRT vCPUs in User mode, scheduled by the monitor */
    CORE_HRT    = 2,   /* one HRT guest at PL1 owns the core */
};

/* irq_owner[] values other than a guest index. */
#define CFG_OWNER_NONE     0xffu
#define CFG_OWNER_MONITOR  0xfeu

/* Virtual interrupt IDs as a guest sees them (0..CFG_VIRQ_COUNT-1).
 * IDs below 96 are the physical interrupt IDs of the guest's passthrough
 * devices; the rest are produced by the monitor. */
#define CFG_VIRQ_COUNT        128u
#define CFG_VIRQ_VTIMER       96u    /* the guest's one-shot virtual timer */
#define CFG_VIRQ_IO_REQUEST   97u    /* service guest: a proxied I/O request is queued */
#define CFG_VIRQ_IO_DONE      98u    /* client guest: a proxied I/O request completed */
#define CFG_VIRQ_VUART_RX     99u    /* input arrived at the guest's virtual UART */
#define CFG_VIRQ_CHANNEL_BASE 100u   /* channel doorbells: 100 + channel index (< 128) */

/* irq_flags[] bits */
#define CFG_IRQ_EDGE   (1u << 0)     /* edge-triggered (else level-sensitive) */

/* cfg_guest.flags */
#define CFG_GUEST_INFO     (1u << 0)   /* may read every guest's state (info hypercall) */
#define CFG_GUEST_SERVICE  (1u << 1)   /* serves proxied I/O of other guests */
/* Hard-float guest (`float: hard`): owns VFP/NEON registers, switched lazily
 * (vfp.c). A bit apart from the others, which other mechanisms extend. */
#define CFG_GUEST_VFP      (1u << 8)

/* cfg_guest.on_fault: what a fault of the guest does (health.c, restart.c). */
enum cfg_fault_policy {
    FAULT_STOP        = 0,   /* the guest stops; the others go on */
    FAULT_RESTART     = 1,   /* the guest restarts from its pristine image (max_restarts times) */
    FAULT_STOP_SYSTEM = 2,   /* every guest stops: system_config.on_all_stopped */
};

/* system_config.on_all_stopped: what the monitor does once every guest has stopped. */
enum cfg_all_stopped {
    ALL_STOPPED_HALT  = 0,   /* final line, WFI for ever (test images: end the emulation) */
    ALL_STOPPED_RESET = 1,   /* soft reset of the board through the SLCR */
    ALL_STOPPED_IDLE  = 2,   /* the monitor stays idle */
};

/* system_config.flags */
#define CFG_FLAG_TEST_HYPERCALLS  (1u << 0)   /* the exit hypercall ends QEMU (test images only) */
#define CFG_FLAG_BENCH            (1u << 1)   /* PMCCNTR readable from User mode (bench images only) */
#define CFG_FLAG_EMULATED         (1u << 2)   /* the platform is QEMU's model (target: qemu): halting ends the emulation */
#define CFG_FLAG_TEST_FAULTS      (1u << 8)   /* HC_TEST_FAULT makes the monitor fault (test images only) */

/* A range of guest virtual addresses backed by the guest's RAM. */
struct cfg_region {
    uint32_t va;
    uint32_t size;
    uint32_t writable;       /* 1 = read/write, 0 = read-only */
};

/* Boot-time load of one contiguous physical run of a guest's first memory
 * region: copy the bytes [offset, offset + size) of the guest's image, as far
 * as the image reaches, to physical address `dst`. The image's length is
 * known only at link time (image_end), so the generator emits one entry per
 * physical run of the region and the monitor clamps to the image. */
struct cfg_copy {
    const uint8_t *image;
    const uint8_t *image_end;
    uint32_t offset;
    uint32_t dst;
    uint32_t size;
};

/* Boot-time clear of a physical range (a guest's whole RAM, before loading). */
struct cfg_zero {
    uint32_t dst;
    uint32_t size;
};

/* One register write; `offset` is relative to the GIC distributor base. */
struct cfg_reg {
    uint32_t offset;
    uint32_t value;
};

/* A window of constant I/O address translation (DESIGN.md section 6),
 * sorted by `guest` within a guest. */
enum cfg_io_kind {
    IO_PHYS  = 0,   /* a physical device: guest address -> `target` physical address */
    IO_VUART = 1,   /* the guest's emulated UART (a device model in the monitor) */
    IO_PROXY = 2,   /* proxied to a service guest (OVM's I/O through a host OS) */
};
#define CFG_IO_READ    (1u << 0)
#define CFG_IO_WRITE   (1u << 1)

struct cfg_io_window {
    uint32_t guest;      /* guest virtual address of the window */
    uint32_t size;       /* bytes */
    uint32_t target;     /* IO_PHYS: physical address of `guest`; else 0 */
    uint8_t kind;        /* enum cfg_io_kind */
    uint8_t perms;       /* CFG_IO_READ | CFG_IO_WRITE */
    uint8_t mapped;      /* 1: page-mapped by the MMU (no trap); the I/O hypercalls still use it */
    uint8_t service;     /* IO_PROXY: index of the service guest; else 0 */

    /* Proxied I/O slots (issue 8). */
    uint8_t pair;        /* IO_PROXY: index in system_config.io_pairs; else 0 */
};

/* Proxied I/O slots (ioproxy.c): the requests of one client to one
 * service take slots of their own pair only, so a client that floods a
 * service that never answers cannot deny an unrelated pair (issue 8).
 * Slots [first_slot, first_slot + n_slots) of the monitor's slot array. */
#define CONFIG_MAX_IO_SLOTS 256u     /* > 15 * 14 pairs: every system fits */
struct cfg_io_pair {
    uint8_t client;      /* guest index */
    uint8_t service;     /* guest index */
    uint16_t first_slot;
    uint16_t n_slots;
};

/* One end of an inter-guest channel, as seen by its guest. */
struct cfg_channel_end {
    uint8_t channel;     /* index in system_config.channels */
    uint8_t peer;        /* guest index of the other end */
    uint8_t writer;      /* 1 if this guest writes, 0 if it reads */
    uint8_t peer_virq;   /* vIRQ raised in the peer by the notify hypercall, or 0 (no doorbell) */
    /* A Non-secure reader (nsworld.c): the SPI the notify sets pending, a
     * Group 1 interrupt of its own (its DTB's doorbell), or 0. */
    uint16_t peer_spi;
};

/* ---- Non-secure guests (world: non-secure; nsworld.c) ----
 * An unmodified OS (Linux) in the TrustZone Non-secure world: it owns its
 * MMU, vectors and Group 1 interrupts; the monitor copies its kernel, DTB
 * and initramfs into its RAM at every (re)start and enters it in NS SVC
 * with r0 = 0, r1 = ~0, r2 = the DTB. */
enum cfg_world { WORLD_SECURE = 0, WORLD_NS = 1 };

/* One blob of the image copied to physical `dst` (word granular). */
struct cfg_ns_load {
    const uint32_t *src;
    const uint32_t *src_end;
    uint32_t dst;
};

struct cfg_ns {
    uint32_t entry;              /* physical address of the kernel's first instruction */
    uint32_t dtb;                /* physical address of its device tree (r2 at entry) */
    const struct cfg_ns_load *load;   /* kernel, DTB, initramfs */
    uint32_t n_load;
    uint32_t uart_txen;          /* Cadence UART whose transmitter the monitor enables, or 0 */
    uint32_t cpus;               /* bit mask of the cores it may run on (PSCI CPU_ON) */
};

struct cfg_guest {
    const char *name;
    const char *prefix;          /* console prefix, e.g. "[sensor] " */
    uint32_t prefix_len;
    uint8_t level;               /* enum cfg_level */
    uint8_t core;
    uint8_t asid;                /* CONTEXTIDR.ASID while the guest runs */
    uint8_t domain;              /* the guest's ARM domain (protection key) */
    uint32_t entry;              /* guest virtual address of the first instruction */
    uint32_t stack_top;          /* initial stack pointer (guest virtual) */
    const uint32_t *l1;          /* 16 KB-aligned L1 translation table (VA == PA in monitor memory) */
    uint32_t dacr;               /* domain access control value while the guest runs */
    const struct cfg_region *ram;
    uint32_t n_ram;
    const struct cfg_zero *zero;
    uint32_t n_zero;
    const struct cfg_copy *load;
    uint32_t n_load;

    /* Scheduling (SRT: EDF; all in private-timer ticks; 0 for HRT/NRT). */
    uint32_t period;
    uint32_t budget;
    uint32_t deadline;           /* relative, <= period */
    uint32_t min_period;         /* bounds for the set-realtime-info hypercall */
    uint32_t max_budget;
    uint32_t release_lead;       /* SRT `exact_release`: the one-shot fires this early (release.h); 0: at the release */
    uint32_t flags;              /* CFG_GUEST_* */

    /* SRT: virtual addresses of its 1 MB sections, locked into the TLB at
     * dispatch (Cortex-A9: at most 4 lockable main-TLB entries per core). */
    const uint32_t *tlb_lock;
    uint32_t n_tlb_lock;

    /* Constant I/O address translation, emulated and proxied devices. */
    const struct cfg_io_window *io;
    uint32_t n_io;

    const struct cfg_channel_end *channels;
    uint32_t n_channels;

    /* Proxied I/O: the client/service pairs this guest serves (indices in
     * system_config.io_pairs), searched by the fetch and reply hypercalls. */
    const uint8_t *io_served;
    uint32_t n_io_served;

    /* Fault policy (restart.c). A restart zeroes `restart_clear` (guest
     * virtual ranges: every RAM region, and the channels the guest writes),
     * then copies the image per `load` to ram[0].va + offset. */
    uint8_t on_fault;                 /* enum cfg_fault_policy */
    uint32_t max_restarts;            /* FAULT_RESTART: restarts before a fault stops it */
    const struct cfg_region *restart_clear;
    uint32_t n_restart_clear;

    /* Non-secure guests: WORLD_NS and what it boots (else WORLD_SECURE, 0). */
    uint8_t world;               /* enum cfg_world */
    const struct cfg_ns *ns;

    /* Board bring-up (tlb.c): the first of its core's lockable main-TLB
     * slots; tlb_lock[i] is locked once, at boot, in slot tlb_slot + i. */
    uint8_t tlb_slot;

    /* HRT only (0 otherwise): the monitor on its core (vectors.S smc_entry).
     * Its DACR denies domain 0, the monitor's; the smc entry grants it. */
    uint32_t smc_vectors;        /* MVBAR on its core: the smc page's read-only alias */
    uint32_t smc_dacr;           /* DACR while the monitor runs there: dacr + domain 0 client */
};

/* cfg_core.sched_timer: where a shared core takes its scheduling events. */
enum cfg_sched_timer {
    SCHED_TIMER_PRIVATE = 0,     /* the core's private timer (PPI ptimer_irq) */
    SCHED_TIMER_GLOBAL  = 1,     /* the global timer's banked comparator (PPI gtimer_irq):
                                  * the private timer belongs to the core's NS guest */
};

struct cfg_core {
    uint8_t kind;                /* enum cfg_core_kind */
    uint8_t n_vcpus;
    const uint8_t *vcpus;        /* guest indices, in scheduling order */
    uint32_t quantum_ticks;      /* NRT round-robin quantum, private timer ticks */
    const struct cfg_reg *gic_banked;   /* SGI/PPI distributor state, written by this core */
    uint32_t n_gic_banked;

    /* A core that hosts a Non-secure guest (its Group 0 comes as FIQ). */
    uint8_t ns_guest;            /* guest index, or CFG_OWNER_NONE */
    uint8_t sched_timer;         /* enum cfg_sched_timer */
};

struct cfg_channel {
    const char *name;
    uint8_t writer;              /* guest index */
    uint8_t reader;              /* guest index */
    uint8_t doorbell;            /* 1: the writer's notify raises a vIRQ in the reader */
    uint32_t size;
};

/* ---- TrustZone partition (generator/trustzone.py; platform/zynq7000/tz.c) ----
 * The registers that keep the Non-secure world out of the Secure side
 * (UG585 appendix B, the SLCR's TZ_* and the interconnect's security
 * registers; the SCU's SAC and SNSAC), each with its computed value. Core 0
 * writes them at boot, before any core enters the Non-secure world, and
 * reads back the readable ones. Emitted only for a system with a
 * Non-secure guest. */
#define CFG_TZ_SLCR      (1u << 0)   /* in the SLCR: written between its unlock and lock */
#define CFG_TZ_READBACK  (1u << 1)   /* readable: the monitor checks the value stuck */

struct cfg_tz_reg {
    const char *name;            /* for the boot line and a panic */
    uint32_t addr;               /* physical (core 0 writes them with its MMU off) */
    uint32_t value;
    uint32_t flags;              /* CFG_TZ_* */
};

struct cfg_trustzone {
    const struct cfg_tz_reg *regs;
    uint32_t n_regs;
};

struct system_config {
    uint32_t magic;              /* CONFIG_MAGIC */
    uint32_t abi_version;        /* CONFIG_ABI_VERSION */
    const char *variant;         /* build/<variant>/ */
    const char *config_hash;     /* hash of the normalised configuration (printed at boot) */
    uint32_t flags;              /* CFG_FLAG_* */

    uint32_t n_cores;
    const struct cfg_core *cores;
    uint32_t n_guests;
    const struct cfg_guest *guests;

    /* Interrupt routing map: for each interrupt ID, the guest index that
     * owns it, CFG_OWNER_MONITOR or CFG_OWNER_NONE. SGIs/PPIs (0..31) are
     * banked: irq_owner_ppi[core][id]. */
    uint32_t n_irq_lines;
    const uint8_t *irq_owner;                       /* [n_irq_lines] for IDs >= 32 (index = id) */
    const uint8_t *irq_flags;                       /* [n_irq_lines] CFG_IRQ_* */
    const uint8_t (*irq_owner_ppi)[32];             /* [n_cores][32] */

    /* Distributor initialisation derived from the routing map (shared
     * registers, written once by core 0 with the distributor disabled). */
    const struct cfg_reg *gicd_init;
    uint32_t n_gicd_init;

    /* The monitor's own translation table (boot, idle cores) and DACR. */
    const uint32_t *monitor_l1;
    uint32_t monitor_dacr;

    /* Board addresses the monitor drives, all identity-mapped and
     * privileged-only in every table. */
    uint32_t console_uart;       /* Cadence UART (UG585 ch. 19) owned by the monitor */
    uint32_t gicd_base;          /* GIC distributor */
    uint32_t gicc_base;          /* GIC CPU interface (banked per core) */
    uint32_t ptimer_base;        /* private timer (banked per core) */
    uint32_t ptimer_irq;         /* its PPI */
    uint32_t ptimer_hz;          /* its input clock */
    uint32_t gtimer_base;        /* global timer: the monitor's monotonic time, same clock */
    uint32_t console_irq;        /* RX interrupt of the console UART (virtual UART input) */
    uint8_t console_input;       /* guest index that receives console input, or CFG_OWNER_NONE */

    /* Inter-guest channels: shared memory mapped into both ends. */
    uint32_t n_channels;
    const struct cfg_channel *channels;

    /* Proxied I/O slots per client/service pair (struct cfg_io_pair). */
    uint32_t n_io_pairs;
    const struct cfg_io_pair *io_pairs;

    /* Test images only (build: test_proxy_delay): busy-wait iterations
     * between publishing a proxied read and blocking its client, to widen
     * the window of the lost wake-up (tests/system/test_xcore.py); 0 = none. */
    uint32_t test_proxy_delay;

    /* The global timer's comparator interrupt (PPI), the scheduling event of
     * a core whose private timer belongs to a Non-secure guest. */
    uint32_t gtimer_irq;

    /* Board bring-up (boot.c, cache.c, l2c.c; docs/boards.md). */
    uint32_t secondary_mailbox;  /* word the BootROM's CPU 1 loop polls (UG585 6.1.10), or 0 */
    uint32_t core_start_timeout; /* global-timer ticks core 0 waits for the other cores */
    uint8_t missing_core_halt;   /* 1: a core that does not come up stops the system */
    uint32_t scu_base;           /* Snoop Control Unit (MPCore TRM 2.2) */
    uint32_t l2cc_base;          /* PL310 L2 cache controller, or 0: none */
    uint32_t slcr_base;          /* system-level control registers (UG585 4.3), or 0 */

    /* When every guest has stopped (health.c; a reset uses slcr_base). */
    uint8_t on_all_stopped;      /* enum cfg_all_stopped */

    /* Admission counts the monitor (issue 8), from the platform file: what
     * one SRT job costs the monitor (release + 2 switches + interrupt, as
     * `make bench` measured it), and the shortest period and budget
     * HC_SET_RT accepts, all in private-timer ticks (rounded up). */
    uint32_t job_overhead_ticks;
    uint32_t min_period_ticks;
    uint32_t min_budget_ticks;

    /* The TrustZone partition (struct cfg_trustzone), or 0: nothing runs
     * Non-secure, nothing is written. */
    const struct cfg_trustzone *trustzone;
};

extern const struct system_config system_config;

#endif /* CONFIG_H */
