"""system.yaml -> System: the schema, then every semantic check.

Each check reports at the offending node and names the other party with its
location. All diagnostics of a run are collected before raising.
"""
from __future__ import annotations

import os
import re
from fractions import Fraction

from . import schema
from .diag import Collector, ConfigError, Diagnostic, Loc
from .load import MarkedDict, load_yaml
from .model import (HRT, NRT, PAGE, SECTION, SRT, Core, Device, DeviceUse, Guest, Irq,
                    Platform, Region, Schedule, System)
from .platform import load_platform, platform_path
from .units import overlaps, parse_size, parse_time, show_range, show_size, show_time

LIMIT = 1 << 32
DEFAULT_QUANTUM_NS = 10_000_000
_PLATFORM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def load_system(root: str, path: str, variant: str) -> System:
    """Load system.yaml and its platform; raise ConfigError with every error."""
    errors = Collector()
    doc = load_yaml(path)
    if not isinstance(doc, MarkedDict):
        raise ConfigError(Diagnostic(Loc(path, 1, 1),
                                     f"the system must be a mapping, not {schema.show(doc)}"))
    try:
        schema.check(doc, schema.load_schema(os.path.join(root, "schema", "system.schema.json")),
                     "system")
    except ConfigError as e:
        errors.extend(e)
    platform = None
    name = doc.get("platform")
    if isinstance(name, str) and _PLATFORM_NAME.match(name):
        ppath = platform_path(root, name)
        if not os.path.isfile(ppath):
            errors.error(doc.vloc("platform"), f"unknown platform '{name}' (no file {ppath})")
        else:
            try:
                platform = load_platform(root, ppath)
            except ConfigError as e:
                errors.extend(e)
    errors.check()
    assert platform is not None
    return _Builder(root, path, variant, doc, platform).build()


def _ram_bank_of(platform: Platform, base: int, size: int):
    for bank in platform.ram:
        if bank.base <= base and base + size <= bank.base + bank.size:
            return bank
    return None


def _ram_list(platform: Platform) -> str:
    return ", ".join(f"{b.name} {show_range(b.base, b.size)}" for b in platform.ram)


