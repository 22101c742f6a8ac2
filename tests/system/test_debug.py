"""`make debug`: gdb-multiarch with the monitor's and the guests' symbols,
driven in batch mode against QEMU's gdb stub."""
from __future__ import annotations

import socket
import subprocess

from qemu import QEMU, ROOT, build
from qemuproc import start, stop  # scripts/qemuproc.py, on the path through qemu


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _debug(variant: str, commands: list[str]) -> str:
    """Runs gdb's `commands` against the halted image; returns gdb's output."""
    proc = subprocess.run(["make", "--no-print-directory", f"VARIANT={variant}",
                           f"build/{variant}/debug.gdb"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    port = _free_port()
    qemu = start(
        [a for a in QEMU if a != "stdio" and a != "-serial"]
        + ["-serial", "null", "-icount", "shift=3,sleep=off",
           "-gdb", f"tcp:127.0.0.1:{port}", "-S", "-kernel", f"build/{variant}/image.elf"],
        90, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        args = ["gdb-multiarch", "-q", "-batch", "-nx", "-x", f"build/{variant}/debug.gdb",
                "-ex", f"target remote 127.0.0.1:{port}"]
        for c in commands:
            args += ["-ex", c]
        gdb = subprocess.run(["timeout", "-s", "KILL", "80"] + args, cwd=ROOT,
                             capture_output=True, text=True, stdin=subprocess.DEVNULL)
        return gdb.stdout + gdb.stderr
    finally:
        stop(qemu)


def test_breakpoint_in_a_guest_main_stops_in_that_guest_only():
    build("system.yaml", "test-debug")
    # sensor (SRT) and logger (NRT) share core 0 and virtual addresses: both
    # have `main` at the same address. sensor runs first; the breakpoint in
    # logger's main must pass it by and stop in logger.
    out = _debug("test-debug", ["hv break logger main", "continue", "bt", "hv current",
                                "hv break motor hrt_irq_handler", "continue", "bt", "hv current",
                                "hv stats", "kill"])
    assert "hv: breakpoint 1 at" in out and "(main) in guest 'logger'" in out, out
    bt1 = out[out.index("hit Breakpoint 1"):]
    assert "main () at guests/logger/main.c" in bt1, out
    assert "core 0: guest 'logger' (NRT, index 2)" in out, out
    bt2 = out[out.index("hit Breakpoint 2"):]
    assert "hrt_irq_handler () at guests/motor/main.c" in bt2, out
    assert "core 1: guest 'motor' (HRT, index 0)" in out, out
    # motor's 1 kHz timer interrupt reached its own handler on core 1
    assert "sensor       faults 0, jobs " in out, out
