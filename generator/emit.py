"""Render the templates from a Layout and write them atomically.

The context built here only names and formats what allocate.py computed;
templates (StrictUndefined) only loop and format. Everything is rendered in
memory first, then written into a temporary directory beside --out which
replaces --out in one rename, so a failed run leaves --out untouched.
"""
from __future__ import annotations

import functools
import json
import os
import shlex
import shutil
import tempfile

import jinja2

from . import busmaster, hrtmap, nsguest, probes, stacks, svg, trustzone as tzmod
from .allocate import (GUEST_INFO, GUEST_SERVICE, GUEST_VFP, IO_PHYS, IO_PROXY, IO_READ,
                       IO_VUART, IO_WRITE, Layout)
from .gic import OWNER_MONITOR, OWNER_NONE
from .report_ctx import (_CORE_KINDS, _admission, _board, _merge_memmap, _timing, _trace_meta,
                         _trustzone, _where)
from .report_ctx import timing_summary  # noqa: F401  (python3 -m generator prints it)
from .units import show_range, show_size, show_time

_FAULT_POLICIES = {"stop": "FAULT_STOP", "restart": "FAULT_RESTART",
                   "stop-system": "FAULT_STOP_SYSTEM"}
_ALL_STOPPED = {"halt": "ALL_STOPPED_HALT", "reset": "ALL_STOPPED_RESET",
                "idle": "ALL_STOPPED_IDLE"}
_IO_KINDS = {IO_PHYS: "IO_PHYS", IO_VUART: "IO_VUART", IO_PROXY: "IO_PROXY"}


def _macro(name: str) -> str:
    """A name as part of a C macro: upper case, other characters as '_'."""
    return "".join(c if c.isalnum() else "_" for c in name.upper())


def _bits(value: int, names: list[tuple[int, str]]) -> str:
    parts = [n for bit, n in names if value & bit]
    return " | ".join(parts) if parts else "0"


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


def _phys(runs) -> str:
    """Where a region lives physically, in a few words."""
    if len(runs) == 1:
        return f"pa {show_range(runs[0].pa, runs[0].size)}"
    shown = ", ".join(f"0x{r.pa:08x}+{show_size(r.size)}" for r in runs[:4])
    more = f", ... ({len(runs) - 4} more)" if len(runs) > 4 else ""
    return f"{len(runs)} physical runs: {shown}{more}"


