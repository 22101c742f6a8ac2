"""Render the templates from a Layout and write them atomically.

The context built here only names and formats what allocate.py computed;
templates (StrictUndefined) only loop and format. Everything is rendered in
memory first, then written into a temporary directory beside --out which
replaces --out in one rename, so a failed run leaves --out untouched.
"""
from __future__ import annotations

import os
import shutil
import tempfile

import jinja2

from .allocate import CORE_HRT, CORE_IDLE, CORE_SHARED, Layout
from .gic import OWNER_MONITOR, OWNER_NONE
from .units import show_range, show_size, show_time

_CORE_KINDS = {CORE_IDLE: "CORE_IDLE", CORE_SHARED: "CORE_SHARED", CORE_HRT: "CORE_HRT"}


def _hex(value: int, digits: int = 8) -> str:
    return f"0x{value:0{digits}x}"


def _owner_c(owner: int) -> str:
    return {OWNER_NONE: "CFG_OWNER_NONE", OWNER_MONITOR: "CFG_OWNER_MONITOR"}.get(owner, str(owner))


def _rows(values: list[str], per_row: int, first_id: int = 0) -> list[dict]:
    return [{"first": first_id + i, "last": first_id + min(i + per_row, len(values)) - 1,
             "cells": values[i:i + per_row]} for i in range(0, len(values), per_row)]


def _owner_label(layout: Layout, owner: int) -> str:
    if owner == OWNER_NONE:
        return "-"
    if owner == OWNER_MONITOR:
        return "monitor"
    return layout.system.guests[owner].name


def context(layout: Layout, out_dir: str) -> dict:
    system = layout.system
    p = system.platform
    build_dir = os.path.dirname(os.path.normpath(out_dir)) or "."
    guests = []
    for gl in layout.guests:
        g = gl.guest
        runs = [run for region in gl.regions for run in region]
        guests.append({
            "name": g.name, "index": g.index, "level": g.level, "level_enum": f"LEVEL_{g.level}",
            "core": g.core, "asid": g.domain, "domain": g.domain, "entry": gl.entry,
            "stack_top": gl.stack_top, "dacr": gl.dacr, "l1": gl.table.symbol,
            "prefix": f"[{g.name}] ", "image_dir": g.image_dir,
            "bin": os.path.join(build_dir, "guests", f"{g.name}.bin"),
            "lds": os.path.join(out_dir, f"guest_{g.name}.ld"),
            "ram": [{"va": r.va, "size": r.size, "writable": 1} for r in g.regions],
            "zero": [{"pa": run.pa, "size": run.size} for run in runs],
            "load": [{"offset": run.va - gl.regions[0][0].va, "pa": run.pa, "size": run.size}
                     for run in gl.regions[0]],
            "runs": [{"va": run.va, "pa": run.pa, "size": run.size,
                      "range_va": show_range(run.va, run.size),
                      "range_pa": show_range(run.pa, run.size)} for run in runs],
            "ram_size": g.regions[0].size, "ram_origin": g.regions[0].va,
            "devices": [u.device.name for u in g.devices],
            "irqs": [i.id for i in g.irqs],
            "schedule": None if g.schedule is None else {
                "period": show_time(g.schedule.period), "budget": show_time(g.schedule.budget),
                "deadline": show_time(g.schedule.deadline),
                "utilisation": f"{g.schedule.budget / g.schedule.period:.1%}"},
        })
    cores = []
    for c in layout.cores:
        srt = [system.guests[i] for i in c.vcpus if system.guests[i].schedule]
        util = sum(g.schedule.budget / g.schedule.period for g in srt)
        cores.append({
            "id": c.id, "kind": _CORE_KINDS[c.kind], "vcpus": list(c.vcpus),
            "vcpu_names": [system.guests[i].name for i in c.vcpus],
            "quantum_ticks": c.quantum_ticks, "quantum": show_time(c.quantum_ns),
            "banked": c.gic_banked, "utilisation": f"{util:.1%}" if srt else None,
        })
    r = layout.routing
    owner_c = [_owner_c(o) for o in r.irq_owner]
    ppi_c = [[_owner_c(o) for o in core] for core in r.irq_owner_ppi]
    irq_map = []
    for core in range(p.cores):
        for i, o in enumerate(r.irq_owner_ppi[core]):
            if o != OWNER_NONE:
                irq_map.append({"id": i, "owner": _owner_label(layout, o), "target": f"core {core} (banked)"})
    for i, o in enumerate(r.irq_owner):
        if o != OWNER_NONE:
            irq_map.append({"id": i, "owner": _owner_label(layout, o),
                            "target": f"core {system.guests[o].core}"})
    memmap = [{"pa": system.monitor_base, "range": show_range(system.monitor_base, system.monitor_size),
               "size": show_size(system.monitor_size), "owner": "monitor"}]
    for gl in layout.guests:
        for region in gl.regions:
            for run in region:
                memmap.append({"pa": run.pa, "range": show_range(run.pa, run.size),
                               "size": show_size(run.size), "owner": gl.guest.name})
    memmap.sort(key=lambda m: m["pa"])
    devices = [{"name": d.name, "range": show_range(d.base, d.size), "owner": "monitor"}
               for d in p.monitor_devices]
    devices.append({"name": system.console.name,
                    "range": show_range(system.console.base, system.console.size),
                    "owner": "monitor (console)"})
    for gl in layout.guests:
        for u in gl.guest.devices:
            devices.append({"name": u.device.name, "range": show_range(u.device.base, u.device.size),
                            "owner": gl.guest.name})
    devices.sort(key=lambda d: (d["range"], d["name"]))
    flags = [f for f, on in (("CFG_FLAG_TEST_HYPERCALLS", system.test_hypercalls),
                             ("CFG_FLAG_BENCH", system.bench)) if on]
    return {
        "inputs": list(system.inputs), "variant": system.variant, "out_dir": out_dir,
        "guests": guests, "cores": cores,
        "tables": [gl.table for gl in layout.guests] + [layout.monitor_table],
        "irq_lines": p.irq_lines,
        "irq_owner_rows": _rows(owner_c, 8),
        "irq_owner_ppi_rows": [_rows(row, 8) for row in ppi_c],
        "gicd_init": r.gicd_init,
        "flags": " | ".join(flags) if flags else "0",
        "test_hypercalls": int(system.test_hypercalls), "bench": int(system.bench),
        "console": {"name": system.console.name, "base": system.console.base},
        "gicd_base": layout.gicd, "gicc_base": layout.gicc, "ptimer_base": layout.ptimer,
        "ptimer_irq": layout.ptimer_irq, "ptimer_hz": p.private_timer_hz,
        "monitor": {"base": system.monitor_base, "size": system.monitor_size,
                    "range": show_range(system.monitor_base, system.monitor_size)},
        "n_cores": p.cores, "qemu_mem": f"{p.ram[0].size >> 20}M",
        "memmap": memmap, "devices": devices, "irq_map": irq_map,
    }


