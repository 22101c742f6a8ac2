/*
 * The boot hand-off of the Zynq-7000 (monitor/core/boot.c, entry.S): core 0
 * releases core 1 from the BootROM's loop through the mailbox, then opens
 * the boot gate core 1 waits at. Core 1 reads both with its MMU off
 * (uncached, not snooped: it is not in SMP mode yet), so it sees only what
 * has reached memory:
 *
 *  - the mailbox is written by core 0 with its MMU off too (Strongly-
 *    ordered): it sits in core 0's write buffer until a DSB completes it;
 *  - the gate is written by core 0 with its caches on: it sits dirty in
 *    core 0's L1 line, then (after a clean by MVA) in the PL310 L2, and
 *    reaches memory only after a clean by PA there. An eviction might write
 *    it back some day; on silicon nothing promises it, so this model has
 *    none (the worst case).
 *
 * Cleans are issued and complete later (memory_system); a DSB (and the
 * PL310's Cache Sync poll) waits for them. WFE sleeps until core 1's event
 * register is set by core 0's SEV, then clears it (ARM ARM B1.8.13).
 *
 * Verified: no invalid end state, i.e. core 1 always passes the gate, and
 * it never passes before core 0 opened it. Each -D of the ones below drops
 * one step of boot.c and must make spin find the hang:
 *   -DNO_CLEAN     no clean of the gate line at all
 *   -DNO_L2_CLEAN  L1 clean but no clean through the L2
 *   -DNO_DSB       SEV without waiting for the cleans
 * tests/system/test_board_model.py runs all four.
 */
#define CLOSED 0
#define OPEN   1
#define ENTRY  1          /* any non-zero start address */

byte mem_mailbox = 0;     /* OCM word */
byte wb_mailbox = 0;      /* core 0's write buffer */
bool wb_pending = false;

byte l1_gate = CLOSED;    /* core 0's L1 line of boot_gate */
byte l2_gate = CLOSED;    /* the PL310's line */
byte mem_gate = CLOSED;   /* DDR */
bool cleaning_l1 = false; /* DCCMVAC issued, not complete */
bool cleaning_l2 = false; /* L2 clean by PA issued, not complete */

bool event1 = false;      /* core 1's event register */
bool opened = false;      /* core 0 has opened the gate (in its view) */
bool passed = false;

inline wfe() {
    atomic { event1 -> event1 = false }
}

active proctype memory_system() {
end:
    do
    :: wb_pending -> atomic { mem_mailbox = wb_mailbox; wb_pending = false }
    :: cleaning_l1 -> atomic { l2_gate = l1_gate; cleaning_l1 = false }
    :: cleaning_l2 -> atomic { mem_gate = l2_gate; cleaning_l2 = false }
    od
}

active proctype core0() {
    /* release_secondaries(): MMU off, Strongly-ordered store, DSB, SEV */
    atomic { wb_mailbox = ENTRY; wb_pending = true };
    (!wb_pending);                          /* DSB */
    event1 = true;                          /* SEV */

    /* ... boot; caches on; then the gate */
    atomic { l1_gate = OPEN; opened = true };
#ifndef NO_CLEAN
    cleaning_l1 = true;                     /* DCCMVAC, by MVA to PoC */
#ifndef NO_DSB
    (!cleaning_l1);                         /* DSB */
#endif
#ifndef NO_L2_CLEAN
    cleaning_l2 = true;                     /* PL310 clean by PA */
#ifndef NO_DSB
    (!cleaning_l2);                         /* Cache Sync poll, DSB */
#endif
#endif
#endif
    event1 = true                           /* SEV */
}

active proctype core1() {
    /* The BootROM: WFE until the mailbox is non-zero, then jump there. */
    do
    :: mem_mailbox != 0 -> break
    :: else -> wfe()
    od;
    /* entry.S: wait at the gate with the MMU off. */
    do
    :: mem_gate == OPEN -> break
    :: else -> wfe()
    od;
    assert(opened);
    passed = true
}
