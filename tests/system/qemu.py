"""Build a scenario image and boot it in QEMU's Zynq-7000 model.

Every run is bounded: QEMU is killed with SIGKILL at the deadline (under
-icount it can ignore SIGTERM), and a run can also stop as soon as the
console shows everything a test waits for.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import selectors
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import qemuproc  # noqa: E402  (scripts/qemuproc.py: QEMU's command line, start, stop)

QEMU = qemuproc.QEMU + ["-monitor", "none", "-serial", "stdio"]


@dataclass
class Run:
    output: str
    exit_code: int | None     # None when the run was stopped by the harness
    timed_out: bool

    def lines(self, prefix: str) -> list[str]:
        return [l for l in self.output.splitlines() if l.startswith(prefix)]


@contextlib.contextmanager
def variant_lock(variants: list[str]):
    """Holds build/<variant>.lock for each variant (sorted, so two holders
    cannot deadlock): test files run in parallel (make test-system), and two
    makes must not build the same build/<variant>/ at once."""
    (ROOT / "build").mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        for v in sorted(set(variants)):
            f = stack.enter_context(open(ROOT / "build" / f"{v}.lock", "w"))
            fcntl.flock(f, fcntl.LOCK_EX)
        yield


def build(system: str, variant: str, overlay: str | None = None) -> Path:
    """Builds `system` (a path relative to the project root) as `variant`,
    with the variant overlay file `overlay` merged onto it if given."""
    with variant_lock([variant]):
        return _build(system, variant, overlay)


def _build(system: str, variant: str, overlay: str | None = None) -> Path:
    proc = subprocess.run(
        ["make", "--no-print-directory", "image", f"SYSTEM={system}", f"VARIANT={variant}"]
        + ([f"OVERLAY={overlay}"] if overlay else []),
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"build of {system} failed:\n{proc.stdout}\n{proc.stderr}")
    return ROOT / "build" / variant / "image.elf"


def boot(elf: Path, timeout: float = 30.0, until: list[str] | None = None,
         extra: list[str] | None = None, stdin: bytes | None = None,
         type_after: str | None = None, kernel: bool = True,
         then: list[str] | None = None) -> Run:
    """Boots `elf`; returns when QEMU exits, when every regex in `until` has
    matched the console output (and then every regex in `then` has matched
    the output that came after that), or at `timeout` seconds. `stdin` is
    typed at the console once the regex `type_after` has matched (at once
    without it). With `kernel=False` the image is not given as -kernel:
    `extra` loads it (e.g. with -device loader, as a board's boot hand-off)."""
    cmd = QEMU + (extra or []) + (["-kernel", str(elf)] if kernel else [])
    proc = qemuproc.start(cmd, timeout + 5, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                          cwd=ROOT)
    prompt = re.compile(type_after, re.M) if type_after else None

    def type_input() -> None:
        proc.stdin.write(stdin)
        proc.stdin.flush()

    if stdin is not None and prompt is None:
        type_input()
    pending = [re.compile(p, re.M) for p in (until or [])]
    later = [re.compile(p, re.M) for p in (then or [])]
    # A pattern that can match across lines is searched in all the output
    # (from the mark, for `then`); the others only in the new lines.
    spans = {p.pattern for p in pending + later
             if any(t in p.pattern for t in ("\\n", "\\s", "[^", "(?s"))}
    text = ""
    mark = 0
    chunks: list[bytes] = []
    tail = b""                      # the last, incomplete line
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    timed_out = False
    stopped = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not sel.select(timeout=min(left, 0.5)):
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            # Complete lines only (a test reads whole lines), and only the
            # new ones: the patterns match within a line, and a run that
            # floods the console must not make this loop quadratic, or the
            # pipe fills, QEMU's UART stalls and the monitor drops lines.
            data = tail + chunk
            cut = data.rfind(b"\n") + 1
            tail = data[cut:]
            if not cut:
                continue
            new = data[:cut].decode("utf-8", "replace").replace("\r\n", "\n")
            start = len(text)
            if spans:
                text += new
            if prompt is not None and prompt.search(new):
                prompt = None
                type_input()

            def found(p: re.Pattern, since: int) -> bool:
                if p.pattern in spans:
                    return p.search(text, since) is not None
                return p.search(new) is not None

            if pending:
                pending = [p for p in pending if not found(p, 0)]
                if not pending:
                    if not later:
                        stopped = True
                        break
                    mark = start + len(new)
            elif later:
                later = [p for p in later if not found(p, mark)]
                if not later:
                    stopped = True
                    break
    finally:
        if not (timed_out or stopped):
            try:
                proc.wait(timeout=10)       # output closed: QEMU is exiting
            except subprocess.TimeoutExpired:
                pass
        qemuproc.stop(proc)
        sel.close()
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    code = None if (timed_out or stopped) else proc.returncode
    return Run(output=text, exit_code=code, timed_out=timed_out)