def _guest(layout: Layout, gl, build_dir: str, out_dir: str) -> dict:
    g = gl.guest
    system = layout.system
    names = [x.name for x in system.guests]
    runs = [run for region in gl.regions for run in region]
    ticks = gl.ticks
    io = [{"va": e.va, "size": e.size, "target": e.target, "kind": _IO_KINDS[e.kind],
           "perms": _bits(e.perms, [(IO_READ, "CFG_IO_READ"), (IO_WRITE, "CFG_IO_WRITE")]),
           "mapped": e.mapped, "service": e.service, "name": e.name,
           "service_name": names[e.service] if e.kind == IO_PROXY else "", "pair": e.pair,
           "range": show_range(e.va, e.size)} for e in gl.io]
    ends = [{"channel": e.channel.index, "name": e.channel.name, "peer": e.peer,
             "peer_name": names[e.peer], "writer": e.writer, "peer_virq": e.peer_virq,
             "peer_spi": e.peer_spi,
             "va": e.va, "size": e.channel.size, "index": e.local_index,
             "virq": 100 + e.channel.index if e.channel.doorbell else 0,
             "macro": _macro(e.channel.name), "range": show_range(e.va, e.channel.size)}
            for e in gl.channels]
    sched = None
    if g.schedule is not None:
        s = g.schedule
        sched = {"period": show_time(s.period), "budget": show_time(s.budget),
                 "deadline": show_time(s.deadline), "min_period": show_time(s.min_period),
                 "max_budget": show_time(s.max_budget),
                 "period_ns": s.period, "budget_ns": s.budget, "deadline_ns": s.deadline,
                 "utilisation": f"{s.budget / s.period:.1%}", "where": _where(s.loc)}
    devices = []
    for u in g.devices:
        first, span = u.device.page_span
        devices.append({"name": u.device.name, "macro": _macro(u.device.name),
                        "access": u.access, "va": u.va, "pa": first, "irqs": list(u.device.irqs),
                        "range_va": show_range(u.va, span), "range_pa": show_range(first, span),
                        "where": _where(u.loc)})
    return {
        "name": g.name, "index": g.index, "level": g.level, "level_enum": f"LEVEL_{g.level}",
        "core": g.core, "asid": g.domain, "domain": g.domain, "entry": gl.entry,
        "stack_top": gl.stack_top, "dacr": gl.dacr,
        "l1": gl.table.symbol if gl.table is not None else layout.monitor_table.symbol,
        "prefix": f"[{g.name}] ", "image_dir": g.image_dir, "where": _where(g.loc),
        "bin": os.path.join(build_dir, "guests", f"{g.name}.bin"),
        "lds": os.path.join(out_dir, f"guest_{g.name}.ld"),
        "ram": [{"va": r.va, "size": r.size, "writable": 1, "where": _where(r.loc)}
                for r in g.regions],
        "zero": [] if gl.ns else [{"pa": run.pa, "size": run.size} for run in runs],
        "load": [] if gl.ns else [{"offset": run.va - gl.regions[0][0].va, "pa": run.pa,
                                   "size": run.size} for run in gl.regions[0]],
        "runs": [{"va": run.va, "pa": run.pa, "size": run.size,
                  "range_va": show_range(run.va, run.size),
                  "range_pa": show_range(run.pa, run.size)} for run in runs],
        "regions": [{"range_va": show_range(r.va, r.size), "where": _where(r.loc),
                     "phys": _phys(runs)} for r, runs in zip(g.regions, gl.regions)],
        "ram_size": g.regions[0].size, "ram_origin": g.regions[0].va,
        "devices": devices,
        "irqs": [i.id for i in g.irqs],
        "schedule": sched,
        "ticks": {"period": ticks.period, "budget": ticks.budget, "deadline": ticks.deadline,
                  "min_period": ticks.min_period, "max_budget": ticks.max_budget,
                  "lead": ticks.lead},
        "flags": _bits(gl.flags, [(GUEST_INFO, "CFG_GUEST_INFO"),
                                  (GUEST_SERVICE, "CFG_GUEST_SERVICE"),
                                  (GUEST_VFP, "CFG_GUEST_VFP")]),
        "tlb_lock": list(gl.tlb_lock), "tlb_slot": gl.tlb_slot, "io": io, "channels": ends,
        "vuart": g.vuart, "scatter": g.scatter, "info": g.info,
        "proxied": [{"name": x.name, "macro": _macro(x.name), "va": x.va, "size": x.size,
                     "service": names[x.service]} for x in g.proxied],
        "io_windows": [{"name": w.name, "macro": _macro(w.name), "va": w.va, "size": w.size}
                       for w in g.io],
        "ram_extra": [{"n": n, "va": r.va, "size": r.size}
                      for n, r in enumerate(g.regions) if n > 0],
        "foreign_section": _foreign_section(layout, g.index),
        "io_served": list(gl.io_served),
        **_build(g),
        "on_fault": _FAULT_POLICIES[g.on_fault], "on_fault_name": g.on_fault,
        "max_restarts": g.max_restarts,
        "restart_clear": [{"va": r.va, "size": r.size, "what": f"RAM {show_range(r.va, r.size)}"}
                          for r in g.regions] + [
                              {"va": e.va, "size": e.channel.size,
                               "what": f"channel {e.channel.name} (written by this guest)"}
                              for e in gl.channels if e.writer],
        "trusted_dma": [{"device": d, "reason": r} for d, r in busmaster.trusted(g)],
        "smc_vectors": gl.smc_vectors, "smc_dacr": gl.smc_dacr,
        "hrt_reaches": ([what for _, what, glob in hrtmap.monitor_pages(system, g) if not glob]
                        if g.level == "HRT" else []),
        "ns": _ns(layout, gl, build_dir, out_dir),
    }


