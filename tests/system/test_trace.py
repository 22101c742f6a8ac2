"""make trace: the monitor's event rings read out of a run and rendered."""
from __future__ import annotations

import json
import subprocess
import sys

from qemu import ROOT

sys.path.insert(0, str(ROOT / "scripts" / "tracetool"))
import decode  # noqa: E402

ICOUNT = "shift=3,sleep=off"     # instruction counting: the same trace on any host


def _trace(system: str, variant: str, seconds: int, until: str = "") -> decode.Analysis:
    args = ["make", "--no-print-directory", "trace", f"SYSTEM={system}", f"VARIANT={variant}",
            f"TRACE_ICOUNT={ICOUNT}", f"TRACE_SECONDS={seconds}"]
    if until:
        args.append(f"TRACE_UNTIL={until}")
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = ROOT / "build" / variant
    meta = json.loads((out / "traced" / "gen" / "trace_meta.json").read_text())
    rings = decode.parse((out / "trace.bin").read_bytes(), len(meta["cores"]))
    return decode.analyse(meta, rings)


def _guest(a: decode.Analysis, name: str) -> dict:
    return next(g for g in a.meta["guests"] if g["name"] == name)


def _check_json(path) -> None:
    doc = json.loads(path.read_text())
    events = doc["traceEvents"]
    assert events
    for e in events:
        assert {"name", "ph", "pid", "tid"} <= set(e), e
        assert e["ph"] in ("X", "i", "M"), e
        if e["ph"] == "X":
            assert e["ts"] >= 0 and e["dur"] >= 0, e
        if e["ph"] == "i":
            assert e["ts"] >= 0 and e["s"] in ("t", "p", "g"), e


def _check_svg(path) -> None:
    png = path.with_suffix(".png")
    subprocess.run(["rsvg-convert", "-o", str(png), str(path)], check=True, timeout=60)
    assert png.stat().st_size > 1000


def test_trace_of_the_default_system_shows_every_release_on_time():
    a = _trace("system.yaml", "test-trace", 120, until=r"sensor: job 200,")
    sensor = _guest(a, "sensor")
    jobs = a.jobs[sensor["index"]]
    assert len(jobs) >= 100, len(jobs)
    # Released every period, to the tick, and processed within 20 us.
    for prev, job in zip(jobs, jobs[1:]):
        assert job.release - prev.release == sensor["period"], (prev, job)
    assert all(0 <= j.observed - j.release < 2000 for j in jobs), jobs
    # Every job but the one running at the end finished, within its budget.
    for j in jobs[:-1]:
        assert j.how == "done", j
        assert j.ran <= sensor["budget"], j
        assert j.end - j.release <= sensor["deadline"], j
    assert not a.misses and not a.overruns
    # logger (NRT) had the rest of core 0; motor holds core 1.
    s = decode.summary(a)
    assert s["logger"]["utilisation"] > 0.9, s["logger"]
    out = ROOT / "build" / "test-trace"
    text = (out / "trace.txt").read_text()
    assert "sensor (SRT, core 0)" in text and "deadline misses 0, budget overruns 0" in text, text
    assert "planned 20.0%" in text, text
    _check_json(out / "trace.json")
    _check_svg(out / "trace.svg")


def test_trace_shows_each_deadline_miss_at_its_deadline():
    a = _trace("tests/system/trace_miss.yaml", "test-trace-miss", 4)
    g = _guest(a, "runaway")
    misses = a.misses[g["index"]]
    assert len(misses) >= 20, len(misses)
    for t, release in misses:
        # detected by the timer set for the deadline, within 20 us of it
        assert 0 <= t - (release + g["deadline"]) < 2000, (t, release)
    for (_, r0), (_, r1) in zip(misses, misses[1:]):
        assert r1 - r0 == g["period"]                 # every job missed, none skipped
    out = ROOT / "build" / "test-trace-miss"
    assert (out / "trace.txt").read_text().count("deadline misses") == 1
    svg = (out / "trace.svg").read_text()
    assert svg.count("<title>deadline miss at") >= 3, "the picture shows the misses"
    _check_json(out / "trace.json")
    _check_svg(out / "trace.svg")
