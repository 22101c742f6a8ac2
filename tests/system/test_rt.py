"""QEMU scenarios of real-time CPU and interrupt virtualization (EDF with
budgets, deadline misses, virtual interrupts, HRT isolation)."""
from __future__ import annotations

import re
import subprocess

from qemu import ROOT, boot, build, variant_lock

# Timing scenarios run under instruction counting: virtual time advances
# with the instructions executed (8 ns each: a 125 MHz CPU, so a virtual
# second costs a few host seconds) and, with sleep=off, jumps straight to
# the next timer when every CPU waits. The schedule is then a property of
# the images, not of the host's load. (The TTC scenario runs without it:
# QEMU's TTC model can hang under -icount, shared/QEMU-ZYNQ.md section 4.)
ICOUNT = ["-icount", "shift=3,sleep=off"]


def counters(run, prefix: str) -> list[tuple[int, int, int]]:
    """(jobs, misses, overruns) from every counter line of one guest."""
    pat = re.compile(rf"^\[{prefix}\] \w+: (\d+) jobs, (\d+) misses, (\d+) overruns$", re.M)
    return [tuple(int(x) for x in m.groups()) for m in pat.finditer(run.output)]


def edf_meets_every_deadline(variant: str, overlay: str | None = None) -> None:
    """edf.yaml (with `overlay` merged on): both SRT guests meet every
    deadline beside the NRT one, and HC_SET_RT admits system.yaml's
    parameters only (test_release.py runs it with leads)."""
    elf = build("tests/system/edf.yaml", variant, overlay)
    run = boot(elf, timeout=90, extra=ICOUNT, until=[
        r"^\[srt_a\] periodic: 300 jobs,",
        r"^\[srt_b\] periodic: 200 jobs,",
        r"^\[nrt_c\] spinner: progress 4,",
    ])
    assert not run.timed_out, run.output
    a, b = counters(run, "srt_a"), counters(run, "srt_b")
    assert a and a[-1][0] >= 300 and b and b[-1][0] >= 200, run.output
    assert all(m == 0 and o == 0 for _, m, o in a + b), run.output
    # Set-realtime-info within system.yaml's bounds only.
    assert run.output.count("periodic: set_rt beyond the bound -> -22, as configured -> 0") == 2


def test_edf_two_srt_and_nrt_meet_every_deadline():
    edf_meets_every_deadline("test-edf")


def test_overrunning_srt_is_throttled_and_the_other_meets_deadlines():
    elf = build("tests/system/overrun.yaml", "test-overrun")
    run = boot(elf, timeout=90, extra=ICOUNT, until=[r"^\[srt_b\] periodic: 200 jobs,"])
    assert not run.timed_out, run.output
    b = counters(run, "srt_b")
    assert all(m == 0 and o == 0 for _, m, o in b), run.output
    r = counters(run, "runaway")
    assert r, run.output
    jobs, misses, overruns = r[-1]
    # Every finished job of the runaway guest ended at its budget.
    assert jobs >= 50 and overruns >= jobs - 2 and misses == 0, run.output


def test_deadline_miss_handler_gets_every_miss():
    elf = build("tests/system/miss.yaml", "test-miss")
    run = boot(elf, timeout=90, extra=ICOUNT)
    assert run.exit_code == 0, run.output
    m = re.search(r"^\[late\] late: (\d+) misses handled, monitor counts (\d+), 0 wrong$",
                  run.output, re.M)
    assert m and int(m.group(1)) == 50, run.output
    m = re.search(r"^\[monitor\] stats 'late': running, jobs \d+, misses \d+, overruns 0, "
                  r"faults 0, tlb locks (\d+)$", run.output, re.M)
    # The SRT guest's sections were locked into the TLB at its dispatches (the
    # path runs; QEMU ignores lockdown, so the effect is real hardware's).
    assert m and int(m.group(1)) >= 50, run.output


def test_interrupts_for_a_waiting_guest_arrive_at_its_dispatch_in_order():
    elf = build("tests/system/virq.yaml", "test-virq")
    run = boot(elf, timeout=90)
    assert run.exit_code == 0, run.output
    assert "[irqs] irqs: round 20 delivered 4: 42 43 44 96" in run.output
    assert "[irqs] irqs: 0 rounds wrong" in run.output


def motor_seconds(run) -> list[tuple[int, int, int, int]]:
    return [tuple(int(x) for x in m) for m in re.findall(
        r"^\[motor\] motor: (\d+) ticks, (\d+) s, interval (\d+)\.\.(\d+) us$",
        run.output, re.M)]


