"""QEMU scenarios of memory and I/O virtualization: scattered NRT frames,
trap-and-emulate I/O windows, the virtual UART, proxied I/O, channels, the
info hypercall and a hypercall fuzzer."""
from __future__ import annotations

import re

import pytest

from qemu import boot, build
from test_rt import ICOUNT


def test_nrt_guest_runs_from_scattered_frames():
    elf = build("tests/system/memtest.yaml", "test-memtest")
    gen = (elf.parent / "gen" / "config_gen.c").read_text()
    # The generator really scattered the frames: more than one physical run.
    block = gen[gen.index("memtest_zero"):]
    block = block[:block.index("};")]
    assert block.count(".dst") > 1, block
    run = boot(elf, timeout=60)
    assert run.exit_code == 0, run.output
    assert re.search(r"^\[memtest\] memtest: \d+ KiB tested twice, 0 wrong words$",
                     run.output, re.M), run.output


def test_sub_page_io_window_is_emulated_and_bounded():
    elf = build("tests/system/io.yaml", "test-io")
    run = boot(elf, timeout=60, until=[r"^\[monitor\] guest 'mmio' stopped"])
    out = run.output
    assert "[mmio] mmio: 0 wrong results" in out, out
    assert ("[monitor] guest 'mmio' stopped: data abort, translation fault (section), "
            "read of 0x40000030") in out, out
    assert "READ PAST THE WINDOW" not in out


def test_virtual_uart_output_and_input():
    elf = build("tests/system/vconsole.yaml", "test-vconsole")
    run = boot(elf, timeout=60, stdin=b"hello world\n", type_after=r"vconsole: type a line")
    assert run.exit_code == 0, run.output
    assert "[vconsole] vconsole: type a line" in run.output
    assert "[vconsole] vconsole: got 'hello world'" in run.output


@pytest.mark.parametrize("system", ["proxy", "proxy_xcore"])
def test_proxied_device_is_served_by_the_service_guest(system):
    # proxy: client and service share core 0; proxy_xcore: the service
    # runs on core 1, so requests, answers and interrupts cross cores.
    elf = build(f"tests/system/{system}.yaml", f"test-{system.replace('_', '-')}")
    run = boot(elf, timeout=60)
    assert run.exit_code == 0, run.output
    assert re.search(r"^\[client\] client: 17 reads answered, 0 wrong, \d+ completion interrupts$",
                     run.output, re.M), run.output
    assert "[server] server: 22 requests served" in run.output


def test_channel_carries_every_record_in_order():
    elf = build("tests/system/channel.yaml", "test-channel")
    run = boot(elf, timeout=60, extra=ICOUNT,
               until=[r"^\[monitor\] guest 'consumer' stopped"])
    out = run.output
    assert "[consumer] consumer: 300 records, 0 lost, 0 torn, 0 out of order" in out, out
    assert "[consumer] consumer: all 300 records intact and in order" in out
    assert ("[monitor] guest 'consumer' stopped: data abort, permission fault (page), "
            "write of 0x70000000") in out, out


def test_fuzzed_hypercalls_are_refused_and_harm_nobody():
    elf = build("tests/system/fuzz.yaml", "test-fuzz")
    run = boot(elf, timeout=120, extra=ICOUNT)
    out = run.output
    assert run.exit_code == 0, out
    assert "[fuzzer] fuzzer: done, 0 bad calls accepted" in out
    assert re.search(r"^\[srt_a\] periodic: \d+00 jobs, 0 misses", out, re.M), out
    m = re.search(r"^\[fuzzer\] fuzzer: (\d+) calls, \d+ accepted$", out, re.M)
    assert m and int(m.group(1)) >= 100000, out
    # Every counter line of the SRT guest, and the final stats: no miss at all.
    lines = re.findall(r"^\[srt_a\] periodic: \d+ jobs, (\d+) misses, (\d+) overruns$", out, re.M)
    assert lines and all(m == "0" and o == "0" for m, o in lines), out
    assert re.search(r"^\[monitor\] stats 'srt_a': running, jobs \d+, misses 0, overruns 0,",
                     out, re.M), out
    assert "PANIC" not in out
    assert re.search(r"^\[motor\] motor: 1000 ticks, 1 s,", out, re.M), out
    # The observer may read every guest's state; the others are still there.
    assert "[observer] observer: 4 guests" in out, out
    assert re.search(r"^\[observer\] observer: srt_a SRT core 0 running jobs \d+ misses 0",
                     out, re.M), out
    assert "[monitor] stats 'motor': running" in out


def test_protection_key_stops_a_wrong_table_entry():
    elf = build("tests/system/domain.yaml", "test-domain")
    gen = (elf.parent / "gen" / "config_gen.c").read_text()
    assert "TEST ONLY: motor's section pa 0x01000000 in domain 1" in gen
    # Any of motor's once-a-second lines: while ticker saturates the console
    # a whole line may be dropped (console_write_line never waits).
    run = boot(elf, timeout=60, until=[r"^\[motor\] motor: \d+000 ticks, \d+ s,",
                                       r"^\[ticker\] ticker: tick 5$"])
    out = run.output
    assert not run.timed_out, out
    assert ("[monitor] guest 'intruder' stopped: data abort, domain fault (section), "
            "read of 0x00800000") in out, out
    assert "LEAKED" not in out
