"""Boot an image with a Non-secure Linux guest: QEMU's first -serial (UART0,
the monitor's console) on a pipe, the second (UART1, Linux's console) in a
file; both read while the run lasts. Bounded like qemu.boot: QEMU runs in a
session of its own under `timeout -s KILL`, and the whole group is killed."""
from __future__ import annotations

import os
import re
import selectors
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from qemu import QEMU, ROOT, build
from qemuproc import start, stop  # scripts/qemuproc.py, on the path through qemu

ASSETS = ROOT / "build" / "linux"
ICOUNT = ["-icount", "shift=3,sleep=off"]


@dataclass
class LinuxRun:
    monitor: str      # UART0: the monitor's console, every line with its prefix
    linux: str        # UART1: Linux's console
    timed_out: bool

    def lines(self, prefix: str) -> list[str]:
        return [l for l in self.monitor.splitlines() if l.startswith(prefix)]


def assets() -> None:
    """Debian's kernel and the initramfs (make linux-assets: a second run
    downloads nothing)."""
    proc = subprocess.run(["make", "--no-print-directory", "linux-assets"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"make linux-assets failed:\n{proc.stdout}\n{proc.stderr}"
    assert (ASSETS / "Image").is_file() and (ASSETS / "initramfs.cpio.gz").is_file()


def build_linux(system: str, variant: str) -> Path:
    assets()
    return build(system, variant)


def boot_linux(elf: Path, timeout: float, until_monitor: list[str] | None = None,
               until_linux: list[str] | None = None, extra: list[str] | None = None,
               then_monitor: list[str] | None = None) -> LinuxRun:
    """Returns when every regex of both lists has matched its console (whole
    lines) and then every regex of `then_monitor` has matched the monitor's
    output that came after that, when QEMU exits, or at `timeout` seconds."""
    fd, log = tempfile.mkstemp(prefix="uart1-", suffix=".log")
    os.close(fd)
    cmd = QEMU + (extra or []) + ["-serial", f"file:{log}", "-kernel", str(elf)]
    proc = start(cmd, timeout + 5, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    pend_m = [re.compile(p, re.M) for p in (until_monitor or [])]
    pend_l = [re.compile(p, re.M) for p in (until_linux or [])]
    pend_t = [re.compile(p, re.M) for p in (then_monitor or [])]
    then_from = None
    out = b""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    timed_out = False

    def texts() -> tuple[str, str]:
        mon = out[:out.rfind(b"\n") + 1].decode("utf-8", "replace").replace("\r\n", "\n")
        with open(log, "rb") as f:
            raw = f.read()
        lx = raw[:raw.rfind(b"\n") + 1].decode("utf-8", "replace").replace("\r\n", "\n")
        return mon, lx

    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if sel.select(timeout=min(left, 0.5)):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
            mon, lx = texts()
            pend_m = [p for p in pend_m if not p.search(mon)]
            pend_l = [p for p in pend_l if not p.search(lx)]
            if not pend_m and not pend_l:
                if then_from is None:
                    then_from = len(mon)
                pend_t = [p for p in pend_t if not p.search(mon, then_from)]
                if not pend_t:
                    break
    finally:
        stop(proc)
        sel.close()
    mon, lx = texts()
    os.unlink(log)
    return LinuxRun(mon, lx, timed_out)
