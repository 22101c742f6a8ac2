/*
 * Proxied I/O wake-up across cores (monitor/core/ioproxy.c, wake.c,
 * sched.c): one client vCPU on core 0, its service on core 1, a pair with
 * ONE slot. The client posts a write (it takes the slot), then reads: the
 * read finds the pair full and waits for a free slot, retries, publishes
 * and waits for the answer. Property: the client always gets its answer,
 * with the right value (no lost wake-up, no stale result); spin reports a
 * blocked system ("invalid end state") or an assertion otherwise.
 *
 * -DOLD_PROTOCOL is the code before the fix: the waiter bit is set after
 * the lock that found the pair full was released, the service writes the
 * vCPU's scheduling state itself (unblock only if BLOCKED, else nothing),
 * and the plain READY store may become visible before the result flag
 * (no barrier between them, ARM ARM A3.8). Spin finds the lost wake-up.
 *
 * The model runs under sequential consistency; the orderings the C gets
 * from release/acquire (wake bits and result) are the program order here,
 * and the reordering the old code allowed is modelled explicitly.
 */
#define READY   0
#define BLOCKED 2

#define W_RESULT 1
#define W_SLOT   2

bit lock;                  /* the pair's spinlock */
bit slot_used, slot_fetched, slot_is_read;
byte slot_value;           /* request payload: a write's value or a read's tag */
bit waiter;                /* the client waits for a free slot */
byte ev_state = READY;     /* the client's EDF state (own core only in the fix) */
byte wake;                 /* WAKE_* bits posted for the client */
byte wait_for;             /* own core: what it is blocked on */
byte io_result;            /* the answer */
bit result_pending;        /* old protocol: the result flag */
byte reg;                  /* the client's register */
bit kick;                  /* SGI pending at core 0 */

inline spin_lock()   { atomic { lock == 0 -> lock = 1 } }
inline spin_unlock() { lock = 0 }

/* core 0: one scheduling pass that also takes the posted wake-ups */
inline take_wakeups() {
    atomic {
        if
        :: ev_state == BLOCKED && (wake & wait_for) ->
            if
            :: (wake & wait_for & W_RESULT) -> reg = io_result
            :: else -> skip
            fi;
            wake = wake & ~wait_for;
            wait_for = 0;
            ev_state = READY
        :: else -> skip
        fi
    }
}

/* core 0 waits in its idle loop until the client is READY */
inline wait_ready() {
    do
    :: ev_state == READY -> break
    :: else ->
#ifndef OLD_PROTOCOL
        take_wakeups();
        if
        :: ev_state == READY -> break
        :: else -> skip
        fi;
#endif
        /* WFI: wakes on a pending SGI, which the IRQ path acknowledges */
        atomic { kick == 1 -> kick = 0 }
    od
}

active proctype client_core()
{
    bit pair_full;
    /* 1. a posted write: takes the pair's only slot */
    spin_lock();
    assert(!slot_used);
    slot_used = 1; slot_fetched = 0; slot_is_read = 0; slot_value = 7;
    spin_unlock();

    /* 2. a read: retried until it finds a slot */
retry:
    spin_lock();
    if
    :: slot_used ->
        pair_full = 1;
#ifndef OLD_PROTOCOL
        waiter = 1;            /* under the lock that saw it full */
#endif
    :: else ->
        pair_full = 0;
        slot_used = 1; slot_fetched = 0; slot_is_read = 1; slot_value = 42
    fi;
    spin_unlock();
    if
    :: pair_full ->
#ifdef OLD_PROTOCOL
        spin_lock(); waiter = 1; spin_unlock();   /* too late: a reply may have passed */
#endif
        wait_for = W_SLOT;
        ev_state = BLOCKED;
        wait_ready();
        goto retry
    :: else -> skip
    fi;
    /* published; (the widened window of the QEMU test is here) */
#ifdef OLD_PROTOCOL
    result_pending = 0;
#endif
    wait_for = W_RESULT;
    ev_state = BLOCKED;
    wait_ready();
#ifdef OLD_PROTOCOL
    /* the old dispatch applied the result only if its flag was visible */
    if
    :: result_pending -> reg = io_result; result_pending = 0
    :: else -> skip
    fi;
#endif
    assert(reg == 42 + 1)      /* resumed with the answer, not a stale register */
}

active proctype service_core()
{
    byte value;
    bit is_read, slot_waiter;
    byte served;
    do
    :: served == 2 -> break    /* both requests answered: the service is idle */
    :: else ->
        /* fetch */
        spin_lock();
        if
        :: slot_used && !slot_fetched ->
            slot_fetched = 1; is_read = slot_is_read; value = slot_value;
            spin_unlock()
        :: else ->
            spin_unlock();
            goto next
        fi;
        /* reply */
        served++;
        spin_lock();
        slot_used = 0;
        slot_waiter = waiter;
        waiter = 0;
        spin_unlock();
#ifdef OLD_PROTOCOL
        if
        :: slot_waiter -> atomic { if :: ev_state == BLOCKED -> ev_state = READY :: else -> skip fi }; kick = 1
        :: else -> skip
        fi;
        if
        :: is_read ->
            io_result = value + 1;
            /* no barrier between the flag and the state: either order */
            if
            :: result_pending = 1;
               atomic { if :: ev_state == BLOCKED -> ev_state = READY :: else -> skip fi }
            :: atomic { if :: ev_state == BLOCKED -> ev_state = READY :: else -> skip fi };
               result_pending = 1
            fi;
            kick = 1
        :: else -> skip
        fi;
#else
        if
        :: slot_waiter -> wake = wake | W_SLOT; kick = 1       /* wake_post */
        :: else -> skip
        fi;
        if
        :: is_read -> io_result = value + 1; wake = wake | W_RESULT; kick = 1
        :: else -> skip
        fi;
#endif
next:   skip
    od
}
