"""QEMU system tests: boot scenario images and read console and exit status."""
from __future__ import annotations

import re

import pytest

from qemu import boot, build
from test_rt import ICOUNT    # deterministic: the guests' interleaving must not follow host load


@pytest.fixture(scope="module")
def default_image():
    return build("system.yaml", "default")


def test_default_system_runs_every_guest_on_its_core(default_image):
    run = boot(default_image, timeout=40, until=[
        r"^\[motor\] motor: 2000 ticks, 2 s, interval \d+\.\.\d+ us$",
        r"^\[sensor\] sensor: job 400,",
        r"^\[logger\] logger: \d+ primes found",
    ])
    assert not run.timed_out, run.output
    out = run.output
    assert "[monitor] core 1: starting HRT guest 'motor' at PL1" in out
    assert "[motor] motor: HRT control loop on core 1 at PL1, 1 kHz timer" in out
    assert "[sensor] sensor: SRT task on core 0 in User mode" in out
    assert "[logger] logger: NRT worker on core 0 in User mode" in out
    # Every line is whole and carries a known prefix.
    for line in out.splitlines():
        if line.strip():
            assert re.match(r"^\[(monitor|motor|sensor|logger)\] ", line), line


def test_faulting_guests_are_stopped_and_the_rest_go_on():
    elf = build("tests/system/isolation.yaml", "test-isolation")
    run = boot(elf, timeout=60, extra=ICOUNT)
    out = run.output
    assert run.exit_code == 0, out
    assert ("[monitor] guest 'spy' stopped: data abort, translation fault (section), "
            "read of 0x01000000") in out
    assert ("[monitor] guest 'vandal' stopped: data abort, permission fault (section), "
            "write of 0x3fc00000") in out
    assert "LEAKED" not in out and "CORRUPTED" not in out
    # The others kept running after both faults.
    lines = out.splitlines()
    last_fault = max(i for i, l in enumerate(lines) if "stopped: data abort" in l)
    after = lines[last_fault:]
    assert any(l.startswith("[ticker] ticker: tick ") for l in after)
    assert "[ticker] ticker: done, 2 guests stopped" in out
    assert "[motor] motor: HRT control loop on core 1 at PL1, 1 kHz timer" in out
    assert "[monitor] stats 'motor': running" in out


def test_hrt_stray_pointers_take_its_own_abort_not_the_monitor():
    # Issue 14 item 13: the HRT guest's table keeps the monitor's memory in
    # domain 0, which its DACR denies outside the smc entry, and maps neither
    # the SLCR nor the L2 controller (generator/hrtmap.py).
    elf = build("tests/system/hrt_guard.yaml", "test-hrt-guard")
    run = boot(elf, timeout=60)
    out = run.output
    assert run.exit_code == 0, out
    for line in (
            "[stray] stray: write of the monitor's memory at 0x3fc00000: own data abort, "
            "domain fault (section), write of 0x3fc00000",
            "[stray] stray: read of the monitor's memory at 0x3fc10000: own data abort, "
            "domain fault (section), read of 0x3fc10000",
            "[stray] stray: read of the SLCR at 0xf8000000: own data abort, translation fault "
            "(section), read of 0xf8000000",
            "[stray] stray: read of the L2 controller at 0xf8f02100: own data abort, "
            "translation fault (page), read of 0xf8f02100",
            "[stray] stray: 4 faults; hypercalls still work on core 1"):
        assert line in out.splitlines(), out
    assert "NOT CONTAINED" not in out and "PANIC" not in out
    # Core 0 went on after the faults, and the monitor saw none of them.
    lines = out.splitlines()
    first = lines.index("[stray] stray: 4 faults; hypercalls still work on core 1")
    assert any(l.startswith("[ticker] ticker: tick ") for l in lines[first:]), out
    assert "stopped" not in out


def test_console_write_with_foreign_pointer_fails_and_harms_nothing():
    elf = build("tests/system/badptr.yaml", "test-badptr")
    run = boot(elf, timeout=60, extra=ICOUNT)
    out = run.output
    assert run.exit_code == 0, out
    assert len(re.findall(r"^\[badptr\] badptr: write from .* -> -14$", out, re.M)) == 6
    assert "[badptr] badptr: a valid write still works" in out
    assert "[badptr] badptr: 0 wrong results" in out
    assert "[ticker] ticker: running on core 0" in out
