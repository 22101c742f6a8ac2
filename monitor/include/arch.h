/*
 * The porting interface the monitor's core uses to reach the CPU
 * architecture (implemented in monitor/arch/armv7-a/). Core code calls only
 * these and the plat_* functions of plat.h.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdint.h>

/* Registers of an interrupted User-mode (or, for SMC, PL1) context, in the
 * order the exception entry code stores them (vectors.S). */
struct trap_frame {
    uint32_t r[13];
    uint32_t sp_usr;
    uint32_t lr_usr;
    uint32_t pc;      /* where the context resumes */
    uint32_t cpsr;    /* the context's CPSR (the exception's SPSR) */
};
_Static_assert(sizeof(struct trap_frame) == 17 * 4, "arch_frame_copy copies 17 words");

enum trap_kind {
    TRAP_UNDEF    = 1,
    TRAP_SVC      = 2,
    TRAP_PABT     = 3,
    TRAP_DABT     = 4,
    TRAP_IRQ      = 6,
    TRAP_FIQ      = 7,
    TRAP_SMC      = 8,   /* Monitor mode: hypercall of the core's HRT guest */
};

#define PSR_MODE_MASK  0x1fu
#define PSR_MODE_USR   0x10u
#define PSR_T          (1u << 5)
#define PSR_F          (1u << 6)
#define PSR_I          (1u << 7)
#define PSR_A          (1u << 8)

/* Fault information latched by the last abort. */
struct fault_info {
    uint32_t status;   /* DFSR or IFSR */
    uint32_t address;  /* DFAR or IFAR */
};

unsigned arch_cpu_id(void);
void arch_cpu_init(void);                   /* vectors, caches, PMU */
void arch_mmu_enable(const uint32_t *l1, uint32_t dacr);
void arch_mmu_switch(const uint32_t *l1, uint32_t asid, uint32_t dacr);
void arch_pmu_user_access(int enable);
void arch_user_debug_lockout(void);         /* no debug comms channel from User mode */

/* Guest switch on a shared core: installs the incoming vCPU's User-visible
 * thread ID registers (TPIDRURW = `tpidrurw`, TPIDRURO = `tpidruro`),
 * clears the exclusive monitor and returns the outgoing TPIDRURW. */
uint32_t arch_user_state_switch(uint32_t tpidrurw, uint32_t tpidruro);

/* Takes an asynchronous abort that is pending while the monitor runs with
 * CPSR.A set (ISR.A): returns 1 if one was pending (it is then consumed,
 * with its DFSR in *fsr), 0 if none. */
int arch_async_abort_take(uint32_t *fsr);

/* Device accesses the monitor makes for a guest, listed in the exception
 * fixup table (abort.h, arch/armv7-a/extable.S): 0 = done, 1 = the access
 * aborted (a bus error, or an unmapped address) and did nothing. */
int arch_io_read8(uint32_t addr, uint32_t *value);
int arch_io_read16(uint32_t addr, uint32_t *value);
int arch_io_read32(uint32_t addr, uint32_t *value);
int arch_io_write8(uint32_t addr, uint32_t value);
int arch_io_write16(uint32_t addr, uint32_t value);
int arch_io_write32(uint32_t addr, uint32_t value);
void arch_fault_info(enum trap_kind kind, struct fault_info *out);
void arch_wait_for_interrupt(void);
void arch_send_event(void);
void arch_memory_barrier(void);
int arch_unaligned_ok(void);                /* word accesses may be unaligned (Normal memory, MMU on) */
void arch_data_sync_barrier(void);   /* DSB: every earlier access complete */

/* Code the monitor wrote into guest memory (restart.c): clean [va, va+len)
 * to the point of unification, then make the instruction side see it. */
void arch_clean_dcache_range(uint32_t va, uint32_t len);
void arch_sync_icache(void);
/* Block stores (restart.c): len a multiple of 32 bytes, 4-byte aligned
 * addresses, [va, va + len) not wrapping. */
void arch_zero_block(uint32_t va, uint32_t len);
void arch_copy_block(uint32_t va, const void *src, uint32_t len);

/* Invalidates this core's TLB (not broadcast), e.g. the global entries of
 * the monitor's table before a core gives itself to its HRT guest's. */
void arch_tlb_invalidate_local(void);

/* Enters a PL1 guest (the HRT guest) at `entry` in SVC mode with IRQ and
 * FIQ masked; never returns. Called on the guest's table with the monitor's
 * domain still granted; sets MVBAR to `smc_vectors`, the guest's alias of
 * the smc page (vectors.S), whose last instructions deny domain 0. */
__attribute__((noreturn)) void arch_enter_pl1(uint32_t entry, uint32_t sp, uint32_t smc_vectors);

/* Copies a saved context (17 words). */
void arch_frame_copy(struct trap_frame *dst, const struct trap_frame *src);

/* Resumes the context in `f` (the first dispatch of a shared core); the
 * frame's place on the stack becomes the core's trap frame. */
__attribute__((noreturn)) void arch_enter_user(struct trap_frame *f);

/* Non-secure guests (nscpu.c): clean and invalidate the L1 data cache. */
void arch_dcache_clean_inv_all(void);
void arch_fiq_mask(void);
/* Board bring-up (cache.c, docs/monitor.md "Hardware steps"). */
/* The physical address of `va` in the current table (PL1 read), or ~0u. */
uint32_t arch_va_to_pa(const volatile void *va);
/* Cleans [va, va + size) to the point of coherency, through the outer
 * (L2) cache: for an observer that reads behind the caches. */
void arch_clean_to_poc(const volatile void *va, uint32_t size);
/* Before reading [va, va + size) that another observer wrote behind the
 * caches: invalidate it in the outer, then the inner caches. The range must
 * own whole cache lines (ARCH_CACHE_LINE_MAX aligned and sized): dirty
 * data sharing a line would be lost. */
#define ARCH_CACHE_LINE_MAX 32u     /* Cortex-A9 L1 and PL310 lines */
void arch_invalidate_for_read(const volatile void *va, uint32_t size);
/* After writing code at [va, va + size) (a guest image, at boot or at a
 * restart): clean to the point of coherency, invalidate every core's
 * instruction cache and branch predictor. */
void arch_sync_loaded_image(const void *va, uint32_t size);
/* Locks the translation of `va` under `asid` into main-TLB lockdown slot
 * `slot` (0..3) of the calling core; the current table must map it. */
void arch_tlb_lock_entry(uint32_t slot, uint32_t va, uint32_t asid);

/* VFP/NEON registers, for lazy switching (vfp.S; monitor/core/vfp.c). The
 * save and load need FPEXC.EN = 1. */
struct vfp_state;
void arch_vfp_grant(void);                  /* CPACR: cp10/cp11 for PL0/PL1; FPEXC.EN = 0 */
void arch_vfp_save(struct vfp_state *s);
void arch_vfp_load(const struct vfp_state *s);
uint32_t arch_fpexc_read(void);
void arch_fpexc_write(uint32_t v);

/* Ends the emulation through semihosting SYS_EXIT_EXTENDED (test images). */
__attribute__((noreturn)) void arch_semihost_exit(uint32_t status);

#endif
