"""trace.json (Chrome trace-event format, for Perfetto and chrome://tracing),
trace.svg (lanes per vCPU per core, on report.svg's axis style) and
trace.txt (per-guest figures) from a decode.Analysis."""
from __future__ import annotations

import json
from xml.sax.saxutils import escape

import decode

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
           "#9c755f", "#ff9da7", "#86bcb6", "#d37295", "#a0cbe8", "#8cd17d", "#b6992d",
           "#499894")        # generator/svg.py's, so a guest has the same colour in both
FONT = "font-family:DejaVu Sans,Arial,sans-serif"


def _us(a: decode.Analysis, t: int) -> float:
    return (t - a.start) * 1e6 / a.meta["ticks_per_second"]


def _show(a: decode.Analysis, ticks: int | None) -> str:
    if ticks is None:
        return "-"
    us = ticks * 1e6 / a.meta["ticks_per_second"]
    return f"{us / 1000:.3f} ms" if us >= 1000 else f"{us:.2f} us"


def chrome_json(a: decode.Analysis) -> str:
    ev: list[dict] = []
    names = {g["index"]: g["name"] for g in a.meta["guests"]}
    for c in a.meta["cores"]:
        ev.append({"name": "process_name", "ph": "M", "pid": c["id"], "tid": 0,
                   "args": {"name": f"core {c['id']} ({c['kind']})"}})
        for i in c["vcpus"]:
            ev.append({"name": "thread_name", "ph": "M", "pid": c["id"], "tid": i + 1,
                       "args": {"name": names[i]}})
    for core, runs in a.runs.items():
        for g, t0, t1 in runs:
            ev.append({"name": names.get(g, "?"), "cat": "run", "ph": "X", "pid": core,
                       "tid": g + 1, "ts": round(_us(a, t0), 3),
                       "dur": round((t1 - t0) * 1e6 / a.meta["ticks_per_second"], 3)})
    for g, jobs in a.jobs.items():
        core = a.guest(g)["core"]
        for j in jobs:
            ev.append({"name": "release", "cat": "job", "ph": "i", "s": "t", "pid": core,
                       "tid": g + 1, "ts": round(_us(a, j.observed), 3),
                       "args": {"scheduled_us": round(_us(a, j.release), 3),
                                "end": j.how or "running"}})
    for g, misses in a.misses.items():
        for t, rel in misses:
            ev.append({"name": "deadline miss", "cat": "job", "ph": "i", "s": "t",
                       "pid": a.guest(g)["core"], "tid": g + 1, "ts": round(_us(a, t), 3),
                       "cname": "terrible", "args": {"release_us": round(_us(a, rel), 3)}})
    for g, times in a.overruns.items():
        for t in times:
            ev.append({"name": "budget spent", "cat": "job", "ph": "i", "s": "t",
                       "pid": a.guest(g)["core"], "tid": g + 1, "ts": round(_us(a, t), 3)})
    for ring in a.rings:
        for r in ring.records:
            if r.type in (decode.IRQ, decode.VRAISE, decode.VDELIVER, decode.URET,
                          decode.HCALL, decode.TRAPIO, decode.PREQ, decode.PREPLY,
                          decode.FAULT, decode.RESTART):
                tid = r.vcpu + 1 if r.vcpu != decode.NONE else 0
                ev.append({"name": decode.TYPES[r.type], "cat": "event", "ph": "i", "s": "t",
                           "pid": ring.core, "tid": tid, "ts": round(_us(a, r.time), 3),
                           "args": {"arg": r.arg}})
    return json.dumps({"traceEvents": ev, "displayTimeUnit": "ns",
                       "otherData": {"variant": a.meta["variant"],
                                     "config": a.meta["config_hash"]}}, indent=0) + "\n"


