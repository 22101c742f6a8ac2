"""QEMU scenarios of the fault policies (stop, restart, stop-system), the
health log and on_all_stopped (halt, reset, idle)."""
from __future__ import annotations

import re
import subprocess

from qemu import ROOT, boot, build

ICOUNT = ["-icount", "shift=3,sleep=off"]


def counters(run, prefix: str) -> list[tuple[int, int, int]]:
    pat = re.compile(rf"^\[{prefix}\] \w+: (\d+) jobs, (\d+) misses, (\d+) overruns$", re.M)
    return [tuple(int(x) for x in m.groups()) for m in pat.finditer(run.output)]


def test_restarted_guests_start_pristine_and_the_victim_keeps_every_deadline():
    elf = build("tests/system/restart.yaml", "test-restart")
    run = boot(elf, timeout=150, extra=ICOUNT)
    out = run.output
    assert run.exit_code == 0, out
    for name, limit in (("crash_s", 6), ("crash_n", 12)):
        restarts = re.findall(rf"^\[monitor\] guest '{name}' restarting \((\d+) of {limit}\) "
                              r"at \d+\.\d{6} s: (.*)$", out, re.M)
        assert [int(k) for k, _ in restarts] == list(range(1, limit + 1)), out
        # The kind of each fault follows the instance's restart count.
        kinds = ["data abort, permission fault (section), write of 0x3fc00000",
                 "undefined instruction at pc", "prefetch abort, permission fault (section) "
                 "at 0x3fc00000"]
        for k, what in restarts:
            assert what.startswith(kinds[(int(k) - 1) % 3]), what
        # Every instance, the first included, started pristine, with no
        # vIRQ or virtual timer of the previous one and its channel cleared.
        inst = re.findall(rf"^\[{name}\] restarter: instance (\d+), faults (\d+), (.*)$", out, re.M)
        assert [(int(i), int(f)) for i, f, _ in inst] == [(i, i) for i in range(limit + 1)], out
        assert all(rest == "pristine, channel clear, 0 stale vIRQs" for _, _, rest in inst), out
        # After max_restarts, the next fault stops it.
        assert re.search(rf"^\[monitor\] guest '{name}' stopped: .*\(at \d+\.\d+ s, fault "
                         rf"{limit + 1}, after {limit} restarts\)$", out, re.M), out
        assert f"[{name}] restarter: NOT STOPPED" not in out
    # The half line each instance left was dropped, not glued to the next.
    assert "half a line" not in out
    # The health log: one entry per fault, checked by the guest that reads it.
    assert "[healthlog] healthlog: 20 entries logged, 20 read" in out
    assert "[healthlog] healthlog: 0 wrong" in out
    # The SRT guest beside them missed nothing, while they restarted 18 times.
    v = counters(run, "victim")
    assert len(v) >= 2 and all(m == 0 and o == 0 for _, m, o in v), out
    m = re.search(r"^\[monitor\] stats 'victim': running, jobs (\d+), misses 0, overruns 0,",
                  out, re.M)
    assert m and int(m.group(1)) >= 250, out


def test_all_stopped_halt_ends_the_run():
    elf = build("tests/system/allstop_halt.yaml", "test-allstop-halt")
    run = boot(elf, timeout=60)
    out = run.output
    assert run.exit_code == 0, out
    assert len(re.findall(r"^\[monitor\] guest 'crash_[sn]' stopped: ", out, re.M)) == 2, out
    lines = out.splitlines()
    i = lines.index("[monitor] all guests stopped: system halted")
    assert "[monitor] stats 'crash_s': stopped" in "\n".join(lines[i:]), out


def test_all_stopped_reset_resets_the_board():
    elf = build("tests/system/allstop_reset.yaml", "test-allstop-reset")
    # -no-reboot: QEMU exits when the SLCR's soft reset resets the board.
    run = boot(elf, timeout=60, extra=["-no-reboot"])
    out = run.output
    assert run.exit_code == 0 and not run.timed_out, out
    assert "[monitor] all guests stopped: resetting the system" in out
    assert out.count("partitioning monitor, variant") == 1, out


def test_all_stopped_idle_keeps_the_monitor_up():
    elf = build("tests/system/allstop_idle.yaml", "test-allstop-idle")
    run = boot(elf, timeout=20, until=[r"^\[monitor\] all guests stopped: the monitor stays idle$"])
    assert not run.timed_out, run.output
    # Still running 3 s later (no exit, no reset, no panic).
    run = boot(elf, timeout=8)
    assert run.timed_out and run.exit_code is None, run.output
    assert "[monitor] all guests stopped: the monitor stays idle" in run.output
    assert "PANIC" not in run.output and run.output.count("partitioning monitor") == 1


def test_stop_system_policy_stops_every_guest():
    elf = build("tests/system/stop_system.yaml", "test-stop-system")
    run = boot(elf, timeout=60)
    out = run.output
    assert run.exit_code == 0, out
    assert re.search(r"^\[monitor\] guest 'crash_n' stops the system at \d+\.\d{6} s: data abort, "
                     r"permission fault \(section\), write of 0x3fc00000", out, re.M), out
    assert "[monitor] all guests stopped: system halted" in out
    assert "[monitor] stats 'victim': stopped" in out


def test_make_run_ends_when_every_guest_has_stopped():
    # Not a test image: no exit hypercall; the halt itself ends QEMU.
    proc = subprocess.run(["make", "--no-print-directory", "run", "SYSTEM=tests/system/halt_run.yaml",
                           "VARIANT=test-halt-run", "RUN_SECONDS=60"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    out = proc.stdout.replace("\r\n", "\n")
    assert proc.returncode == 0, out + proc.stderr
    assert "[monitor] all guests stopped: system halted" in out, out
    assert "[make run] stopped after" not in out, out
