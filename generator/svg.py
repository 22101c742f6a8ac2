"""report.svg: the system as one picture a person reads.

Panels, top to bottom: physical memory map (who owns what; free space
compressed), each guest's address space, per-core utilisation, the EDF
schedule of each shared core over one hyperperiod (bounded), and the
interrupt map. Plain SVG 1.1 with no scripts or external references,
deterministic (no timestamps, fixed number formatting).
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from . import busmaster, checks, timing
from .allocate import CORE_HRT, CORE_IDLE, IO_PROXY, IO_VUART, Layout
from .gic import OWNER_MONITOR, OWNER_NONE
from .model import MEDIATED, PASSTHROUGH
from .units import show_size, show_time

W = 1100
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948",
           "#9c755f", "#ff9da7", "#86bcb6", "#d37295", "#a0cbe8", "#8cd17d", "#b6992d",
           "#499894")
MONITOR = "#555555"
FREE = "#eeeeee"
DEVICE = "#bbbbbb"
FONT = "font-family:DejaVu Sans,Arial,sans-serif"


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


class _Doc:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y = 0

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str = "#333",
             dash: bool = False, title: str = "") -> None:
        extra = ' stroke-dasharray="4 3"' if dash else ""
        t = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" '
                          f'height="{h:.1f}" fill="{fill}" stroke="{stroke}" '
                          f'stroke-width="0.8"{extra}>{t}</rect>')

    def text(self, x: float, y: float, s: str, size: int = 12, anchor: str = "start",
             weight: str = "normal", fill: str = "#000") -> None:
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" '
                          f'text-anchor="{anchor}" font-weight="{weight}" fill="{fill}">'
                          f"{escape(s)}</text>")

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = "#333",
             width: float = 1) -> None:
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                          f'stroke="{stroke}" stroke-width="{width}"/>')

    def heading(self, s: str) -> None:
        self.y += 34
        self.text(20, self.y, s, 16, weight="bold")
        self.y += 12


def _row_height(size: int) -> float:
    # Log scale so that a 4 KB page and a 1 GB gap are both readable.
    return min(44.0, 14.0 + 2.2 * max(0, size.bit_length() - 12))


def _physical(doc: _Doc, layout: Layout) -> None:
    system = layout.system
    doc.heading("Physical memory (free space compressed; row height grows with size)")
    spans = [(system.monitor_base, system.monitor_size, "monitor", MONITOR)]
    for gl in layout.guests:
        for runs in gl.regions:
            for run in runs:
                spans.append((run.pa, run.size, gl.guest.name, colour(gl.guest.index)))
    for cl in layout.channels:
        for pa, size in cl.runs:
            spans.append((pa, size, f"channel {cl.channel.name}", "#ffffff"))
    spans.sort()
    merged: list[list] = []
    for pa, size, who, fill in spans:
        if merged and merged[-1][2] == who and merged[-1][0] + merged[-1][1] == pa:
            merged[-1][1] += size
            merged[-1][4] += 1
        else:
            merged.append([pa, size, who, fill, 1])
    merged = _interleave(merged)
    for bank in system.platform.ram:
        rows = [m for m in merged if bank.base <= m[0] < bank.base + bank.size]
        doc.y += 6
        doc.text(20, doc.y + 12, f"{bank.name} 0x{bank.base:08x}, {show_size(bank.size)}", 12,
                 weight="bold")
        doc.y += 18
        cursor = bank.base
        for pa, size, who, fill, runs in rows + [[bank.base + bank.size, 0, "", "", 0]]:
            if pa > cursor:
                h = 12.0
                doc.rect(140, doc.y, 260, h, FREE, "#999", dash=True)
                doc.text(410, doc.y + 10, f"free {show_size(pa - cursor)}", 10, fill="#666")
                doc.text(130, doc.y + 10, f"0x{cursor:08x}", 10, "end", fill="#666")
                doc.y += h
            if not size:
                break
            h = _row_height(size)
            if isinstance(fill, list):          # interleaved frames: one stripe per owner
                doc.rect(140, doc.y, 260, h, "#ffffff", title=f"{who} 0x{pa:08x}")
                for k, f in enumerate(fill):
                    doc.rect(140 + k * 260 / len(fill), doc.y, 260 / len(fill), h, f)
                label = f"{who}: {runs} interleaved runs, {show_size(size)}"
            else:
                doc.rect(140, doc.y, 260, h, fill, title=f"{who} 0x{pa:08x} {show_size(size)}")
                label = f"{who}  {show_size(size)}" + (f" in {runs} runs" if runs > 1 else "")
            doc.text(410, doc.y + min(h, 24) / 2 + 5, label, 12)
            doc.text(130, doc.y + min(h, 24) / 2 + 5, f"0x{pa:08x}", 10, "end")
            doc.y += h
            cursor = pa + size


def _interleave(rows: list[list], small: int = 0x10000, least: int = 6) -> list[list]:
    """Collapse long stretches of small adjacent runs (scattered NRT frames) into one row."""
    out: list[list] = []
    i = 0
    while i < len(rows):
        j = i
        while (j + 1 < len(rows) and rows[j + 1][1] <= small and rows[j][1] <= small
               and rows[j][0] + rows[j][1] == rows[j + 1][0]):
            j += 1
        if j - i + 1 >= least:
            group = rows[i:j + 1]
            owners: list[str] = []
            fills: list[str] = []
            for r in group:
                if r[2] not in owners:
                    owners.append(r[2])
                    fills.append(r[3])
            out.append([group[0][0], group[-1][0] + group[-1][1] - group[0][0],
                        ", ".join(owners), fills, sum(r[4] for r in group)])
            i = j + 1
        else:
            out.append(rows[i])
            i += 1
    return out


def _spaces(doc: _Doc, layout: Layout) -> None:
    system = layout.system
    doc.heading("Guest address spaces (dashed: unmapped, each access trapped by the monitor)")
    n = len(layout.guests)
    colw = max(120.0, min(260.0, (W - 40) / max(n, 1) - 10))
    top = doc.y
    bottom = top
    for k, gl in enumerate(layout.guests):
        g = gl.guest
        x = 20 + k * (colw + 10)
        rows = []
        for runs in gl.regions:
            for run in runs:
                rows.append((run.va, run.size, "RAM", colour(g.index), False))
        for u in g.devices:
            first, span = u.device.page_span
            if u.access == PASSTHROUGH:
                rows.append((u.va, span, f"dev {u.device.name}", DEVICE, False))
            elif u.access == MEDIATED:
                rows.append((first, span, f"{u.device.name} (priv)", "#dddddd", False))
        for e in gl.io:
            if not e.mapped:
                kind = {IO_VUART: "vuart", IO_PROXY: "proxy"}.get(e.kind, "io")
                rows.append((e.va, e.size, f"{kind} {e.name}", "#ffffff", True))
        for end in gl.channels:
            rows.append((end.va, end.channel.size,
                         f"ch {end.channel.name} {'rw' if end.writer else 'ro'}", "#ffffff",
                         False))
        rows.append((system.monitor_base, system.monitor_size, "monitor", MONITOR, False))
        rows.sort(key=lambda r: (r[0], r[1]))
        merged: list[list] = []
        for va, size, label, fill, dash in rows:
            if merged and merged[-1][2] == label and merged[-1][0] + merged[-1][1] == va:
                merged[-1][1] += size
            else:
                merged.append([va, size, label, fill, dash])
        y = top
        doc.rect(x, y, colw, 20, colour(g.index))
        doc.text(x + colw / 2, y + 14, f"{g.name} ({g.level}, core {g.core})", 12, "middle",
                 "bold", "#fff")
        y += 24
        for dev, _ in busmaster.trusted(g):
            # trusted_dma: the guest breaks every guest's isolation; say so in red.
            doc.rect(x, y, colw, 20, "#ffdddd", stroke="#cc0000",
                     title=f"bus master {dev}: its DMA reaches all of memory (no IOMMU)")
            doc.text(x + 4, y + 14, f"ISOLATION BROKEN: DMA {dev}", 10, weight="bold",
                     fill="#cc0000")
            y += 22
        for va, size, label, fill, dash in merged:
            h = 26.0
            doc.rect(x, y, colw, h, fill, dash=dash, title=f"{label} 0x{va:08x} {show_size(size)}")
            ink = "#fff" if fill in (MONITOR,) else "#000"
            doc.text(x + 4, y + 11, f"0x{va:08x} {show_size(size)}", 9, fill=ink)
            doc.text(x + 4, y + 22, label, 10, fill=ink)
            y += h + 2
        bottom = max(bottom, y)
    doc.y = bottom


def _cores(doc: _Doc, layout: Layout) -> None:
    system = layout.system
    doc.heading("Per-core utilisation")
    for c in layout.cores:
        x0, w = 140.0, 700.0
        doc.text(130, doc.y + 15, f"core {c.id}", 12, "end", "bold")
        if c.kind == CORE_HRT:
            g = system.guests[c.vcpus[0]]
            doc.rect(x0, doc.y, w, 20, colour(g.index))
            doc.text(x0 + w / 2, doc.y + 14, f"HRT {g.name}: owns the whole core", 12, "middle",
                     "bold", "#fff")
        elif c.kind == CORE_IDLE:
            doc.rect(x0, doc.y, w, 20, FREE, "#999")
            doc.text(x0 + w / 2, doc.y + 14, "idle", 12, "middle")
        else:
            guests, tasks = checks.srt_tasks(system, c.id)
            x = x0
            for g in guests:
                share = g.schedule.budget / g.schedule.period
                doc.rect(x, doc.y, w * share, 20, colour(g.index),
                         title=f"{g.name} {share:.1%}")
                if w * share > 60:
                    doc.text(x + 4, doc.y + 14, f"{g.name} {share:.1%}", 11, fill="#fff")
                x += w * share
            r = timing.analyse(tasks)
            doc.rect(x, doc.y, x0 + w - x, 20, FREE, "#999", dash=True)
            nrt = [g.name for g in system.guests if g.core == c.id and g.level == "NRT"]
            doc.text(x0 + w + 8, doc.y + 14, f"SRT {float(r.utilisation):.1%}, NRT slack "
                     f"{float(r.slack):.1%}" + (f" ({', '.join(nrt)})" if nrt else ""), 11)
        doc.y += 28


def _schedule(doc: _Doc, layout: Layout) -> None:
    system = layout.system
    for c in layout.cores:
        guests, tasks = checks.srt_tasks(system, c.id)
        if not tasks:
            continue
        r = timing.analyse(tasks)
        win = timing.window(r)
        slices, _ = timing.simulate(tasks, win)
        whole = "one hyperperiod" if win == r.hyperperiod else f"first {show_time(win)}"
        doc.heading(f"EDF schedule of core {c.id}, {whole} (hyperperiod "
                    f"{show_time(r.hyperperiod)}), every job using its whole budget")
        x0, w = 140.0, 900.0
        lanes = list(guests) + [None]
        for lane, g in enumerate(lanes):
            y = doc.y + lane * 24
            doc.text(130, y + 14, g.name if g else "NRT / idle", 11, "end")
            doc.line(x0, y + 20, x0 + w, y + 20, "#ccc")
        for s in slices:
            lane = s.task if s.task >= 0 else len(guests)
            fill = colour(guests[s.task].index) if s.task >= 0 else FREE
            x = x0 + w * s.start / win
            doc.rect(x, doc.y + lane * 24 + 3, w * (s.end - s.start) / win, 16, fill,
                     "#999" if s.task < 0 else "#333",
                     title=f"{show_time(s.start)}..{show_time(s.end)}")
        for lane, k in enumerate(tasks):
            y = doc.y + lane * 24
            for t in range(0, win + 1, k.period):
                x = x0 + w * t / win
                doc.line(x, y, x, y + 20, "#000", 1.5)               # release
                d = t + k.deadline
                if d <= win:
                    xd = x0 + w * d / win
                    doc.line(xd - 3, y + 1, xd + 3, y + 1, "#c00", 2)   # deadline
        base = doc.y + len(lanes) * 24
        for i in range(11):
            x = x0 + w * i / 10
            doc.line(x, base, x, base + 4)
            doc.text(x, base + 16, show_time(win * i // 10) if i else "0", 10, "middle")
        doc.y = base + 34
        doc.text(x0, doc.y, "black bar: release; red mark: deadline; grey: time left to NRT "
                 "guests", 10, fill="#666")


def _irqs(doc: _Doc, layout: Layout) -> None:
    system = layout.system
    r = layout.routing
    doc.heading("Interrupt map")
    rows = []
    for core in range(system.platform.cores):
        for i, o in enumerate(r.irq_owner_ppi[core]):
            if o != OWNER_NONE:
                rows.append((i, o, f"core {core} (banked)"))
    for i, o in enumerate(r.irq_owner):
        if o != OWNER_NONE:
            rows.append((i, o, f"core {r.irq_target[i]}"))
    if not rows:
        doc.text(40, doc.y + 14, "(no interrupt routed)", 12)
        doc.y += 20
    for i, o, target in rows:
        if o == OWNER_MONITOR:
            name, fill = "monitor", MONITOR
        else:
            name, fill = system.guests[o].name, colour(o)
        doc.rect(40, doc.y + 2, 14, 14, fill)
        doc.text(62, doc.y + 14, f"IRQ {i:3d} -> {name}, {target}, "
                 f"{'edge' if r.irq_flags[i] else 'level'}", 12)
        doc.y += 20


NS_FILL, S_FILL = "#d9ecff", "#ffe0cc"


def _trustzone(doc: _Doc, layout: Layout) -> None:
    """The Secure/Non-secure partition (trustzone.py): DDR blocks, OCM,
    peripherals and the SCU, and whether the target enforces it."""
    from . import trustzone
    part = trustzone.partition(layout.system)
    if part is None:
        return
    doc.heading("TrustZone partition (Non-secure blue, Secure orange)")
    if layout.system.platform.target == "qemu":
        doc.text(20, doc.y + 14, "QEMU does not enforce it: it models none of these registers; "
                 "on QEMU only the DTB and the guest keep Linux out", 12, weight="bold",
                 fill="#b00000")
        doc.y += 20
    for title, rows in (("DDR", part.ddr), ("OCM", part.ocm)):
        if not rows:
            continue
        doc.text(20, doc.y + 14, title, 12, weight="bold")
        doc.y += 18
        for r in rows:
            ns = r["world"] == "Non-secure"
            doc.rect(140, doc.y, 260, 16, NS_FILL if ns else S_FILL,
                     title=f"{r['range']} {r['world']}")
            doc.text(130, doc.y + 12, f"0x{r['pa']:08x}", 10, "end")
            doc.text(410, doc.y + 12, f"{r['world']} {r['owner']}".strip(), 12)
            doc.y += 16
    doc.text(20, doc.y + 14, "Peripherals (every other device: Secure)", 12, weight="bold")
    doc.y += 18
    for d in part.devices:
        ns = d["world"] == "Non-secure"
        doc.rect(140, doc.y, 14, 14, NS_FILL if ns else S_FILL)
        doc.text(162, doc.y + 12, f"{d['name']}: {d['world']}, {d['owner']} ({d['bits']})", 12)
        doc.y += 18
    for line in part.scu:
        doc.text(20, doc.y + 14, "SCU: " + line, 11)
        doc.y += 18


def render(layout: Layout) -> str:
    doc = _Doc()
    system = layout.system
    doc.y = 10
    doc.text(20, 30, f"System '{system.variant}', configuration {layout.config_hash}", 20,
             weight="bold")
    doc.text(20, 50, "generated by python3 -m generator from " + ", ".join(system.inputs), 11,
             fill="#444")
    doc.y = 50
    _physical(doc, layout)
    _trustzone(doc, layout)
    _spaces(doc, layout)
    _cores(doc, layout)
    _schedule(doc, layout)
    _irqs(doc, layout)
    height = int(doc.y + 30)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{W}" '
            f'height="{height}" viewBox="0 0 {W} {height}" style="{FONT}">\n'
            f'<rect x="0" y="0" width="{W}" height="{height}" fill="#ffffff"/>\n')
    return head + "\n".join(doc.parts) + "\n</svg>\n"
