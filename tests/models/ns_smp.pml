/*
 * A Non-secure guest on two cores resets (monitor/core/nssmp.c, nsworld.c):
 * PSCI SYSTEM_RESET from either core bumps the guest's request word and
 * kicks both cores; each core applies a request it has not seen before it
 * enters the guest again (core 1: its vCPU goes off, AFFINITY_INFO OFF;
 * core 0: the reload); the reload starts only once core 1 is OFF; the new
 * kernel starts core 1 with CPU_ON, which publishes the request count the
 * new run starts from (ns_seen) before the wake-up (WAKE_CPU_ON).
 * Core 1 may be running the guest or already off (hotplugged) at the reset.
 *
 * Properties: core 1 never executes the guest while core 0 writes the new
 * image (assertion), and core 1 always comes up in the new run (no invalid
 * end state: a vCPU off for ever is one).
 *
 * -DOLD_PROTOCOL: the reload does not wait for core 1 to be off, and
 * CPU_ON does not publish the request count (core 1, off during the reset,
 * then applies the old run's request to the new run and goes off again).
 * Spin finds both.
 *
 * Sequential consistency; the C orders the same steps with release/acquire
 * (ns_aff, ns_req, wake bits). A kicked core that runs the guest takes the
 * kick's FIQ at once (Group 0, SCR.FIQ = 1, CPSR.F cannot be set by it).
 */
byte req;                  /* the guest's request count (all are restarts here) */
byte seen0, seen1;         /* ns_seen of each vCPU */
bit off1;                  /* core 1: its vCPU is off (blocked on CPU_ON) */
bit aff1_off;              /* core 1's ns_aff == OFF */
bit wake1;                 /* WAKE_CPU_ON posted for core 1 */
bit kick0, kick1;          /* the scheduling SGI pending at each core */
bit in_world1;             /* core 1 executes the guest */
bit writing;               /* core 0 copies the new image */
bit requested;             /* one reset in this model */
bit up1;                   /* core 1 runs the new kernel */

inline request() {
    atomic { !requested -> requested = 1; req++; kick0 = 1; kick1 = 1 }
}

active proctype core0() {
    do                                      /* the old kernel runs on core 0 */
    :: request()
    :: kick0 -> kick0 = 0; break            /* FIQ: out of the world, a pass */
    od;
    req != seen0;                           /* ns_smp_apply: NS_ACT_RESTART */
    seen0 = req;
#ifndef OLD_PROTOCOL
    aff1_off;                               /* reload_step: ns_others_off() */
#endif
    writing = 1;
    assert(!in_world1);
    writing = 0;
    /* The new kernel boots and starts core 1 (ns_cpu_on). */
    atomic {
        aff1_off ->
        aff1_off = 0;                       /* OFF -> ON_PENDING (the CAS) */
#ifndef OLD_PROTOCOL
        seen1 = req;                        /* t->ns_seen: the new run's start */
#endif
        wake1 = 1;
        kick1 = 1
    }
}

active proctype core1() {
    if                                      /* at the reset, core 1 ... */
    :: in_world1 = 1                        /* ... runs the old kernel */
    :: off1 = 1; aff1_off = 1               /* ... or is off (CPU_OFF earlier) */
    fi;
    do
    :: in_world1 ->
        if
        :: request()
        :: kick1 -> kick1 = 0; in_world1 = 0    /* FIQ: out, a pass */
        fi
    :: !in_world1 && !off1 ->               /* a pass with its vCPU ready */
        kick1 = 0;
        if
        :: req != seen1 ->                  /* ns_smp_apply: go_off */
            seen1 = req; off1 = 1; aff1_off = 1
        :: else -> in_world1 = 1            /* ns_resume: enter */
        fi
    :: off1 ->                              /* blocked until WAKE_CPU_ON */
        atomic { wake1 -> wake1 = 0; kick1 = 0 };
        if
        :: req != seen1 ->                  /* a request it has not seen: off again */
            seen1 = req; aff1_off = 1
        :: else -> off1 = 0; up1 = 1; break /* NS_ACT_CPU_ON: the new run */
        fi
    od;
    assert(up1 && !writing)
}