def _ns(layout: Layout, gl, build_dir: str, out_dir: str) -> dict | None:
    """A Non-secure guest: what its boot tables and its device tree say."""
    nl = gl.ns
    if nl is None:
        return None
    g, lx = gl.guest, gl.guest.linux
    con = lx.console.device
    first_page = con.page_span[0]
    irq_cells = []
    for i in g.irqs:
        irq_cells.append((0, i.id - 32, 4) if i.id >= 32 else (1, i.id - 16, 0x304))
    devices = []
    for u in g.devices:
        if u is lx.console:
            continue
        devices.append({"name": u.device.name, "base": u.device.base, "size": u.device.size,
                        "irqs": [(0, i - 32, 4) for i in u.device.irqs
                                 if i >= 32 and any(x.id == i for x in g.irqs)]})
    con_irqs = [i for i in con.irqs if any(x.id == i for x in g.irqs) and i >= 32]
    return {
        "entry": nl.entry, "dtb": nl.dtb, "initrd": nl.initrd, "initrd_end": nl.initrd_end,
        "mem_range": show_range(nl.base, nl.mem_size),
        "stash_range": show_range(nl.stash, nl.stash_size),
        "base": nl.base, "size": nl.size, "mem_size": nl.mem_size,
        "stash": nl.stash, "stash_size": nl.stash_size,
        "kernel": lx.kernel, "initrd_file": lx.initrd,
        "dts": os.path.join(out_dir, f"{g.name}.dts"),
        "dtb_file": os.path.join(build_dir, f"{g.name}.dtb"),
        "bootargs": lx.bootargs.replace("\\", "\\\\").replace('"', '\\"'),
        "console": {"compatible": lx.compatible, "base": con.base + lx.offset,
                    "size": con.size - lx.offset, "irq": con_irqs[0] - 32 if con_irqs else None,
                    "device": con.name, "uart_txen": first_page},
        "devices": devices, "irq_cells": irq_cells,
        "cpus": sorted(g.on_cores), "cpu_mask": sum(1 << c for c in g.on_cores),
        "twd_flags": sum(1 << c for c in g.on_cores) << 8 | 4,
        "timer_hz": layout.system.platform.private_timer_hz,
        "gicd": layout.gicd, "gicc": layout.gicc, "ptimer": layout.ptimer,
        "channels": [{"name": c.name, "pa": c.pa, "size": c.size, "writer": c.writer,
                      "reader": c.reader, "spi": c.spi} for c in nl.channels],
        "doorbells": [{"name": c.name, "node": c.name.replace("_", "-"), "cell": c.spi - 32,
                       "spi": c.spi, "code": nsguest.DOORBELL_CODE + n}
                      for n, c in enumerate(c for c in nl.channels if c.spi)],
    }


def _make_word(word: str) -> str:
    """One shell word inside a make variable."""
    return shlex.quote(word).replace("$", "$$").replace("#", "\\#")


def _build(g) -> dict:
    """How build.mk builds the guest (or takes its prebuilt ELF)."""
    b = g.build
    common = [f"-I{d}" for d in b.include] + [f"-D{d}" for d in b.defines]
    return {
        "elf": b.elf or "", "hard_float": b.hard_float,
        "float": "hard" if b.hard_float else "soft",
        "srcs": " ".join(b.sources), "warnings": b.warnings,
        "cflags": " ".join(_make_word(f) for f in common + list(b.cflags)),
        "cxxflags": " ".join(_make_word(f) for f in common + list(b.cxxflags)),
        "libs": " ".join(f"-l{x}" for x in b.libs),
        # the check after linking: python3 -m generator.elfimage
        "check": " ".join(_make_word(w) for w in [
            "--va", f"0x{g.regions[0].va:08x}", "--size", f"0x{g.regions[0].size:08x}",
            "--loc", str(b.loc or g.loc), "--float", "hard" if b.hard_float else "soft",
            "--source", f"prebuilt ELF {b.elf}" if b.elf else f"image built from {g.image_dir}"]),
    }


def source_deps(layout: Layout) -> str:
    """What build.mk was made from besides the inputs: the guests' source
    folders (its source lists come from globs, so a new file must re-run the
    generator) and prebuilt ELF files. The top Makefile reads the line."""
    deps = set()
    for g in layout.system.guests:
        if g.build.elf:
            deps.add(g.build.elf)
        if g.image_dir:
            deps.add(g.image_dir)
            for src in g.build.sources:
                d = os.path.dirname(src)
                while d.startswith(g.image_dir + "/"):
                    deps.add(d)
                    d = os.path.dirname(d)
    return " ".join(sorted(deps))