def test_hrt_timer_alone_is_exact():
    elf = build("tests/system/hrt_alone.yaml", "test-hrt-alone")
    run = boot(elf, timeout=90, extra=ICOUNT, until=[r"^\[motor\] motor: 3000 ticks, 3 s,"])
    assert not run.timed_out, run.output
    lines = motor_seconds(run)[:3]
    assert [(t, s) for t, s, _, _ in lines] == [(1000, 1), (2000, 2), (3000, 3)], run.output
    # 1000 us to within a few microseconds: core 0 only prints motor's lines
    # (the console's SGI and UART interrupts), which under -icount takes
    # turns with core 1 on QEMU's one host thread.
    assert all(995 <= lo <= 1000 <= hi <= 1005 for _, _, lo, hi in lines), run.output


def test_hrt_timer_keeps_its_period_while_core0_is_overloaded():
    elf = build("tests/system/hrt.yaml", "test-hrt")
    run = boot(elf, timeout=90, extra=ICOUNT, until=[r"^\[motor\] motor: 5000 ticks, 5 s,"])
    assert not run.timed_out, run.output
    lines = motor_seconds(run)
    assert len(lines) >= 5, run.output
    assert any(l.startswith("[nrt_c] spinner: progress") for l in run.output.splitlines())
    for ticks, secs, lo, hi in lines:
        # Not one tick lost or added: the period holds.
        assert ticks == 1000 * secs
        # Each interval stays near 1 ms. The spread is QEMU's: under
        # -icount it runs both emulated CPUs in turns on one host thread, each
        # turn at most half the time to the next timer deadline
        # (icount_percpu_budget: limit / number of CPUs), so core 0's
        # execution can hold back core 1's interrupt by up to half a period,
        # depending on the phase of core 0's work (alone, the same guest
        # ticks every 1000 us exactly: the test above); on hardware the cores
        # run in parallel.
        assert 500 < lo <= 1000 <= hi < 1500, run.output


def test_make_run_says_what_its_timing_means_and_motor_ticks_within_the_monitor_bound():
    # Issue 12: the demo's HRT figure is the monitor's, not QEMU's turn-taking
    # of the two emulated cores (guests/motor/main.c: before, 575..1424 us).
    from bench import PATH_BOUND      # the monitor's stated bound on one masked path
    with variant_lock(["default"]):    # test_boot.py builds the same variant
        proc = subprocess.run(["make", "--no-print-directory", "run", "VARIANT=default",
                               "RUN_SECONDS=12"], cwd=ROOT, capture_output=True, text=True,
                              timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    line = next(l for l in out.splitlines() if l.startswith("[make run] timing: "))
    for words in ("virtual time", "8 ns per instruction", "not the host's load",
                  "no monitor instruction on its interrupt path", f"<= {PATH_BOUND} instructions",
                  "make bench", "make trace"):
        assert words in line, line
    lines = [tuple(int(x) for x in m) for m in re.findall(
        r"^\[motor\] motor: (\d+) ticks, (\d+) s, interval (\d+)\.\.(\d+) us$", out, re.M)]
    assert len(lines) >= 2, out
    # On core 1 only motor's own calls run monitor code: one path of at most
    # PATH_BOUND instructions (8 ns each here) with interrupts masked can
    # hold a tick back; nothing else may move it. 1 us: the printed figures
    # are truncated to whole microseconds.
    slack = PATH_BOUND * 8 // 1000 + 1
    for ticks, secs, lo, hi in lines:
        assert ticks == 1000 * secs, out
        assert 1000 - slack <= lo <= 1000 <= hi <= 1000 + slack, out


def test_overloaded_core_is_refused_at_build_time(tmp_path):
    system = tmp_path / "system.yaml"
    system.write_text((ROOT / "tests/system/edf.yaml").read_text().replace(
        "budget: 6ms, deadline: 15ms", "budget: 13ms, deadline: 15ms"))
    proc = subprocess.run(["make", "--no-print-directory", "image", f"SYSTEM={system}",
                           "VARIANT=test-overload"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode != 0
    assert re.search(rf"^{re.escape(str(system))}:\d+:\d+: error", proc.stderr, re.M), proc.stderr
    assert "srt_a" in proc.stderr and "srt_b" in proc.stderr, proc.stderr
    assert not (ROOT / "build/test-overload/gen").exists()
