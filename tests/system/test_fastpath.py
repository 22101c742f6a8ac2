"""The fast entries of issue 11 (monitor/arch/armv7-a/vectors.S
FAST_USER_FRAME, hvc_svc in monitor/core/hvc.c, the decode cache of
monitor/core/ioemu.c) under attack: code rewritten under the cache, hostile
hypercall arguments, calls from Thumb state inside an IT block."""
from __future__ import annotations

from qemu import boot, build


def test_decode_cache_follows_rewritten_code_and_fast_calls_refuse_hostile_arguments():
    elf = build("tests/system/fastpath.yaml", "test-fastpath")
    run = boot(elf, timeout=60, until=[r"^\[monitor\] guest 'iocache' stopped"])
    out = run.output
    assert "PANIC" not in out, out
    # Each rewritten instruction, run twice (the second run from the cache),
    # did what it says: the offset, destination register, direction and
    # state followed the code, not the cache.
    assert "[iocache] iocache: arm ldr r2, [r1, #0x24]: 0x1357" in out, out
    assert "[iocache] iocache: arm str r0, [r1, #0x24]: 0x0abd" in out, out
    assert "[iocache] iocache: thumb ldr r0, [r1, #0x24]: 0x1357" in out, out
    assert "[iocache] iocache: 0 wrong" in out, out
    # The cached instruction with its base moved past the window is not
    # emulated: the guest stops as the decoder would have it.
    assert ("[monitor] guest 'iocache' stopped: data abort, translation fault (section), "
            "read of 0x40000034") in out, out
    assert "READ PAST THE WINDOW" not in out
