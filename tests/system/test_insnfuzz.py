"""Instruction fuzzing: random ARM and Thumb instructions in User mode next
to an SRT guest that must keep every deadline; the monitor never panics.
(Its own file: pytest-xdist runs a file per worker, and this is the longest
scenario.)"""
from __future__ import annotations

import re

from qemu import boot, build

ICOUNT = ["-icount", "shift=3,sleep=off"]


def test_random_instructions_fault_and_harm_nobody():
    elf = build("tests/system/insnfuzz.yaml", "test-insnfuzz")
    run = boot(elf, timeout=900, extra=ICOUNT)
    out = run.output
    assert run.exit_code == 0, out[-3000:]
    assert "PANIC" not in out
    # Every one of the 100,000 instructions ended in a fault, and each fault
    # in exactly one restart: instance k ran instruction k.
    assert "[insnfuzz] insnfuzz: 100000 instructions executed, every one ended in a fault" in out
    m = re.search(r"^\[monitor\] health 'insnfuzz': faults (\d+) \(undefined instruction (\d+), "
                  r"prefetch abort (\d+), data abort (\d+)\), restarts (\d+)$", out, re.M)
    assert m, out[-3000:]
    faults, undef, pabt, dabt, restarts = (int(x) for x in m.groups())
    assert faults == restarts == 100000 and undef + pabt + dabt == faults, m.group(0)
    assert undef and pabt and dabt, m.group(0)
    print(f"instruction fuzzing: {faults} faults: {undef} undefined instruction, "
          f"{pabt} prefetch abort, {dabt} data abort")
    # An undefined instruction is reported at its own address, in Thumb state
    # too (LR_und is the instruction + 2 there, + 4 in ARM state): in the
    # slot page only the slot (0x12401800), its second halfword and the udf
    # after it.
    pcs = {int(x, 16) for x in re.findall(r"undefined instruction at pc (0x[0-9a-f]+)", out)}
    in_page = {pc for pc in pcs if pc >> 12 == 0x12401}
    assert in_page and in_page <= {0x12401800, 0x12401802, 0x12401804, 0x12401806}, \
        sorted(map(hex, in_page))
    # The SRT guest on the same core kept every deadline.
    lines = re.findall(r"^\[victim\] periodic: \d+ jobs, (\d+) misses, (\d+) overruns$", out, re.M)
    assert lines and all(x == ("0", "0") for x in lines), out[-3000:]
    assert re.search(r"^\[monitor\] stats 'victim': running, jobs \d+, misses 0, overruns 0,",
                     out, re.M), out[-3000:]