def _foreign_section(layout: Layout, index: int) -> dict | None:
    """build: test_foreign_section, for the guest whose table holds the entry."""
    fs = layout.system.test_foreign_section
    if fs is None or fs.guest != index:
        return None
    return {"va": fs.va, "pa": fs.pa, "domain": fs.domain,
            "of": layout.system.guests[fs.of].name}


_HEADER_END = "\n#endif /* GUEST_CONFIG_H */\n"


def _foreign_section_defines(header: str, fs: dict | None) -> str:
    """Add TEST_FOREIGN_SECTION_VA to a guest_config.h (test images only)."""
    if fs is None:
        return header
    assert header.endswith(_HEADER_END)
    block = ("\n/* TEST ONLY (build: test_foreign_section): a deliberately wrong section "
             f"entry maps\n * the memory of guest '{fs['of']}' (pa {_hex(fs['pa'])}) here, in its "
             f"domain {fs['domain']},\n * which this guest's DACR does not grant: every access "
             "must take a domain fault. */\n"
             f"#define TEST_FOREIGN_SECTION_VA {_hex(fs['va'])}u\n")
    return header[:-len(_HEADER_END)] + block + _HEADER_END


def context(layout: Layout, out_dir: str) -> dict:
    system = layout.system
    p = system.platform
    build_dir = os.path.dirname(os.path.normpath(out_dir)) or "."
    guests = [_guest(layout, gl, build_dir, out_dir) for gl in layout.guests]
    names = [g.name for g in system.guests]
    cores = []
    for c in layout.cores:
        srt = [system.guests[i] for i in c.vcpus if system.guests[i].schedule]
        util = sum(g.schedule.budget / g.schedule.period for g in srt)
        cores.append({
            "id": c.id, "kind": _CORE_KINDS[c.kind], "vcpus": list(c.vcpus),
            "ns_guest": _owner_c(c.ns_guest), "sched_timer": ("SCHED_TIMER_GLOBAL" if c.sched_timer
                                                              else "SCHED_TIMER_PRIVATE"),
            "vcpu_names": [system.guests[i].name for i in c.vcpus],
            "quantum_ticks": c.quantum_ticks, "quantum": show_time(c.quantum_ns),
            "banked": c.gic_banked, "utilisation": f"{util:.1%}" if srt else None,
        })
    r = layout.routing
    owner_c = [_owner_c(o) for o in r.irq_owner]
    ppi_c = [[_owner_c(o) for o in core] for core in r.irq_owner_ppi]
    flags_c = ["CFG_IRQ_EDGE" if f else "0" for f in r.irq_flags]
    irq_map = []
    for core in range(p.cores):
        for i, o in enumerate(r.irq_owner_ppi[core]):
            if o != OWNER_NONE:
                irq_map.append({"id": i, "owner": _owner_label(layout, o),
                                "target": f"core {core} (banked)",
                                "trigger": "edge" if r.irq_flags[i] else "level"})
    for i, o in enumerate(r.irq_owner):
        if o != OWNER_NONE:
            irq_map.append({"id": i, "owner": _owner_label(layout, o),
                            "target": f"core {r.irq_target[i]}",
                            "trigger": "edge" if r.irq_flags[i] else "level"})
    memmap = [{"pa": system.monitor_base, "end": system.monitor_base + system.monitor_size,
               "owner": "monitor", "where": _where(system.monitor_loc)}]
    for gl in layout.guests:
        for region, reg in zip(gl.regions, gl.guest.regions):
            for run in region:
                if gl.ns:      # its channels sit at the top of its RAM
                    memmap.append({"pa": run.pa, "end": run.pa + gl.ns.mem_size,
                                   "owner": gl.guest.name + " (Non-secure)",
                                   "where": _where(reg.loc)})
                    continue
                memmap.append({"pa": run.pa, "end": run.pa + run.size,
                               "owner": gl.guest.name, "where": _where(reg.loc)})
        if gl.ns:
            memmap.append({"pa": gl.ns.stash, "end": gl.ns.stash + gl.ns.stash_size,
                           "owner": f"monitor: {gl.guest.name}'s kernel, DTB, initramfs",
                           "where": _where(gl.guest.linux.loc)})
    for cl in layout.channels:
        for pa, size in cl.runs:
            memmap.append({"pa": pa, "end": pa + size, "owner": f"channel {cl.channel.name}",
                           "where": _where(cl.channel.loc)})
    memmap.sort(key=lambda m: m["pa"])
    memmap = _merge_memmap(memmap)
    devices = [{"name": d.name, "range": show_range(d.base, d.size), "owner": "monitor"}
               for d in p.monitor_devices]
    devices.append({"name": system.console.name,
                    "range": show_range(system.console.base, system.console.size),
                    "owner": "monitor (console)"})
    for gl in layout.guests:
        for u in gl.guest.devices:
            devices.append({"name": u.device.name, "range": show_range(u.device.base, u.device.size),
                            "owner": gl.guest.name + (" (mediated)" if u.access == "mediated" else "")
                            + (", bus master: reaches all memory" if u.device.bus_master else "")})
    devices.sort(key=lambda d: (d["range"], d["name"], d["owner"]))
    trustzone, tz_block = _trustzone(layout)
    part = tzmod.partition(system)
    tz = tzmod.describe(part) if part else None
    if tz:
        for v in tz["values"]:
            v["flags"] = _bits(int(v["slcr"]) | int(v["readback"]) << 1,
                               [(1, "CFG_TZ_SLCR"), (2, "CFG_TZ_READBACK")])
    flags = [f for f, on in (("CFG_FLAG_TEST_HYPERCALLS", system.test_hypercalls),
                             ("CFG_FLAG_BENCH", system.bench),
                             ("CFG_FLAG_TEST_FAULTS", system.test_monitor_faults),
                             ("CFG_FLAG_EMULATED", system.platform.target == "qemu")) if on]
    channels = [{"index": cl.channel.index, "name": cl.channel.name,
                 "writer": cl.channel.writer, "reader": cl.channel.reader,
                 "writer_name": names[cl.channel.writer], "reader_name": names[cl.channel.reader],
                 "doorbell": int(cl.channel.doorbell), "size": cl.channel.size,
                 "writer_va": cl.writer_va, "reader_va": cl.reader_va,
                 "where": _where(cl.channel.loc)} for cl in layout.channels]
    console_input = ("CFG_OWNER_NONE" if system.console_input is None
                     else str(system.console_input))
    return {
        "inputs": list(system.inputs), "variant": system.variant, "out_dir": out_dir,
        "config_hash": layout.config_hash,
        "guests": guests, "cores": cores, "channels": channels,
        "tables": [gl.table for gl in layout.guests if gl.table is not None]
                  + [layout.monitor_table],
        "irq_lines": p.irq_lines,
        "irq_owner_rows": _rows(owner_c, 8),
        "irq_flags_rows": _rows(flags_c, 8),
        "irq_owner_ppi_rows": [_rows(row, 8) for row in ppi_c],
        "gicd_init": r.gicd_init,
        "flags": " | ".join(flags) if flags else "0",
        "test_hypercalls": int(system.test_hypercalls), "bench": int(system.bench),
        "test_stack_check": int(system.test_stack_check),
        "trace": int(system.trace), "trace_meta": _trace_meta(layout),
        "release_leads": int(any(g.schedule is not None and g.schedule.exact_release
                                 for g in system.guests)),
        "console": {"name": system.console.name, "base": system.console.base},
        "console_irq": layout.console_irq, "console_input": console_input,
        "console_input_name": "" if system.console_input is None else names[system.console_input],
        "gicd_base": layout.gicd, "gicc_base": layout.gicc, "ptimer_base": layout.ptimer,
        "ptimer_irq": layout.ptimer_irq, "ptimer_hz": p.private_timer_hz,
        "io_pairs": [{"client": p.client, "service": p.service, "first_slot": p.first_slot,
                      "n_slots": p.n_slots, "client_name": names[p.client],
                      "service_name": names[p.service]} for p in layout.io_pairs],
        "test_proxy_delay": system.test_proxy_delay,
        "gtimer_base": layout.gtimer, "gtimer_irq": layout.gtimer_irq,
        "monitor": {"base": system.monitor_base, "size": system.monitor_size,
                    "range": show_range(system.monitor_base, system.monitor_size),
                    "image_size": hrtmap.smc_page(system) - system.monitor_base,
                    "stacks_base": stacks.layout(system).start,
                    "stacks_size": stacks.layout(system).end - stacks.layout(system).start,
                    "smc_page": hrtmap.smc_page(system)},
        # QEMU models DDR from 0: it needs the end of the bank, not its size.
        "n_cores": p.cores, "qemu_mem": f"{(p.ram[0].base + p.ram[0].size) >> 20}M",
        "memmap": memmap, "devices": devices, "irq_map": irq_map,
        "timing": _timing(layout),
        "on_all_stopped": _ALL_STOPPED[system.on_all_stopped],
        "on_all_stopped_name": system.on_all_stopped,
        "board": _board(layout), "tlb_lockable": p.tlb_lockable,
        "trustzone": trustzone, "trustzone_block": show_size(tz_block) if tz_block else "",
        "tz": tz,
        "admission": _admission(p),
        "input_roles": [f"{f} ({'base' if i == 0 else 'overlay'})"
                        for i, f in enumerate(system.inputs[:-1])] + [
                            f"{system.inputs[-1]} (platform)"],
    }


