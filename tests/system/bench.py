#!/usr/bin/env python3
"""`make bench`: instruction counts of the monitor's paths.

Builds tests/system/bench.yaml, boots it under `-icount shift=0` (one
instruction = one PMCCNTR count, shared/QEMU-ZYNQ.md section 4) with core 1
parked in WFI, and prints what the bench guest measured. Numbers are
reported, never asserted.
"""
from __future__ import annotations

import re
import sys

from qemu import boot, build

ROWS = {
    "empty": "measurement overhead (two PMCCNTR reads)",
    "null_hypercall": "null hypercall round trip (svc -> monitor -> guest)",
    "yield_roundtrip": "yield round trip through a second guest (2 switches)",
}


def main() -> int:
    elf = build("tests/system/bench.yaml", "bench")
    run = boot(elf, timeout=120, extra=["-icount", "shift=0"])
    found = {}
    for m in re.finditer(r"^\[bench_a\] BENCH (\w+) (\d+) (\d+) (\d+) (\d+)$", run.output, re.M):
        found[m.group(1)] = tuple(int(x) for x in m.groups()[1:])
    if run.exit_code != 0 or set(found) != set(ROWS):
        print(run.output, file=sys.stderr)
        print("bench: the bench image did not complete", file=sys.stderr)
        return 1
    overhead = found["empty"][0]
    print("Instruction counts on core 0 (qemu -icount shift=0, PMCCNTR; "
          f"measurement overhead of {overhead} subtracted)")
    print(f"{'path':58} {'min':>7} {'median':>7} {'max':>7} {'n':>5}")
    for key, label in ROWS.items():
        lo, med, hi, n = found[key]
        if key != "empty":
            lo, med, hi = lo - overhead, med - overhead, hi - overhead
        print(f"{label:58} {lo:7d} {med:7d} {hi:7d} {n:5d}")
    yl, ym, _, _ = found["yield_roundtrip"]
    print(f"{'guest switch on core 0 (half the yield round trip)':58} "
          f"{(yl - overhead) // 2:7d} {(ym - overhead) // 2:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
