"""make trace: the monitor's event rings read out of a run and rendered."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

from qemu import QEMU, ROOT, build
from qemuproc import start, stop  # scripts/qemuproc.py, on the path through qemu

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


def _rings_at_exit(system: str, variant: str, tmp_path) -> list:
    """Boots a traced bench image as `make bench` does, stops it in gdb at the
    monitor's test exit (the image ends QEMU there) and reads its rings."""
    from bench import ICOUNT
    from test_debug import _free_port
    elf = build(system, variant, "tests/system/overlays/trace_on.yaml")
    addr, size = decode.symbol(str(elf), "trace_rings")
    dump = tmp_path / f"{variant}.bin"
    port = _free_port()
    qemu = start([a for a in QEMU if a not in ("-serial", "stdio")] + ["-serial", "null"]
                 + ICOUNT + ["-gdb", f"tcp:127.0.0.1:{port}", "-S", "-kernel", str(elf)],
                 120, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        gdb = subprocess.run(
            ["timeout", "-s", "KILL", "110", "gdb-multiarch", "-q", "-batch", "-nx", str(elf),
             "-ex", f"target remote 127.0.0.1:{port}", "-ex", "break arch_semihost_exit",
             "-ex", "continue",
             "-ex", f"dump binary memory {dump} {addr:#x} {addr + size:#x}", "-ex", "kill"],
            cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert dump.exists() and dump.stat().st_size == size, gdb.stdout + gdb.stderr
    finally:
        stop(qemu)
    return decode.parse(dump.read_bytes(), 2)


def _records_per_sample(records: list, anchor) -> tuple[int, int]:
    """The records from one `anchor` record to the next, as most often seen,
    and how often."""
    at = [k for k, r in enumerate(records) if anchor(r)]
    gaps = Counter(b - a for a, b in zip(at, at[1:]))
    return gaps.most_common(1)[0]


def test_bench_trace_rows_divide_by_the_records_each_sample_writes(tmp_path):
    # make bench's section 11 divides (trace on - off) by TRACE_EVENTS; the
    # rings of the same images say how many records each sample wrote.
    from bench import TRACE_EVENTS
    hc = lambda n: lambda r: r.type == decode.HCALL and r.arg == n   # noqa: E731
    core0 = _rings_at_exit("tests/system/bench.yaml", "bench-trace", tmp_path)[0]
    assert core0.lost == 0, core0.head
    recs = core0.records
    a = recs[next(k for k, r in enumerate(recs) if r.type == decode.HCALL and r.arg == 2)].vcpu
    seen = {
        "null_hypercall_trace": _records_per_sample(recs, hc(0)),                       # HC_NULL
        "yield_roundtrip_trace": _records_per_sample(recs, lambda r: hc(2)(r) and r.vcpu == a),
    }
    core0 = _rings_at_exit("tests/system/bench_io.yaml", "bench-io-trace", tmp_path)[0]
    assert core0.lost == 0, core0.head
    seen["io_trap_trace"] = _records_per_sample(core0.records,
                                                lambda r: r.type == decode.TRAPIO)
    seen["io_hcall_trace"] = _records_per_sample(core0.records, hc(15))             # HC_IO_IN
    for key, (events, times) in seen.items():
        assert times >= 500, (key, events, times)        # every sample of the row's 501
        assert events == TRACE_EVENTS[key][1], (key, events, TRACE_EVENTS[key])