OUTPUTS = (
    ("config_gen.c", "config_gen.c.j2"),
    ("images.S", "images.S.j2"),
    ("monitor_mem.ld", "monitor_mem.ld.j2"),
    ("build.mk", "build.mk.j2"),
    ("report.txt", "report.txt.j2"),
)
# Written by Python code rather than a template (see svg.py).
SVG = "report.svg"


@functools.lru_cache(maxsize=4)
def environment(template_dir: str) -> jinja2.Environment:
    """A Jinja2 environment per template directory. Cached: compiling the
    templates is most of a run's time; Jinja2 recompiles a template whose
    file changed (auto_reload)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["hex"] = _hex
    env.filters["hex2"] = lambda v: _hex(v, 2)
    env.filters["hex3"] = lambda v: f"0x{v:03x}"
    return env


def template_paths(template_dir: str) -> list[str]:
    names = sorted({t for _, t in OUTPUTS} | {"guest.ld.j2", "guest_config.h.j2", "linux.dts.j2"})
    return [os.path.normpath(os.path.join(template_dir, n)) for n in names]


def render(layout: Layout, template_dir: str, out_dir: str, inputs: list[str]) -> dict[str, str]:
    """All output files, name -> text."""
    env = environment(template_dir)
    ctx = context(layout, out_dir)
    ctx["inputs"] = inputs
    ctx["source_deps"] = source_deps(layout)
    files = {name: env.get_template(tpl).render(ctx) for name, tpl in OUTPUTS}
    files[SVG] = svg.render(layout)
    files["trace_meta.json"] = json.dumps(ctx["trace_meta"], indent=1, sort_keys=True) + "\n"
    guest_tpl = env.get_template("guest.ld.j2")
    header_tpl = env.get_template("guest_config.h.j2")
    dts_tpl = env.get_template("linux.dts.j2")
    for g in ctx["guests"]:
        if g["ns"]:
            files[f"{g['name']}.dts"] = dts_tpl.render(ctx, guest=g)
            continue
        files[f"guest_{g['name']}.ld"] = guest_tpl.render(ctx, guest=g)
        files[f"guest_{g['name']}/guest_config.h"] = _foreign_section_defines(
            header_tpl.render(ctx, guest=g), g["foreign_section"])
    if layout.system.test_probes:
        files["probes.json"] = probes.to_json(layout)
        for name in probes.matrix(layout):
            index = next(g.index for g in layout.system.guests if g.name == name)
            files[f"guest_{name}/probes.h"] = probes.header(layout, index)
    return files


def write_atomically(out_dir: str, files: dict[str, str]) -> None:
    """Replace out_dir by a directory holding exactly `files`."""
    out_dir = os.path.normpath(out_dir)
    parent = os.path.dirname(out_dir) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(out_dir)}.new-", dir=parent)
    try:
        for name in sorted(files):
            path = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
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