OUTPUTS = (
    ("config_gen.c", "config_gen.c.j2"),
    ("images.S", "images.S.j2"),
    ("monitor_mem.ld", "monitor_mem.ld.j2"),
    ("build.mk", "build.mk.j2"),
    ("report.txt", "report.txt.j2"),
)


def environment(template_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["hex"] = _hex
    env.filters["hex2"] = lambda v: _hex(v, 2)
    env.filters["hex3"] = lambda v: f"0x{v:03x}"
    return env


def template_paths(template_dir: str) -> list[str]:
    names = sorted({t for _, t in OUTPUTS} | {"guest.ld.j2"})
    return [os.path.normpath(os.path.join(template_dir, n)) for n in names]


def render(layout: Layout, template_dir: str, out_dir: str, inputs: list[str]) -> dict[str, str]:
    """All output files, name -> text."""
    env = environment(template_dir)
    ctx = context(layout, out_dir)
    ctx["inputs"] = inputs
    files = {name: env.get_template(tpl).render(ctx) for name, tpl in OUTPUTS}
    guest_tpl = env.get_template("guest.ld.j2")
    for g in ctx["guests"]:
        files[f"guest_{g['name']}.ld"] = guest_tpl.render(ctx, guest=g)
    return files


def write_atomically(out_dir: str, files: dict[str, str]) -> None:
    """Replace out_dir by a directory holding exactly `files`."""
    out_dir = os.path.normpath(out_dir)
    parent = os.path.dirname(out_dir) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(out_dir)}.new-", dir=parent)
    try:
        for name in sorted(files):
            with open(os.path.join(tmp, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(files[name])
        os.chmod(tmp, 0o755)
        old = None
        if os.path.lexists(out_dir):
            old = tempfile.mkdtemp(prefix=f".{os.path.basename(out_dir)}.old-", dir=parent)
            os.rename(out_dir, os.path.join(old, "gen"))
        os.rename(tmp, out_dir)
        tmp = None
        if old:
            shutil.rmtree(old)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
