"""Read and check a platform file (platforms/<name>.yaml) into a Platform."""
from __future__ import annotations

import os

from . import schema
from . import rules
from .diag import Collector, Loc, fail
from .load import MarkedDict, load_yaml
from .model import Device, MonitorCost, Platform, RamBank, TrustZone, TzBit, TzReg
from .units import parse_size, parse_time

REQUIRED_MONITOR_DEVICES = ("gicd", "gicc", "ptimer", "gtimer")
DEFAULT_TLB_LOCKABLE = 4
QEMU_TIMER_HZ = 100_000_000       # QEMU's model of the MPCore timers (shared/QEMU-ZYNQ.md 4)
LIMIT = 1 << 32


def platform_paths(root: str, system_path: str, name: str) -> list[str]:
    """Where platforms/<name>.yaml is looked for: beside the system file, then the root."""
    here = os.path.join(os.path.dirname(system_path) or ".", "platforms", f"{name}.yaml")
    there = os.path.join(root, "platforms", f"{name}.yaml")
    out = [os.path.normpath(here)]
    if os.path.normpath(there) != out[0]:
        out.append(os.path.normpath(there))
    return out


def _device(node: MarkedDict, monitor_only: bool) -> Device:
    return Device(
        name=node["name"], base=node["base"], size=parse_size(node["size"]),
        irqs=tuple(node.get("irqs", ())), private=bool(node.get("private", False)),
        monitor_only=monitor_only, loc=node.loc,
        bus_master=bool(node.get("bus_master", False)),
        tz=tuple(TzBit(b["register"], b["bit"], b.loc) for b in node.get("tz", ())))


def load_platform(root: str, path: str) -> Platform:
    """Load, schema-check and semantically check one platform file."""
    doc = load_yaml(path)
    if not isinstance(doc, MarkedDict):
        raise fail(rules.PLATFORM_INVALID, Loc(path, 1, 1), "a platform file must be a mapping")
    schema.check(doc, schema.load_schema(os.path.join(root, "schema", "platform.schema.json")),
                 "platform")
    errors = Collector()
    P = rules.PLATFORM_INVALID
    name_stem = os.path.splitext(os.path.basename(path))[0]
    if doc["name"] != name_stem:
        errors.error(P, doc.vloc("name"), f"platform name '{doc['name']}' differs from "
                                       f"its file name '{name_stem}'")
    ram = tuple(RamBank(b["name"], b["base"], parse_size(b["size"]), b.loc) for b in doc["ram"])
    for bank in ram:
        if bank.base + bank.size > LIMIT:
            errors.error(P, bank.loc, f"RAM bank '{bank.name}' extends past 4 GB")
    mon_devs = tuple(_device(d, True) for d in doc["monitor_devices"])
    devs = tuple(_device(d, False) for d in doc["devices"])
    seen: dict[str, Device] = {}
    irq_lines = doc["irq_lines"]
    if irq_lines % 32:
        errors.error(P, doc.vloc("irq_lines"), f"'irq_lines' must be a multiple of 32, not {irq_lines}")
    for dev in mon_devs + devs:
        if dev.name in seen:
            errors.error(P, dev.loc, f"duplicate device name '{dev.name}' (first at {seen[dev.name].loc})")
        seen.setdefault(dev.name, dev)
        if dev.base + dev.size > LIMIT:
            errors.error(P, dev.loc, f"device '{dev.name}' extends past 4 GB")
        for irq in dev.irqs:
            if irq >= irq_lines:
                errors.error(P, dev.loc, f"IRQ {irq} of device '{dev.name}' is beyond "
                                      f"'irq_lines' ({irq_lines})")
    for need in REQUIRED_MONITOR_DEVICES:
        if not any(d.name == need for d in mon_devs):
            errors.error(P, doc.vloc("monitor_devices"), f"'monitor_devices' must include '{need}'")
    ptimer = next((d for d in mon_devs if d.name == "ptimer"), None)
    if ptimer and len(ptimer.irqs) != 1:
        errors.error(P, ptimer.loc, "monitor device 'ptimer' must have exactly one IRQ")
    edge = tuple(doc.get("edge_irqs", ()))
    for i, irq in enumerate(edge):
        if irq >= irq_lines:
            errors.error(P, doc["edge_irqs"].iloc(i), f"edge IRQ {irq} is beyond 'irq_lines' "
                                                      f"({irq_lines})")
    soft = tuple(doc.get("software_spis", ()))
    for i, irq in enumerate(soft):
        if irq >= irq_lines or any(irq in d.irqs for d in mon_devs + devs):
            errors.error(P, doc["software_spis"].iloc(i), f"software SPI {irq} is beyond "
                         f"'irq_lines' ({irq_lines}) or raised by a device")
    mon = doc["monitor"]
    mem = mon["memory"]
    console = mon["console"]
    if not any(d.name == console and not d.private for d in devs):
        errors.error(P, mon.vloc("console"), f"console '{console}' is not one of the platform's "
                                          "'devices'")
    mbase, msize = mem["base"], parse_size(mem["size"])
    target = doc.get("target", "qemu")
    clocks = doc["clocks"]
    hz, cpu_hz = clocks["private_timer_hz"], clocks.get("cpu_hz")
    if target == "board":
        _board_clocks(doc, hz, cpu_hz, errors)
    mailbox, reserved, boot_loc = None, None, None
    if "boot" in doc:
        boot = doc["boot"]
        mailbox, boot_loc = boot["secondary_mailbox"], boot.vloc("secondary_mailbox")
        reserved = (boot["reserved"]["base"], parse_size(boot["reserved"]["size"]))
        if not reserved[0] <= mailbox <= reserved[0] + reserved[1] - 4 or mailbox % 4:
            errors.error(P, boot_loc, f"'secondary_mailbox' 0x{mailbox:08x} must be a word "
                                      "inside 'boot.reserved'")
    trustzone = _trustzone(doc, mon_devs + devs, errors) if "trustzone" in doc else None
    errors.check()
    return Platform(
        name=doc["name"], path=path, cores=doc["cores"], ram=ram,
        monitor_base=mbase, monitor_size=msize, monitor_loc=mon.vloc("memory"),
        console=console, console_loc=mon.vloc("console"),
        private_timer_hz=doc["clocks"]["private_timer_hz"],
        monitor_devices=mon_devs, devices=devs, irq_lines=irq_lines, edge_irqs=edge,
        tlb_lockable=doc.get("tlb_lockable_entries", DEFAULT_TLB_LOCKABLE),
        target=target, cpu_hz=cpu_hz, secondary_mailbox=mailbox, boot_reserved=reserved,
        boot_loc=boot_loc,
        trustzone_ddr_block=parse_size(doc["trustzone"]["ddr_block"]) if "trustzone" in doc else 0,
        software_spis=soft,
        trustzone=trustzone,
        **_admission(doc))