class _Builder:
    def __init__(self, root: str, path: str, variant: str, doc: MarkedDict,
                 platform: Platform) -> None:
        self.root, self.path, self.variant, self.doc = root, path, variant, doc
        self.platform = platform
        self.errors = Collector()

    def error(self, loc: Loc, message: str) -> None:
        self.errors.error(loc, message)

    # -- the monitor -----------------------------------------------------

    def monitor(self) -> tuple[int, int, Loc, Device]:
        p = self.platform
        mon = self.doc.get("monitor", {})
        if "memory" in mon:
            mem = mon["memory"]
            base, size, loc = mem["base"], parse_size(mem["size"]), mon.vloc("memory")
        else:
            base, size, loc = p.monitor_base, p.monitor_size, p.monitor_loc
        if base % SECTION or size % SECTION:
            self.error(loc, f"monitor memory {show_range(base, size)} is not 1 MB aligned")
        if base + size > LIMIT:
            self.error(loc, f"monitor memory 0x{base:08x} + {show_size(size)} extends past 4 GB")
        elif not _ram_bank_of(p, base, size):
            self.error(loc, f"monitor memory {show_range(base, size)} is outside the "
                            f"platform's RAM ({_ram_list(p)})")
        if "console" in mon:
            cname, cloc = mon["console"], mon.vloc("console")
        else:
            cname, cloc = p.console, p.console_loc
        console = p.device(cname)
        if console is None or console.monitor_only or console.private:
            self.error(cloc, f"console '{cname}' is not one of the platform's devices")
            console = next(d for d in p.devices if d.name == p.console)
        self.console_loc = cloc
        return base, size, loc, console

    # -- cores -----------------------------------------------------------

    def cores(self) -> tuple[Core, ...]:
        p = self.platform
        quanta: dict[int, int] = {}
        seen: dict[int, Loc] = {}
        entries = self.doc.get("cores", [])
        for i, entry in enumerate(entries):
            cid, loc = entry["id"], entry.vloc("id")
            if cid >= p.cores:
                self.error(loc, self.no_core(cid))
                continue
            if cid in seen:
                self.error(loc, f"core {cid} is listed twice (first at {seen[cid]})")
                continue
            seen[cid] = loc
            if "quantum" in entry:
                ns = parse_time(entry["quantum"])
                ticks = ns * p.private_timer_hz // 1_000_000_000
                if ticks < 1 or ticks >= LIMIT:
                    self.error(entry.vloc("quantum"),
                               f"quantum {show_time(ns)} is not 1 .. 0xffffffff ticks of the "
                               f"{p.private_timer_hz} Hz private timer")
                quanta[cid] = ns
        return tuple(Core(c, quanta.get(c, DEFAULT_QUANTUM_NS)) for c in range(p.cores))

    def no_core(self, cid: int) -> str:
        n = self.platform.cores
        have = "core 0" if n == 1 else f"cores 0..{n - 1}"
        return f"core {cid} does not exist (platform '{self.platform.name}' has {have})"

    # -- one guest -------------------------------------------------------

    def image_dir(self, node: MarkedDict) -> str:
        image = node["image"]
        here = os.path.join(os.path.dirname(self.path) or ".", "guests", image)
        there = os.path.join(self.root, "guests", image)
        for cand in (here, there):
            if os.path.isdir(cand):
                return os.path.normpath(os.path.relpath(cand, self.root))
        self.error(node.vloc("image"), f"image '{image}' not found: no directory "
                                       f"{os.path.normpath(here)} or {os.path.normpath(there)}")
        return os.path.join("guests", image)

    def region(self, node: MarkedDict, level: str, label: str) -> Region:
        size = parse_size(node["size"])
        va, base = node.get("guest"), node.get("base")
        if level in (HRT, SRT) and base is None:
            why = "straight-mapped" if level == HRT else "placed by the user"
            self.error(node.loc, f"memory region of {level} guest {label} is missing required "
                                 f"key 'base' ({level} memory is {why})")
        if level == HRT and va is not None and base is not None and va != base:
            self.error(node.vloc("guest"), f"HRT guest {label} memory must be straight-mapped: "
                                           f"guest address 0x{va:08x} differs from base "
                                           f"0x{base:08x}")
        if level == NRT and va is None:
            self.error(node.loc, f"memory region of NRT guest {label} is missing required "
                                 "key 'guest' (its guest address)")
        if va is None:
            va = base if base is not None else 0
        align = PAGE if level == NRT else SECTION
        unit = "4K" if level == NRT else "1M"
        mapping = "4 KB pages" if level == NRT else "1 MB sections"
        for key, value in (("guest", node.get("guest")), ("base", base), ("size", size)):
            if value is not None and value % align:
                shown = show_size(value) if key == "size" else f"0x{value:08x}"
                self.error(node.vloc(key), f"'{key}' {shown} of {level} guest {label} is not a "
                                           f"multiple of {unit} ({level} memory is mapped in "
                                           f"{mapping})")
        if va + size > LIMIT:
            self.error(node.vloc("size"), f"memory of guest {label} at guest address "
                                          f"0x{va:08x} + {show_size(size)} extends past 4 GB")
        if base is not None:
            if base + size > LIMIT:
                self.error(node.vloc("size"), f"memory of guest {label} at 0x{base:08x} + "
                                              f"{show_size(size)} extends past 4 GB")
            elif not _ram_bank_of(self.platform, base, size):
                self.error(node.loc, f"guest {label} memory {show_range(base, size)} is outside "
                                     f"the platform's RAM ({_ram_list(self.platform)})")
        return Region(va=va, base=base, size=size, loc=node.loc)

    def schedule(self, node: MarkedDict, level: str, label: str) -> Schedule | None:
        if "schedule" not in node:
            if level == SRT:
                self.error(node.loc, f"SRT guest {label} is missing required key 'schedule'")
            return None
        if level != SRT:
            self.error(node.kloc("schedule"),
                       f"'schedule' is only for SRT guests, not for {level} guest {label}")
            return None
        s = node["schedule"]
        period, budget, deadline = (parse_time(s[k]) for k in ("period", "budget", "deadline"))
        if budget == 0:
            self.error(s.vloc("budget"), f"budget of guest {label} must not be zero")
        if budget > deadline:
            self.error(s.vloc("budget"), f"budget {show_time(budget)} of guest {label} exceeds "
                                         f"its deadline {show_time(deadline)}")
        if deadline > period:
            self.error(s.vloc("deadline"), f"deadline {show_time(deadline)} of guest {label} "
                                           f"exceeds its period {show_time(period)}")
        return Schedule(period, budget, deadline, s.loc)

    def devices(self, node: MarkedDict, level: str, label: str) -> tuple[DeviceUse, ...]:
        uses: list[DeviceUse] = []
        seen: dict[str, Loc] = {}
        for d in node.get("devices", []):
            name, loc = d["name"], d.vloc("name")
            dev = self.platform.device(name)
            if dev is None:
                self.error(loc, f"unknown device '{name}' (not in {self.platform.path})")
                continue
            if dev.monitor_only:
                self.error(loc, f"device '{name}' is reserved for the monitor")
                continue
            if dev.name == self.console.name:
                self.error(loc, f"device '{name}' is the monitor's console ({self.console_loc})")
                continue
            if name in seen:
                self.error(loc, f"device '{name}' is listed twice for guest {label} "
                                f"(first at {seen[name]})")
                continue
            seen[name] = loc
            if dev.private and level != HRT:
                self.error(loc, "private devices are banked per core; only an HRT guest owning "
                                f"its core may have '{name}'")
                continue
            uses.append(DeviceUse(dev, d.get("access", "passthrough"), loc))
        return tuple(uses)

    def irqs(self, node: MarkedDict, label: str, uses: tuple[DeviceUse, ...]) -> tuple[Irq, ...]:
        out: list[Irq] = []
        seen: dict[int, Loc] = {}
        lst = node.get("irqs", [])
        for i, irq in enumerate(lst):
            loc = lst.iloc(i)
            if irq in seen:
                self.error(loc, f"IRQ {irq} is listed twice for guest {label} (first at {seen[irq]})")
                continue
            seen[irq] = loc
            if not any(irq in u.device.irqs for u in uses):
                have = "; ".join(f"{u.device.name}: {', '.join(map(str, u.device.irqs)) or 'none'}"
                                 for u in uses)
                why = f"({have})" if uses else "(it has no devices)"
                self.error(loc, f"IRQ {irq} of guest {label} belongs to none of its devices {why}")
                continue
            out.append(Irq(irq, loc))
        return tuple(out)

    def guest(self, index: int, node: MarkedDict) -> Guest:
        name, level = node["name"], node["level"]
        label = f"'{name}'"
        if name == "monitor":
            self.error(node.vloc("name"), "guest name 'monitor' is reserved")
        core = node["core"]
        if core >= self.platform.cores:
            self.error(node.vloc("core"), self.no_core(core))
        image_dir = self.image_dir(node)
        regions = tuple(self.region(r, level, label) for r in node["memory"])
        uses = self.devices(node, level, label)
        return Guest(
            index=index, name=name, level=level, core=core, image=node["image"],
            image_dir=image_dir, regions=regions, devices=uses,
            irqs=self.irqs(node, label, uses), schedule=self.schedule(node, level, label),
            loc=node.loc, core_loc=node.vloc("core"))

    # -- across guests ---------------------------------------------------

    def check_names(self, nodes) -> None:
        seen: dict[str, Loc] = {}
        for node in nodes:
            name, loc = node["name"], node.vloc("name")
            if name in seen:
                self.error(loc, f"duplicate guest name '{name}' (first at {seen[name]})")
            seen.setdefault(name, loc)

    def check_cores(self, guests: tuple[Guest, ...]) -> None:
        for core in range(self.platform.cores):
            on = [g for g in guests if g.core == core]
            for i, g in enumerate(on):
                other = next((o for o in on[:i] if o.level == HRT or g.level == HRT), None)
                if other is None:
                    continue
                if g.level == HRT:
                    self.error(g.core_loc, f"HRT guest '{g.name}' cannot share core {core} with "
                                           f"guest '{other.name}' ({other.core_loc})")
                else:
                    self.error(g.core_loc, f"guest '{g.name}' cannot share core {core} with "
                                           f"HRT guest '{other.name}' ({other.core_loc})")
            srt = [g for g in on if g.schedule]
            if any(not g.schedule.budget <= g.schedule.deadline <= g.schedule.period
                   for g in srt):
                continue  # already reported; the sum would only repeat it
            shares = [(g, Fraction(g.schedule.budget, g.schedule.period)) for g in srt]
            total = sum((u for _, u in shares), Fraction())
            if total > 1:
                last = srt[-1]
                parts = [f"guest '{g.name}' {float(u):.1%}" + ("" if g is last else
                                                               f" ({g.schedule.loc})")
                         for g, u in reversed(shares)]
                self.error(last.schedule.loc, f"SRT utilisation of core {core} is "
                                              f"{float(total):.1%} (over 100%): "
                                              + ", ".join(parts))

    def check_devices(self, guests: tuple[Guest, ...], console: Device) -> None:
        owner: dict[object, tuple[Guest, DeviceUse]] = {}
        pages: dict[int, tuple[Guest, DeviceUse]] = {}
        irqs: dict[object, tuple[Guest, Irq]] = {}
        mon_pages: dict[int, Device] = {}
        for dev in self.platform.monitor_devices + (console,):
            for page in dev.pages:
                mon_pages.setdefault(page, dev)
        for g in guests:
            for use in g.devices:
                dev = use.device
                key = (dev.name, g.core) if dev.private else dev.name
                if key in owner:
                    og, ou = owner[key]
                    self.error(use.loc, f"device '{dev.name}' of guest '{g.name}' is already "
                                        f"given to guest '{og.name}' ({ou.loc})")
                    continue
                owner[key] = (g, use)
                if dev.private:
                    continue  # banked per core: its page is the core's own
                for page in dev.pages:
                    if page in mon_pages:
                        md = mon_pages[page]
                        what = "the console" if md is console else "monitor device"
                        self.error(use.loc, f"device '{dev.name}' of guest '{g.name}' shares the "
                                            f"4 KB page 0x{page:08x} with {what} '{md.name}' "
                                            f"({md.loc})")
                        break
                    other = pages.get(page)
                    if other and other[0] is not g:
                        og, ou = other
                        self.error(use.loc, f"device '{dev.name}' of guest '{g.name}' shares "
                                            f"the 4 KB page 0x{page:08x} with device "
                                            f"'{ou.device.name}' of guest '{og.name}' ({ou.loc})")
                        break
                    pages.setdefault(page, (g, use))
            for irq in g.irqs:
                key = irq.id if irq.id >= 32 else (irq.id, g.core)
                if key in irqs:
                    og, oi = irqs[key]
                    self.error(irq.loc, f"IRQ {irq.id} of guest '{g.name}' is already routed to "
                                        f"guest '{og.name}' ({oi.loc})")
                    continue
                irqs[key] = (g, irq)

    def check_memory(self, guests: tuple[Guest, ...], mbase: int, msize: int, mloc: Loc,
                     console: Device) -> None:
        placed: list[tuple[Guest, Region]] = []
        for g in guests:
            for r in g.regions:
                if r.base is None or r.base + r.size > LIMIT:
                    continue
                mine = show_range(r.base, r.size)
                if overlaps(r.base, r.size, mbase, msize):
                    self.error(r.loc, f"guest '{g.name}' memory {mine} overlaps the monitor "
                                      f"memory {show_range(mbase, msize)} ({mloc})")
                for og, orr in placed:
                    if overlaps(r.base, r.size, orr.base, orr.size):
                        self.error(r.loc, f"guest '{g.name}' memory {mine} overlaps guest "
                                          f"'{og.name}' memory {show_range(orr.base, orr.size)} "
                                          f"({orr.loc})")
                placed.append((g, r))
        ident = [(f"monitor device '{d.name}'", d.pages[0], len(d.pages) * PAGE, d.loc)
                 for d in self.platform.monitor_devices]
        ident.append((f"the console '{console.name}'", console.pages[0],
                      len(console.pages) * PAGE, self.console_loc))
        for g in guests:
            done: list[Region] = []
            own = [(f"its device '{u.device.name}'", u.device.pages[0],
                    len(u.device.pages) * PAGE, u.loc) for u in g.devices]
            for r in g.regions:
                if r.va + r.size > LIMIT:
                    continue
                mine = show_range(r.va, r.size)
                for o in done:
                    if overlaps(r.va, r.size, o.va, o.size):
                        self.error(r.loc, f"guest '{g.name}' virtual memory {mine} overlaps its "
                                          f"virtual memory {show_range(o.va, o.size)} ({o.loc})")
                done.append(r)
                if r.va != r.base and overlaps(r.va, r.size, mbase, msize):
                    self.error(r.loc, f"guest '{g.name}' virtual memory {mine} overlaps the "
                                      f"monitor memory {show_range(mbase, msize)}, mapped at the "
                                      f"same address in every guest ({mloc})")
                for what, base, size, loc in ident:
                    if overlaps(r.va, r.size, base, size):
                        self.error(r.loc, f"guest '{g.name}' virtual memory {mine} overlaps "
                                          f"{what} {show_range(base, size)}, mapped at the same "
                                          f"address in every guest ({loc})")
                for what, base, size, loc in own:
                    if overlaps(r.va, r.size, base, size):
                        self.error(r.loc, f"guest '{g.name}' virtual memory {mine} overlaps "
                                          f"{what} {show_range(base, size)} ({loc})")

    # -- all -------------------------------------------------------------

    def build(self) -> System:
        doc = self.doc
        mbase, msize, mloc, console = self.monitor()
        self.console = console
        cores = self.cores()
        nodes = doc["guests"]
        self.check_names(nodes)
        guests = tuple(self.guest(i, n) for i, n in enumerate(nodes))
        self.check_cores(guests)
        self.check_devices(guests, console)
        self.check_memory(guests, mbase, msize, mloc, console)
        self.errors.check()
        build = doc.get("build", {})
        return System(
            path=self.path, variant=self.variant, platform=self.platform,
            monitor_base=mbase, monitor_size=msize, monitor_loc=mloc, console=console,
            test_hypercalls=bool(build.get("test_hypercalls", False)),
            bench=bool(build.get("bench", False)), cores=cores, guests=guests,
            inputs=(self.path, self.platform.path))
