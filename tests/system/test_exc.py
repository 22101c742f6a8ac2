"""QEMU scenarios of the monitor's exception state: AAPCS stack alignment at
every C entry, ITSTATE after an emulated Thumb access, per-vCPU User-visible
state (TPIDRURW, TPIDRURO, the exclusive monitor), and the panic path (no
lock, guard pages below the stacks, a fault inside the panic path)."""
from __future__ import annotations

import re

import pytest

from qemu import ROOT, boot, build

TLS = (r"^\[{}\] tlsx: 200 rounds, (\d+) foreign TPIDRURW values, (\d+) own values lost, "
       r"(\d+) wrong TPIDRURO, (\d+) STREX succeeded across a switch$")


@pytest.fixture(scope="module")
def exc_state():
    elf = build("tests/system/exc_state.yaml", "test-exc-state")
    return boot(elf, timeout=60, until=[r"^\[thumbio\] thumbio: \d+ wrong$",
                                        TLS.format("tls_a"), TLS.format("tls_b"),
                                        r"^\[monitor\] guest 'pabt' stopped",
                                        r"^\[monitor\] guest 'undef' stopped",
                                        r"^\[motor\] motor: 1000 ticks"])


def test_every_c_entry_runs_on_an_aligned_stack(exc_state):
    # test_stack_check: trap_entry (svc, irq, data abort, undefined
    # instruction, prefetch abort) and smc_entry_c (motor's smc) each
    # panic on sp & 7 != 0; the run reaches every trap kind.
    out = exc_state.output
    assert "PANIC" not in out, out
    assert not exc_state.timed_out, out
    assert re.search(r"^\[monitor\] guest 'undef' stopped: undefined instruction at pc ", out, re.M)
    assert ("[monitor] guest 'pabt' stopped: prefetch abort, translation fault (section) "
            "at 0x30000000") in out, out
    assert re.search(r"^\[motor\] motor: 1000 ticks", out, re.M), out


def test_thumb_load_in_an_it_block_keeps_the_blocks_conditions(exc_state):
    out = exc_state.output
    assert ("[thumbio] thumbio: 16-bit ldr in an IT block: load 0x1357, else-slots 0 0, "
            "then-slot 2") in out, out
    assert ("[thumbio] thumbio: 32-bit ldrh.w in an IT block: load 0x2468, else-slots 0 0, "
            "then-slot 2") in out, out
    assert "[thumbio] thumbio: 0 wrong" in out, out


@pytest.mark.parametrize("guest", ["tls_a", "tls_b"])
def test_user_visible_state_is_per_vcpu(exc_state, guest):
    m = re.search(TLS.format(guest), exc_state.output, re.M)
    assert m, exc_state.output
    foreign, lost, ro_wrong, strex = map(int, m.groups())
    assert (foreign, lost, ro_wrong, strex) == (0, 0, 0, 0), m.group(0)


def _panic_run(name: str):
    elf = build(f"tests/system/panic_{name}.yaml", f"test-panic-{name}")
    return boot(elf, timeout=30)


def test_panic_with_the_console_lock_held_still_prints():
    run = _panic_run("locked")
    assert run.exit_code == 99, run.output
    assert re.search(r"^\[monitor\] PANIC on core 0 at monitor/core/testfault\.c:\d+: "
                     r"test: panic with the console lock held$", run.output, re.M), run.output


def test_stack_overflow_hits_the_guard_page():
    run = _panic_run("overflow")
    assert run.exit_code == 99, run.output
    m = re.search(r"^\[monitor\] PANIC on core 0: stack overflow: data abort in the monitor at "
                  r"pc 0x[0-9a-f]{8} on the guard page (0x[0-9a-f]{8}) below core 0's stacks$",
                  run.output, re.M)
    assert m, run.output
    # The guard is the page under core 0's 16 KB block, which ends at the top
    # of the monitor's memory (generator/stacks.py).
    ld = (ROOT / "build" / "test-panic-overflow" / "gen" / "monitor_mem.ld").read_text()
    base, size = (int(x, 16) for x in re.search(
        r"MON \(rwx\) : ORIGIN = (0x[0-9a-f]+), LENGTH = (0x[0-9a-f]+)", ld).groups())
    guard = int(m.group(1), 16) & ~0xfff
    assert guard == base + size - 16 * 1024 - 4096, (hex(guard), hex(base + size))
    assert run.output.count("PANIC") == 1, run.output


def test_fault_in_the_panic_path_halts_quietly():
    run = _panic_run("refault")
    assert run.exit_code == 98, run.output
    assert run.output.count("PANIC") == 1, run.output
    assert "test: a fault follows inside the panic path" in run.output


def test_bus_error_on_a_monitor_access_fails_the_access_not_the_monitor():
    elf = build("tests/system/bus_error.yaml", "test-bus-error")
    run = boot(elf, timeout=60, until=[r"^\[monitor\] guest 'busfault' stopped",
                                       r"^\[ticker\] ticker: tick 3$"])
    out = run.output
    assert not run.timed_out, out
    assert "[busfault] busfault: io_out -> -14, io_in -> -14" in out, out   # HV_EFAULT
    assert re.search(r"^\[monitor\] guest 'busfault' stopped: bus error on its I/O window at "
                     r"0x40000024 \(device pa 0xf8002024\) at pc 0x[0-9a-f]{8}$", out, re.M), out
    assert "TRAPPED LOAD RETURNED" not in out
    assert "PANIC" not in out
