#!/usr/bin/env python3
"""`make profile` (= `make bench PROFILE=1`): where each bench row's
instructions go, per monitor function.

Boots the path images of tests/system/bench.py once more, each under
`-icount shift=0,sleep=off -d in_asm,exec,nochain`: QEMU logs every
translation block when it translates it (`IN:`, its instructions) and every
time it executes it (`Trace <cpu>: ...`; `nochain` makes every execution
visible). The log goes through a FIFO, never to disk. Every instruction
executed on the measuring core is attributed to the monitor function that
holds its address (symbols of build/<variant>/image.elf, `arm-none-eabi-nm`)
or to "(guest)".

Rows are cut by markers: bench_report() (tests/system/guests/bench_lib/
bench.h) executes bench_mark(), a movw/movt of 0xbe7c into ip that does
nothing else, before and after it prints a row, and each bench guest marks
the start of its main(). The instructions between the mark that opens a row
and the one that closes it, divided by its number of samples, are that row's
profile: the measured path plus the little setup each sample repeats (the
interrupt rows also hold the hypercall that arms the next interrupt, see
docs/performance.md). A profile shows where the cost goes; the counts of
record stay `make bench`'s.
"""
from __future__ import annotations

import bisect
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from bench import BOOT_TIMEOUT, IMAGES, ICOUNT, ROWS
from qemu import QEMU, ROOT, build
from qemuproc import start, stop  # scripts/qemuproc.py, on the path through qemu

MARK = "#0xbe7c"
# Images without a path to profile: the HRT one has no monitor instruction
# on its path, the jitter ones measure a spread, not a path.
SKIP = {"bench_hrt.yaml", "bench_jitter_idle.yaml", "bench_jitter_spin.yaml",
        "bench_jitter_hcspin.yaml", "bench_linux.yaml"}
CPU = "0"          # every profiled image measures on core 0
# Where an exception enters the monitor: a new entry starts there even when
# it follows the previous one's return with no guest instruction between
# (an interrupt that was pending at the return).
VECTORS = {"vectors", "mon_vectors", "hyp_vectors"}
TOP = 12           # functions shown per row
PROFILE_TIMEOUT = BOOT_TIMEOUT * 10   # s, per image under the instruction log


def symbols(elf) -> tuple[list[int], list[str]]:
    out = subprocess.run(["arm-none-eabi-nm", "-n", "--defined-only", str(elf)],
                         capture_output=True, text=True, check=True).stdout
    addrs, names = [], []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith("$"):
            addrs.append(int(parts[0], 16))
            names.append(parts[2])
    return addrs, names


class Trace:
    """Parses QEMU's in_asm + exec log as it streams."""

    IN_LINE = re.compile(r"^0x([0-9a-f]+):\s+[0-9a-f]+\s+(.*)$")
    EXEC = re.compile(r"^Trace (\d+): (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/")

    def __init__(self, addrs: list[int], names: list[str], lo: int, hi: int):
        self.addrs, self.names, self.lo, self.hi = addrs, names, lo, hi
        self.blocks: dict[str, tuple[tuple[str, ...], bool]] = {}   # host TB -> (funcs, mark)
        self.pending: list[tuple[int, str]] = []
        self.in_block = False
        self.windows: list[Counter] = [Counter()]
        self.longest: list[int] = [0]     # per window: longest run of monitor instructions
        self.run = 0
        self.last = ""
        self.marks = 0

    def func(self, pc: int) -> str:
        if not self.lo <= pc < self.hi:
            return "(guest)"
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.names[i] if i >= 0 else "(monitor)"

    def feed(self, line: str) -> None:
        if line.startswith("IN:"):
            self.in_block, self.pending = True, []
            return
        if self.in_block:
            m = self.IN_LINE.match(line)
            if m:
                self.pending.append((int(m.group(1), 16), m.group(2)))
                return
            if line.strip() == "" and self.pending:
                self.in_block = False
            return
        m = self.EXEC.match(line)
        if not m:
            return
        cpu, host, pc = m.group(1), m.group(2), int(m.group(3), 16)
        if self.pending and self.pending[0][0] == pc:
            funcs = tuple(self.func(a) for a, _ in self.pending)
            mark = sum(MARK in text for _, text in self.pending) >= 2
            self.blocks[host] = (funcs, mark)
            self.pending = []
        block = self.blocks.get(host)
        if block is None or cpu != CPU:
            return
        funcs, mark = block
        self.windows[-1].update(funcs)
        for f in funcs:                   # one monitor entry: from its vector to its return
            if f == "(guest)" or (f in VECTORS and self.last not in VECTORS):
                self.run = 0 if f == "(guest)" else 1
                self.last = f
                if self.run > self.longest[-1]:
                    self.longest[-1] = self.run
                continue
            self.last = f
            self.run += 1
            if self.run > self.longest[-1]:
                self.longest[-1] = self.run
        if mark:
            self.marks += 1
            self.windows.append(Counter())
            self.longest.append(0)


