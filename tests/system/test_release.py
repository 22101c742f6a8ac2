"""Time-triggered SRT releases (schedule.exact_release, monitor/include/release.h):
the job starts a fixed path after its release wherever the release's
interrupt falls, and the lead costs no guest a deadline or its budget."""
from __future__ import annotations

import re

from linux_qemu import assets, boot_linux
from qemu import boot, build
from test_rt import ICOUNT, counters, edf_meets_every_deadline

# The jitter is counted in instructions: 1 instruction = 1 ns (bench.py).
SHIFT0 = ["-icount", "shift=0,sleep=off"]


def jitter(run, guest: str = "bench_jitter") -> tuple[int, int]:
    m = re.search(rf"^\[{guest}\] BENCH jitter (-?\d+) -?\d+ (-?\d+) 250$", run.output, re.M)
    assert m, run.output
    return int(m.group(1)), int(m.group(2))


def test_exact_release_starts_jobs_on_time_beside_a_hypercall_loop():
    # The NRT neighbour makes null hypercalls back to back: without the lead
    # a release waits for the end of the one it falls in (spread 39 at
    # d2c3ef3); with it the spread is the poll loop's, a few instructions.
    elf = build("tests/system/bench_jitter_hcspin.yaml", "bench-jitter-hcspin-exact",
                "tests/system/overlays/exact_release_hcspin.yaml")
    run = boot(elf, timeout=120, extra=SHIFT0)
    lo, hi = jitter(run)
    assert hi - lo <= 20, run.output
    assert "[bench_jitter] jobs 256, deadline misses 0, budget overruns 0" in run.output


def test_exact_release_beside_linux_arms_the_global_comparator():
    # Core 0's private timer is Linux's: the lead is armed on the global
    # timer's comparator (sched.c program_timer), the wait polls the same
    # counter. Busy Linux beside it: the spread stays the poll loop's.
    assets()
    elf = build("tests/system/bench_linux.yaml", "test-release-linux",
                "tests/system/overlays/exact_release_linux.yaml")
    run = boot_linux(elf, timeout=240, extra=SHIFT0,
                     until_monitor=[r"\[bench_jitter\] jobs \d+, deadline misses"])
    m = re.search(r"^\[bench_jitter\] BENCH jitter (-?\d+) -?\d+ (-?\d+) 250$", run.monitor, re.M)
    assert m, run.monitor
    assert int(m.group(2)) - int(m.group(1)) <= 20, run.monitor
    assert re.search(r"^\[bench_jitter\] jobs \d+, deadline misses 0, budget overruns 0$",
                     run.monitor, re.M), run.monitor


def test_exact_release_guests_meet_every_deadline():
    # HC_SET_RT's admission charges the leads and still admits the parameters.
    edf_meets_every_deadline("test-release-edf", "tests/system/overlays/exact_release_edf.yaml")


def test_exact_release_runaway_is_throttled_at_its_budget():
    elf = build("tests/system/overrun.yaml", "test-release-overrun",
                "tests/system/overlays/exact_release_overrun.yaml")
    run = boot(elf, timeout=90, extra=ICOUNT, until=[r"^\[srt_b\] periodic: 200 jobs,"])
    assert not run.timed_out, run.output
    b = counters(run, "srt_b")
    assert all(m == 0 and o == 0 for _, m, o in b), run.output
    jobs, misses, overruns = counters(run, "runaway")[-1]
    assert jobs >= 50 and overruns >= jobs - 2 and misses == 0, run.output