def _window(a: decode.Analysis) -> tuple[int, int]:
    """The stretch of the trace the picture shows: a few of the longest
    period from the first release (or 20 ms when no SRT guest is traced)."""
    periods = [g["period"] for g in a.meta["guests"] if g["period"]]
    hz = a.meta["ticks_per_second"]
    length = 4 * max(periods) if periods else hz // 50
    first = min((j.observed for js in a.jobs.values() for j in js), default=a.start)
    start = max(a.start, first - length // 40)
    return start, min(a.end, start + length)


def svg(a: decode.Analysis) -> str:
    w0, W = 140.0, 900.0
    t0, t1 = _window(a)
    span = max(1, t1 - t0)
    parts: list[str] = []
    y = 10.0

    def x(t: int) -> float:
        return w0 + W * (min(max(t, t0), t1) - t0) / span

    def text(xx, yy, s, size=12, anchor="start", weight="normal", fill="#000"):
        parts.append(f'<text x="{xx:.1f}" y="{yy:.1f}" font-size="{size}" text-anchor="{anchor}" '
                     f'font-weight="{weight}" fill="{fill}">{escape(s)}</text>')

    def rect(xx, yy, w, h, fill, stroke="#333", title=""):
        t = f"<title>{escape(title)}</title>" if title else ""
        parts.append(f'<rect x="{xx:.1f}" y="{yy:.1f}" width="{max(w, 0.5):.1f}" height="{h:.1f}" '
                     f'fill="{fill}" stroke="{stroke}" stroke-width="0.8">{t}</rect>')

    def line(x1, y1, x2, y2, stroke="#333", width=1.0):
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{stroke}" stroke-width="{width}"/>')

    text(20, 30, f"Trace of '{a.meta['variant']}' (config {a.meta['config_hash']}): what ran",
         20, weight="bold")
    text(20, 50, f"{_show(a, t0 - a.start)} .. {_show(a, t1 - a.start)} after the first "
         f"record; the whole trace covers {_show(a, a.end - a.start)}", 11, fill="#444")
    y = 60
    names = {g["index"]: g for g in a.meta["guests"]}
    for c in a.meta["cores"]:
        if not c["vcpus"]:
            continue                                  # an idle core: nothing ran
        y += 34
        text(20, y, f"Core {c['id']} ({c['kind']}), as it ran", 16, weight="bold")
        y += 12
        lanes = list(c["vcpus"])
        for lane, g in enumerate(lanes):
            ly = y + lane * 24
            text(130, ly + 14, names[g]["name"], 11, "end")
            line(w0, ly + 20, w0 + W, ly + 20, "#ccc")
        if c["kind"] == "HRT":
            g = lanes[0]
            rect(w0, y + 3, W, 16, PALETTE[g % len(PALETTE)], title="the HRT guest owns "
                 "the core; its interrupts and work do not pass the monitor")
        for g, r0, r1 in a.runs.get(c["id"], []):
            if r1 < t0 or r0 > t1 or g not in lanes:
                continue
            lane = lanes.index(g)
            rect(x(r0), y + lane * 24 + 3, x(r1) - x(r0), 16, PALETTE[g % len(PALETTE)],
                 title=f"{names[g]['name']}: {_show(a, r0 - a.start)}..{_show(a, r1 - a.start)}")
        for g in lanes:
            lane = lanes.index(g)
            ly = y + lane * 24
            for j in a.jobs.get(g, []):
                if t0 <= j.release <= t1:
                    line(x(j.release), ly, x(j.release), ly + 20, "#000", 1.5)
                d = j.release + names[g]["deadline"]
                if t0 <= d <= t1:
                    line(x(d) - 3, ly + 1, x(d) + 3, ly + 1, "#c00", 2)
            for t, _ in a.misses.get(g, []):
                if t0 <= t <= t1:
                    parts.append(f'<path d="M {x(t):.1f} {ly + 2:.1f} l -5 -8 l 10 0 z" '
                                 f'fill="#d00"><title>deadline miss at '
                                 f'{escape(_show(a, t - a.start))}</title></path>')
                    line(x(t), ly, x(t), ly + 20, "#d00", 2.5)
        for t, iid, owner in a.irq_times.get(c["id"], []):
            if t0 <= t <= t1 and owner in lanes:
                ly = y + lanes.index(owner) * 24
                line(x(t), ly + 20, x(t), ly + 24, "#777", 1)
        base = y + len(lanes) * 24
        for i in range(11):
            xx = w0 + W * i / 10
            line(xx, base, xx, base + 4)
            at = t0 - a.start + span * i // 10
            text(xx, base + 16, _show(a, at) if at else "0", 10, "middle")
        y = base + 34
    text(w0, y, "bars: the vCPU held the core; black bar: release; red mark: deadline; "
         "red triangle: deadline miss; grey tick: interrupt", 10, fill="#666")
    height = int(y + 30)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="1100" '
            f'height="{height}" viewBox="0 0 1100 {height}" style="{FONT}">\n'
            f'<rect x="0" y="0" width="1100" height="{height}" fill="#ffffff"/>\n')
    return head + "\n".join(parts) + "\n</svg>\n"


def text(a: decode.Analysis) -> str:
    s = decode.summary(a)
    lines = [f"Trace of variant '{a.meta['variant']}' (config {a.meta['config_hash']}): "
             f"{_show(a, a.end - a.start)} traced"]
    for ring in a.rings:
        lost = f", {ring.lost} older records overwritten" if ring.lost else ""
        lines.append(f"  core {ring.core}: {len(ring.records)} records{lost}")
    lines.append("")
    for name, g in s.items():
        lines.append(f"{name} ({g['level']}, core {g['core']})")
        if g["level"] == "SRT":
            lines.append(f"  jobs {g['jobs']}, deadline misses {g['misses']}, budget overruns "
                         f"{g['overruns']}")
            lines.append(f"  response time min {_show(a, g['response_min'])}, median "
                         f"{_show(a, g['response_median'])}, max {_show(a, g['response_max'])}")
            lines.append(f"  release jitter (processed - scheduled) max "
                         f"{_show(a, g['release_jitter_max'])}, spread "
                         f"{_show(a, g['release_jitter_spread'])}")
            lines.append(f"  longest job on the core {_show(a, g['max_job_run'])} (budget "
                         f"{_show(a, a.meta['guests'][[x['name'] for x in a.meta['guests']].index(name)]['budget'])})")
        if g["utilisation"] is not None:
            planned = (f", planned {g['planned_utilisation']:.1%}"
                       if g["planned_utilisation"] is not None else "")
            lines.append(f"  utilisation measured {g['utilisation']:.1%}{planned}")
        else:
            lines.append("  owns its core (HRT): its work is not traced, only its hypercalls")
        lines.append(f"  interrupts {g['interrupts']}, hypercalls {g['hypercalls']}, faults "
                     f"{g['faults']}")
    return "\n".join(lines) + "\n"