def profile_image(img, elf) -> tuple[list[tuple[Counter, int]], list[tuple[str, int]]]:
    addrs, names = symbols(elf)
    lo = min(a for a, n in zip(addrs, names) if n == "_start")
    hi = max(addrs) + 0x10000
    trace = Trace(addrs, names, lo, hi)
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        fifo = os.path.join(tmp, "trace")
        os.mkfifo(fifo)
        cmd = QEMU + ICOUNT + ["-d", "in_asm,exec,nochain", "-D", fifo, "-kernel", str(elf)]
        # The instruction log makes QEMU slow: bench_hc took 188 s alone on a
        # host with a load of 13 on 2 cores, and over 240 s inside make test.
        proc = start(cmd, PROFILE_TIMEOUT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                     cwd=ROOT)
        console: list[bytes] = []
        reader = threading.Thread(target=lambda: console.extend(proc.stdout), daemon=True)
        reader.start()
        try:
            with open(fifo, errors="replace") as f:
                for line in f:
                    trace.feed(line)
            reader.join(timeout=10)
        finally:
            stop(proc)
    reports = []             # (key, samples) in the order the image printed them
    for raw in console:
        parts = raw.decode("utf-8", "replace").split()
        if len(parts) == 7 and parts[1] == "BENCH":
            reports.append((parts[2], int(parts[6])))
    return list(zip(trace.windows, trace.longest)), reports


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    only = set(sys.argv[1:])          # `profile.py bench_hc.yaml`: those images only
    images = [i for i in IMAGES if i.system not in SKIP and not i.overlay
              and (not only or i.system in only)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        elfs = list(pool.map(lambda i: build(f"tests/system/{i.system}", i.variant), images))
    labels = {}
    for sec, key, label, sub in ROWS:
        labels.setdefault(key, (sec, label))
    print("Instructions per sample, by monitor function, on the measured core (core 0);")
    print("QEMU -icount shift=0,sleep=off -d in_asm,exec,nochain. See docs/performance.md.")
    for img, elf in zip(images, elfs):
        windows, reports = profile_image(img, elf)
        # windows: [boot .. begin], [row 1], [its report], [row 2], ...
        rows = [w for i, w in enumerate(windows) if i % 2 == 1]
        print(f"\n== {img.system} ({img.what})")
        if len(rows) < len(reports):
            print(f"   profile: {len(reports)} rows printed but {len(rows)} marked")
            return 1
        if not any(key in img.keys for key, _ in reports):
            print(f"   profile: the image printed no BENCH line within {PROFILE_TIMEOUT} s "
                  "(the instruction log makes QEMU slow; a loaded host may need longer)")
            return 1
        for (key, n), (w, longest) in zip(reports, rows):
            if key not in img.keys:
                continue
            sec, label = labels.get(img.keys[key], ("", key))
            mon = sum(c for f, c in w.items() if f != "(guest)")
            print(f"\n {sec:>2}  {label}  [{key}, {n} samples]")
            print(f"      {mon / n:8.1f}  monitor, in total ({w['(guest)'] / n:.1f} guest); "
                  f"longest single monitor entry {longest}")
            for f, c in sorted(((f, c) for f, c in w.items() if f != "(guest)"),
                               key=lambda x: -x[1])[:TOP]:
                print(f"      {c / n:8.1f}  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
