"""The isolation matrix generated from each system's model
(generator/probes.py): every probe must fault and be reported."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qemu import ROOT, boot, build

ICOUNT = ["-icount", "shift=3,sleep=off"]


def _probe_overlay(system: str, path) -> list[str]:
    """An overlay that turns every User-mode guest of `system` into the
    prober (same memory, devices, channels) under the restart policy."""
    import yaml
    doc = yaml.safe_load((ROOT / system).read_text())
    users = [g["name"] for g in doc["guests"]
             if g["level"] != "HRT" and g.get("world", "secure") != "non-secure"]
    lines = ["build: {test_probes: true}", "guests:"]
    lines += [f"  - {{name: {n}, image: prober, on_fault: restart, max_restarts: 1000}}"
              for n in users]
    path.write_text("\n".join(lines) + "\n")
    return users


def _expected(p: dict) -> str:
    if p["kind"] == "data abort":
        return f"data abort, {p['fault']}, {p['op']} of 0x{p['address']:08x} at pc "
    if p["kind"] == "prefetch abort":
        return f"prefetch abort, {p['fault']} at 0x{p['address']:08x}"
    return "undefined instruction at pc "


@pytest.mark.parametrize("system", ["tests/system/isolation.yaml", "tests/system/matrix.yaml"])
def test_isolation_matrix_every_probe_faults_and_is_reported(system, tmp_path):
    overlay = tmp_path / "probes.yaml"
    users = _probe_overlay(system, overlay)
    variant = "test-matrix-" + Path(system).stem
    elf = build(system, variant, str(overlay))
    matrix = json.loads((elf.parent / "gen" / "probes.json").read_text())
    assert sorted(matrix) == sorted(users)
    until = [rf"^\[{n}\] prober: {n}: all {len(matrix[n])} probes done$" for n in users]
    # The HRT guest's next once-a-second line, after every probe.
    run = boot(elf, timeout=300, extra=ICOUNT, until=until,
               then=[r"^\[motor\] motor: \d+ ticks, \d+ s,"])
    out = run.output
    assert not run.timed_out, out[-4000:]
    assert "NOT fault" not in out and "PANIC" not in out, out
    lines = out.splitlines()
    last = 0
    for name, probes in matrix.items():
        kinds = {p["kind"] for p in probes}
        assert kinds == {"data abort", "prefetch abort", "undefined instruction"}, name
        reported = re.findall(rf"^\[monitor\] guest '{name}' restarting \((\d+) of 1000\) at "
                              r"\d+\.\d{6} s: (.*)$", out, re.M)
        assert [int(k) for k, _ in reported] == list(range(1, len(probes) + 1)), (name, out)
        for p, (_, what) in zip(probes, reported):
            assert what.startswith(_expected(p)), (name, p, what)
        last = max(last, max(i for i, l in enumerate(lines)
                             if l.startswith(f"[monitor] guest '{name}' restarting")))
    # The HRT guest kept its 1 kHz loop through all of it.
    assert any(l.startswith("[motor] motor: ") and " ticks, " in l for l in lines[last:]), out
    print(f"isolation matrix of {system}: " +
          ", ".join(f"{n} {len(p)} probes" for n, p in matrix.items()))
