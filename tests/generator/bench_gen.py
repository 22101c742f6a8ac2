"""Generation time for systems of 1, 4 and 15 guests, as a ratio to 1 guest.

    /usr/bin/python3 tests/generator/bench_gen.py

prints one line per size (the median of a few in-process runs after a
warm-up run, so template compilation is not counted). Called by `make bench`.
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.__main__ import generate  # noqa: E402

SIZES = (1, 4, 15)


def system_text(n: int) -> str:
    """n guests: SRT guests with their own memory on core 0, NRT guests on both cores,
    a channel between each pair of neighbours."""
    lines = ["platform: zynq-7000", "guests:"]
    for i in range(n):
        if i % 3 == 0:
            lines.append(f"  - {{name: g{i}, level: SRT, core: 0, image: sensor, "
                         f"memory: [{{guest: 0, base: {0x02000000 + i * 0x100000:#x}, size: 1M}}], "
                         "schedule: {period: 10ms, budget: 500us, deadline: 10ms}}")
        else:
            lines.append(f"  - {{name: g{i}, level: NRT, core: {i % 2}, image: logger, "
                         "memory: [{guest: 0, size: 256K}]}")
    if n > 1:
        lines.append("channels:")
        for i in range(n - 1):
            lines.append(f"  - {{name: c{i}, writer: g{i}, reader: g{i + 1}, size: 4K}}")
    return "\n".join(lines) + "\n"


def bench(repeat: int = 5) -> list[tuple[int, float]]:
    """(guests, median seconds) for each size."""
    out = []
    tmp = tempfile.mkdtemp(prefix="bench-gen-")
    try:
        for n in SIZES:
            path = os.path.join(tmp, f"s{n}.yaml")
            with open(path, "w") as f:
                f.write(system_text(n))
            gen = os.path.join(tmp, f"gen{n}")
            generate(str(ROOT), path, "bench", gen)          # warm-up
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                generate(str(ROOT), path, "bench", gen)
                times.append(time.perf_counter() - t0)
            out.append((n, statistics.median(times)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main() -> int:
    results = bench()
    base = results[0][1]
    for n, t in results:
        print(f"generator: {n:2d} guest{'s' if n > 1 else ' '} {t * 1000:7.1f} ms  "
              f"{t / base:5.2f}x the 1-guest case")
    return 0


if __name__ == "__main__":
    sys.exit(main())
