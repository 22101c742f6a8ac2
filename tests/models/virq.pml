/*
 * The vIRQ queue of one guest with a cross-core kick (monitor/core/virq.c,
 * trap.c, platform/zynq7000/gic.c). Core 1 raises the same vIRQ ID three
 * times and a second ID once; core 0 runs the guest and delivers at each
 * scheduling pass. A raise kicks core 0 only when the ID was not already
 * pending (issue 8). Properties: an ID is delivered only while pending
 * (never duplicated), and when everything has gone quiet nothing is left
 * pending (no vIRQ lost) - spin's `timeout` is that quiescent state.
 *
 * Core 0 also takes a device interrupt of the running guest itself (ID 2,
 * twice; irqfast.c): with the queue's count read as 0 (relaxed, no lock)
 * it enters the handler directly (virq_enter), with no push and no pop;
 * else it is pushed under the lock behind what is queued and delivered by
 * that entry's pass. A push of core 1 that the read does not see comes
 * after it: the same two properties hold, and an ID delivered directly is
 * never also pending in the queue (each ID at most once).
 *
 * -DOLD_PROTOCOL: core 0 has no barrier after acknowledging the SGI (and
 * core 1 none before sending it), so its read of the queue may be
 * satisfied before the acknowledge: it can see the queue as it was before
 * the raise that the SGI announces (ARM ARM A3.8.3), modelled as a read
 * that may return the count before that raise. As a repeated raise of a
 * pending ID sends no kick, nothing brings core 0 back: spin finds the
 * vIRQ stranded in the queue.
 */
#define N 3

bit lock;
bit pending[N];            /* the queue's pending bit per ID */
byte fifo_count;
byte stale;                /* fifo_count before the last raise's push */
byte raised[N], delivered[N];
bit kick;                  /* SGI pending at core 0's CPU interface */
bit raiser_done;

inline spin_lock()   { atomic { lock == 0 -> lock = 1 } }
inline spin_unlock() { lock = 0 }

active proctype raiser()  /* core 1: channel notify, proxied I/O completion */
{
    byte k, id;
    bit queued;
    for (k : 0 .. 3) {
        id = (k == 3 -> 1 : 0);
        spin_lock();
        raised[id]++;
        if
        :: !pending[id] -> pending[id] = 1; stale = fifo_count; fifo_count++; queued = 1
        :: else -> queued = 0           /* merged with the pending one */
        fi;
        spin_unlock();
        if
        :: queued -> kick = 1           /* DSB; GICD_SGIR */
        :: else -> skip
        fi
    }
    raiser_done = 1
}

/* core 0: one delivery pass, popping under the lock (virq_take); the
 * local ID 2 is only ever queued by core 0 itself */
inline deliver(seen) {
    spin_lock();
    byte i;
    for (i : 0 .. N - 1) {
        if
        :: pending[i] && seen > 0 ->
            pending[i] = 0; fifo_count--; delivered[i]++;
            assert(delivered[i] <= raised[i])
        :: else -> skip
        fi
    }
    spin_unlock()
}

active proctype owner()
{
    byte seen, spontaneous, own;
    do
    :: atomic { kick == 1 -> kick = 0 };   /* the IRQ: the IAR read acknowledges it */
#ifdef OLD_PROTOCOL
        if
        :: seen = fifo_count
        :: seen = stale                 /* no DMB: the value before the announced raise */
        fi;
#else
        seen = fifo_count;              /* DMB after the acknowledge, then the queue */
#endif
        deliver(seen)
    :: spontaneous < 2 ->               /* a pass for another reason (timer, hypercall), */
        spontaneous++;                  /* which nothing guarantees: at most twice */
        seen = fifo_count;
        deliver(seen)
    :: own < 2 ->                       /* the running guest's own device interrupt */
        own++;
        if
        :: fifo_count == 0 ->           /* virq_can_enter: nothing queued before it */
            atomic {
                raised[2]++; delivered[2]++;
                assert(!pending[2]);    /* never queued and delivered at once */
                assert(delivered[2] <= raised[2])
            }
        :: else ->                      /* virq_raise, then this entry's pass */
            spin_lock();
            raised[2]++;
            if
            :: !pending[2] -> pending[2] = 1; fifo_count++
            :: else -> skip
            fi;
            spin_unlock();
            seen = fifo_count;
            deliver(seen)
        fi
    :: timeout ->                       /* nothing can happen any more */
        assert(!pending[0] && !pending[1] && !pending[2]);
        break
    od
}