def _trustzone(doc: MarkedDict, devs: tuple[Device, ...], errors: Collector) -> TrustZone | None:
    """The TrustZone registers of the platform (trustzone.py), and the
    devices' `tz` bits checked against them."""
    P = rules.PLATFORM_INVALID
    tz = doc["trustzone"]
    regs = tuple(TzReg(r["name"], r["address"], bool(r.get("slcr", False)),
                       not r.get("write_only", False), r.get("what", ""), r.loc)
                 for r in tz.get("registers", ()))
    names = {}
    for r in regs:
        if r.name in names:
            errors.error(P, r.loc, f"duplicate TrustZone register '{r.name}' (first at "
                                   f"{names[r.name].loc})")
        names.setdefault(r.name, r)
        if r.address % 4:
            errors.error(P, r.loc, f"TrustZone register '{r.name}' at 0x{r.address:08x} is not "
                                   "word aligned")
    if len(regs) > 32:
        errors.error(P, tz.vloc("registers"), f"{len(regs)} TrustZone registers: the monitor "
                                              "takes at most 32")
    if any(r.slcr for r in regs) and not any(d.name == "slcr" for d in devs if d.monitor_only):
        errors.error(P, tz.vloc("registers"), "TrustZone registers in the SLCR need the monitor "
                                              "device 'slcr' (its lock and unlock)")
    refs = []
    for key in ("ddr", "sac", "snsac"):
        if key in tz:
            refs.append((tz[key], tz.vloc(key)))
    ocm = tz.get("ocm")
    if ocm is not None:
        refs += [(n, ocm["registers"].iloc(i)) for i, n in enumerate(ocm["registers"])]
    for dev in devs:
        refs += [(b.register, b.loc) for b in dev.tz]
    for name, loc in refs:
        if name not in names:
            errors.error(P, loc, f"'{name}' is not one of 'trustzone.registers'")
    return TrustZone(
        ddr_block=parse_size(tz["ddr_block"]), registers=regs, ddr=tz.get("ddr"),
        ocm=tuple(ocm["registers"]) if ocm else (), ocm_base=ocm["base"] if ocm else 0,
        ocm_page=parse_size(ocm["page"]) if ocm else 0, sac=tz.get("sac"),
        snsac=tz.get("snsac"), loc=doc.kloc("trustzone"))


def _admission(doc: MarkedDict) -> dict:
    """The monitor's cost per job and the scheduling minimums (issue 8)."""
    out: dict = {}
    cost = doc.get("monitor_cost")
    if cost is not None:
        out["monitor_cost"] = MonitorCost(cost["measured"], cost["cpu_hz"], cost["release"],
                                          cost["switch"], cost["interrupt"], doc.kloc("monitor_cost"),
                                          cost.get("longest_path", 2000))
    mins = doc.get("scheduling_minimums")
    if mins is not None:
        out.update(min_period=parse_time(mins["period"]), min_budget=parse_time(mins["budget"]),
                   minimums_loc=doc.kloc("scheduling_minimums"))
    return out


def _board_clocks(doc: MarkedDict, hz: int, cpu_hz: int | None, errors: Collector) -> None:
    """A board image's timers run at CPU_3x2x, half the CPU clock (UG585 chapter 25):
    QEMU's 100 MHz would make every period and budget 3.3 times too short."""
    clocks = doc["clocks"]
    if cpu_hz is None:
        errors.error(rules.BOARD_CLOCK, doc.vloc("clocks"), "a 'board' platform must give "
                     "'clocks.cpu_hz' (the CPU clock)")
        return
    want = cpu_hz // 2
    if abs(hz - want) > 1:
        qemu = " (QEMU's clock)" if hz == QEMU_TIMER_HZ else ""
        errors.error(rules.BOARD_CLOCK, clocks.vloc("private_timer_hz"),
                     f"'private_timer_hz' {hz}{qemu} is not CPU_3x2x = cpu_hz / 2 = {want} "
                     f"on a 'board' platform", hint=f"private_timer_hz: {want}")
