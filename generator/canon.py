"""The normalised configuration and its hash.

`normalise` turns a System into plain JSON data: defaults applied, units
converted (bytes, nanoseconds), overlays already merged, references by
name; no file names, lines or variant name. Its canonical JSON (sorted
keys, no spaces) is hashed with SHA-256; the first 16 hex digits are the
configuration hash the image embeds and the monitor prints at boot. Two
files that differ only in formatting, key order, comments or units
(`1M` / `0x100000`) have the same hash.
"""
from __future__ import annotations

import hashlib
import json

from .model import Device, System


def _device(d: Device) -> dict:
    return {"name": d.name, "base": d.base, "size": d.size, "irqs": list(d.irqs),
            "private": d.private}


def _trustzone(system: System) -> dict:
    from . import trustzone
    part = trustzone.partition(system)
    if part is None:
        return {}
    return {"trustzone": [{"name": v.reg.name, "address": v.reg.address, "value": v.value}
                          for v in part.values]}


def normalise(system: System) -> dict:
    p = system.platform
    names = [g.name for g in system.guests]
    build: dict = {"test_hypercalls": system.test_hypercalls, "bench": system.bench}
    if system.test_proxy_delay:   # only when set, as test_foreign_section
        build["test_proxy_delay"] = system.test_proxy_delay
    for flag in ("test_stack_check", "test_monitor_faults"):
        if getattr(system, flag):   # only when set, as below
            build[flag] = True
    if system.test_bus_error is not None:
        build["test_bus_error"] = names[system.test_bus_error]
    fs = system.test_foreign_section
    if system.trace:     # only when set, as below
        build["trace"] = True
    if fs is not None:   # only when set: the hash of every other system is unchanged
        build["test_foreign_section"] = {"guest": names[fs.guest], "of": names[fs.of],
                                         "va": fs.va}
    return {
        "platform": {
            "name": p.name, "cores": p.cores, "private_timer_hz": p.private_timer_hz,
            "ram": [{"name": b.name, "base": b.base, "size": b.size} for b in p.ram],
            "monitor_devices": [_device(d) for d in p.monitor_devices],
            "devices": [_device(d) for d in p.devices],
            "irq_lines": p.irq_lines, "edge_irqs": sorted(p.edge_irqs),
            "tlb_lockable_entries": p.tlb_lockable,
            "target": p.target, "cpu_hz": p.cpu_hz,
            "secondary_mailbox": p.secondary_mailbox,
            "boot_reserved": None if p.boot_reserved is None else list(p.boot_reserved),
            **({"trustzone_ddr_block": p.trustzone_ddr_block} if p.trustzone_ddr_block else {}),
        },
        "monitor": {"base": system.monitor_base, "size": system.monitor_size,
                    "console": system.console.name,
                    "console_input": None if system.console_input is None
                    else names[system.console_input],
                    "missing_core": system.missing_core,
                    "core_start_timeout_ns": system.core_start_timeout_ns},
        "build": build,
        # The TrustZone registers' values (trustzone.py), only for a system with
        # a Non-secure guest: the hash of every other system is unchanged.
        **_trustzone(system),
        "cores": [{"id": c.id, "quantum_ns": c.quantum_ns} for c in system.cores],
        "guests": [{
            "name": g.name, "level": g.level, "core": g.core, "image": g.image,
            "memory": [{"guest": r.va, "base": r.base, "size": r.size} for r in g.regions],
            "scatter": g.scatter, "info": g.info,
            "devices": [{"name": u.device.name, "access": u.access, "guest": u.va}
                        for u in g.devices],
            "irqs": [i.id for i in g.irqs],
            "schedule": None if g.schedule is None else {
                "period_ns": g.schedule.period, "budget_ns": g.schedule.budget,
                "deadline_ns": g.schedule.deadline, "min_period_ns": g.schedule.min_period,
                "max_budget_ns": g.schedule.max_budget,
                "exact_release": g.schedule.exact_release},
            "io": [{"name": w.name, "guest": w.va, "device": w.device.name, "offset": w.offset,
                    "size": w.size, "access": w.access} for w in g.io],
            "vuart": g.vuart,
            "proxied": [{"name": x.name, "guest": x.va, "size": x.size,
                         "service": names[x.service]} for x in g.proxied],
            # Only where set, so the hash of a system without them is unchanged.
            **({"float": "hard"} if g.build.hard_float else {}),
            **({"elf": g.build.elf, "entry": g.build.entry} if g.build.elf else {}),
            **({"cores": list(g.on_cores)} if len(g.on_cores) > 1 else {}),
            # Non-secure guests only, so the hash of every other system stays as it was.
            **({"world": g.world, "linux": {
                "kernel": g.linux.kernel, "kernel_size": g.linux.kernel_size,
                "initrd": g.linux.initrd, "initrd_size": g.linux.initrd_size,
                "bootargs": g.linux.bootargs, "console": g.linux.console.device.name,
                "compatible": g.linux.compatible, "offset": g.linux.offset}}
               if g.non_secure and g.linux is not None else {}),
        } for g in system.guests],
        "channels": [{"name": c.name, "writer": names[c.writer], "reader": names[c.reader],
                      "size": c.size, "doorbell": c.doorbell} for c in system.channels],
    }


def canonical_json(system: System) -> str:
    return json.dumps(normalise(system), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True)


def config_hash(system: System) -> str:
    return hashlib.sha256(canonical_json(system).encode("ascii")).hexdigest()[:16]
