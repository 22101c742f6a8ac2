"""system.yaml (+ overlays) -> System: the schema, then each entity's own checks.

Each check reports at the offending node, names the other party with its
location, and carries its rule (rules.py). Checks across entities (overlaps,
conflicts, schedulability) are in checks.py. All diagnostics of a run are
collected before raising.
"""
from __future__ import annotations

import os
import re

from . import checks, rules, schema
from .validate_build import BuildChecks
from .validate_io import IoChecks
from .validate_ns import NsChecks
from .diag import Collector, ConfigError, Diagnostic, Loc, fail
from .load import MarkedDict, load_yaml
from .merge import merge
from .model import (HRT, LIMIT, NON_SECURE, NRT, PAGE, SECTION, SRT, Core, Device, ForeignSection, Guest,
                    GuestBuild,
                    Platform, Region, Schedule, System)
from .platform import load_platform, platform_paths
from .units import parse_size, parse_time, show_range, show_size, show_time

DEFAULT_QUANTUM_NS = 10_000_000
_PLATFORM_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def load_document(root: str, path: str, overlays: list[str]) -> MarkedDict:
    """The base system with every overlay merged, schema-checked."""
    errors = Collector()
    doc = load_yaml(path)
    if not isinstance(doc, MarkedDict):
        raise fail(rules.SCHEMA_TYPE, Loc(path, 1, 1),
                   f"the system must be a mapping, not {schema.show(doc)}")
    for opath in overlays:
        over = load_yaml(opath)
        if not isinstance(over, MarkedDict):
            raise fail(rules.OVERLAY, Loc(opath, 1, 1),
                       f"an overlay must be a mapping, not {schema.show(over)}")
        doc = merge(doc, over, errors)
    errors.check()
    return doc


def load_system(root: str, path: str, variant: str, overlays: list[str] | None = None
                ) -> tuple[System, list[Diagnostic]]:
    """Load system.yaml, its overlays and its platform; return the system and its
    warnings, or raise ConfigError with every error (and warning)."""
    overlays = list(overlays or [])
    errors = Collector()
    doc = load_document(root, path, overlays)
    try:
        schema.check(doc, schema.load_schema(os.path.join(root, "schema", "system.schema.json")),
                     "system")
    except ConfigError as e:
        errors.extend(e)
    platform = None
    name = doc.get("platform")
    if isinstance(name, str) and _PLATFORM_NAME.match(name):
        cands = platform_paths(root, path, name)
        ppath = next((p for p in cands if os.path.isfile(p)), None)
        if ppath is None:
            errors.error(rules.PLATFORM_UNKNOWN, doc.vloc("platform"),
                         f"unknown platform '{name}' (no file {' or '.join(cands)})")
        else:
            try:
                platform = load_platform(root, ppath)
            except ConfigError as e:
                errors.extend(e)
    errors.check()
    assert platform is not None
    builder = _Builder(root, path, variant, doc, platform, tuple([path] + overlays))
    system = builder.build()
    checks.check_system(system, builder.errors, root)
    builder.errors.check()
    return system, builder.errors.warnings()


def ram_bank_of(platform: Platform, base: int, size: int):
    for bank in platform.ram:
        if bank.base <= base and base + size <= bank.base + bank.size:
            return bank
    return None


def ram_list(platform: Platform) -> str:
    return ", ".join(f"{b.name} {show_range(b.base, b.size)}" for b in platform.ram)


class _Builder(IoChecks, NsChecks, BuildChecks):
    def __init__(self, root: str, path: str, variant: str, doc: MarkedDict,
                 platform: Platform, files: tuple[str, ...]) -> None:
        self.root, self.path, self.variant, self.doc = root, path, variant, doc
        self.platform = platform
        self.files = files
        self.errors = Collector()

    # -- the monitor -----------------------------------------------------

    def monitor(self) -> tuple[int, int, Loc, Device, Loc]:
        p = self.platform
        mon = self.doc.get("monitor", {})
        if "memory" in mon:
            mem = mon["memory"]
            base, size, loc = mem["base"], parse_size(mem["size"]), mon.vloc("memory")
        else:
            base, size, loc = p.monitor_base, p.monitor_size, p.monitor_loc
        if base % SECTION or size % SECTION:
            self.error(rules.MEMORY_ALIGNMENT, loc,
                       f"monitor memory {show_range(base, size)} is not 1 MB aligned")
        if base + size > LIMIT:
            self.error(rules.MEMORY_OUTSIDE_RAM, loc,
                       f"monitor memory 0x{base:08x} + {show_size(size)} extends past 4 GB")
        elif not ram_bank_of(p, base, size):
            self.error(rules.MEMORY_OUTSIDE_RAM, loc,
                       f"monitor memory {show_range(base, size)} is outside the platform's RAM "
                       f"({ram_list(p)})")
        if "console" in mon:
            cname, cloc = mon["console"], mon.vloc("console")
        else:
            cname, cloc = p.console, p.console_loc
        console = p.device(cname)
        if console is None or console.monitor_only or console.private:
            self.error(rules.UNKNOWN_NAME, cloc,
                       f"console '{cname}' is not one of the platform's devices")
            console = next(d for d in p.devices if d.name == p.console)
        elif not console.irqs:
            self.error(rules.PLATFORM_INVALID, cloc,
                       f"console '{cname}' has no IRQ for console input ({console.loc})")
        return base, size, loc, console, cloc

    # -- cores -----------------------------------------------------------

    def ticks(self, ns: int, loc: Loc, what: str) -> None:
        hz = self.platform.private_timer_hz
        ticks = ns * hz // 1_000_000_000
        if ticks < 1 or ticks >= LIMIT:
            self.error(rules.SCHEDULE_TICKS, loc,
                       f"{what} {show_time(ns)} is not 1 .. 0xffffffff ticks of the {hz} Hz "
                       "private timer")

    def minimums(self, s: MarkedDict, period: int, budget: int, label: str) -> None:
        """The platform's shortest period and budget (issue 8). `limits` may
        go lower: HC_SET_RT enforces the platform's minimums as well."""
        p = self.platform
        for key, value, least in (("period", period, p.min_period),
                                  ("budget", budget, p.min_budget)):
            if value < least and value * p.private_timer_hz // 1_000_000_000 >= 1:
                # (under one tick is E092's already)
                self.error(rules.SCHEDULE_MINIMUM, s.vloc(key),
                           f"{key} {show_time(value)} of guest {label} is below the platform's "
                           f"minimum {show_time(least)} (scheduling_minimums, {p.minimums_loc})")

    def cores(self) -> tuple[Core, ...]:
        p = self.platform
        entries: dict[int, MarkedDict] = {}
        seen: dict[int, Loc] = {}
        for entry in self.doc.get("cores", []):
            cid, loc = entry["id"], entry.vloc("id")
            if cid >= p.cores:
                self.error(rules.CORE_MISSING, loc, self.no_core(cid))
                continue
            if cid in seen:
                self.error(rules.CORE_DUPLICATE, loc, f"core {cid} is listed twice "
                                                      f"(first at {seen[cid]})")
                continue
            seen[cid] = loc
            entries[cid] = entry
            if "quantum" in entry:
                self.ticks(parse_time(entry["quantum"]), entry.vloc("quantum"), "quantum")
        out = []
        for c in range(p.cores):
            e = entries.get(c)
            q = parse_time(e["quantum"]) if e is not None and "quantum" in e else DEFAULT_QUANTUM_NS
            out.append(Core(c, q, e.loc if e is not None else None))
        return tuple(out)

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
        self.error(rules.IMAGE_MISSING, node.vloc("image"),
                   f"image '{image}' not found: no directory {os.path.normpath(here)} or "
                   f"{os.path.normpath(there)}")
        return os.path.join("guests", image)

    def region(self, node: MarkedDict, level: str, label: str, ns: bool = False) -> Region:
        size = parse_size(node["size"])
        va, base = node.get("guest"), node.get("base")
        if ns:
            # Non-secure: physical, the OS runs its own MMU (validate_ns.py).
            if base is None:
                self.error(rules.MEMORY_PLACEMENT, node.loc,
                           f"memory region of Non-secure guest {label} is missing required key "
                           "'base' (its memory is physical, given whole)")
            va = base if base is not None else (va or 0)
        elif level in (HRT, SRT) and base is None:
            why = "straight-mapped" if level == HRT else "placed by the user"
            self.error(rules.MEMORY_PLACEMENT, node.loc,
                       f"memory region of {level} guest {label} is missing required key 'base' "
                       f"({level} memory is {why})")
        if level == HRT and va is not None and base is not None and va != base:
            self.error(rules.MEMORY_PLACEMENT, node.vloc("guest"),
                       f"HRT guest {label} memory must be straight-mapped: guest address "
                       f"0x{va:08x} differs from base 0x{base:08x}")
        if level == NRT and va is None and not ns:
            self.error(rules.MEMORY_PLACEMENT, node.loc,
                       f"memory region of NRT guest {label} is missing required key 'guest' "
                       "(its guest address)")
        if va is None:
            va = base if base is not None else 0
        align = PAGE if level == NRT else SECTION
        unit = "4K" if level == NRT else "1M"
        mapping = "4 KB pages" if level == NRT else "1 MB sections"
        for key, value in (("guest", node.get("guest")), ("base", base), ("size", size)):
            if value is not None and value % align:
                shown = show_size(value) if key == "size" else f"0x{value:08x}"
                self.error(rules.MEMORY_ALIGNMENT, node.vloc(key),
                           f"'{key}' {shown} of {level} guest {label} is not a multiple of "
                           f"{unit} ({level} memory is mapped in {mapping})")
        if va + size > LIMIT:
            self.error(rules.MEMORY_OUTSIDE_RAM, node.vloc("size"),
                       f"memory of guest {label} at guest address 0x{va:08x} + "
                       f"{show_size(size)} extends past 4 GB")
        if base is not None:
            if base + size > LIMIT:
                self.error(rules.MEMORY_OUTSIDE_RAM, node.vloc("size"),
                           f"memory of guest {label} at 0x{base:08x} + {show_size(size)} "
                           "extends past 4 GB")
            elif not ram_bank_of(self.platform, base, size):
                self.error(rules.MEMORY_OUTSIDE_RAM, node.loc,
                           f"guest {label} memory {show_range(base, size)} is outside the "
                           f"platform's RAM ({ram_list(self.platform)})")
        return Region(va=va, base=base, size=size, loc=node.loc)

    def schedule(self, node: MarkedDict, level: str, label: str) -> Schedule | None:
        if "schedule" not in node:
            if level == SRT:
                self.error(rules.SCHEDULE_LEVEL, node.loc,
                           f"SRT guest {label} is missing required key 'schedule'")
            return None
        if level != SRT:
            self.error(rules.SCHEDULE_LEVEL, node.kloc("schedule"),
                       f"'schedule' is only for SRT guests, not for {level} guest {label}")
            return None
        s = node["schedule"]
        period, budget, deadline = (parse_time(s[k]) for k in ("period", "budget", "deadline"))
        limits = s.get("limits", {})
        min_period = parse_time(limits["min_period"]) if "min_period" in limits else period
        max_budget = parse_time(limits["max_budget"]) if "max_budget" in limits else budget
        order = rules.SCHEDULE_ORDER
        if budget > deadline:
            self.error(order, s.vloc("budget"), f"budget {show_time(budget)} of guest {label} "
                                                f"exceeds its deadline {show_time(deadline)}")
        if deadline > period:
            self.error(order, s.vloc("deadline"), f"deadline {show_time(deadline)} of guest "
                                                  f"{label} exceeds its period "
                                                  f"{show_time(period)}")
        if min_period > period:
            self.error(order, limits.vloc("min_period"),
                       f"min_period {show_time(min_period)} of guest {label} exceeds its period "
                       f"{show_time(period)}")
        if max_budget < budget:
            self.error(order, limits.vloc("max_budget"),
                       f"max_budget {show_time(max_budget)} of guest {label} is less than its "
                       f"budget {show_time(budget)}")
        for key, value in (("period", period), ("budget", budget), ("deadline", deadline)):
            self.ticks(value, s.vloc(key), key)
        for key, value in (("min_period", min_period), ("max_budget", max_budget)):
            if key in limits:
                self.ticks(value, limits.vloc(key), key)
        self.minimums(s, period, budget, label)
        exact = bool(s.get("exact_release", False))
        if exact and self.platform.monitor_cost is None:
            self.error(rules.RELEASE_LEAD, s.kloc("exact_release"),
                       f"exact_release of guest {label} needs the platform's monitor_cost: "
                       "its lead is the longest masked monitor path plus the release's own, "
                       f"converted at its cpu_hz, and platform '{self.platform.name}' states none",
                       hint="add monitor_cost to the platform file, measured by make bench")
            exact = False
        return Schedule(period, budget, deadline, min_period, max_budget, s.loc, exact,
                        s.kloc("exact_release") if "exact_release" in s else None)

    def guest(self, index: int, node: MarkedDict, guest_index: dict[str, int],
              levels: dict[str, str]) -> Guest:
        name, level = node["name"], node["level"]
        label = f"'{name}'"
        if name == "monitor":
            self.error(rules.RESERVED_NAME, node.vloc("name"), "guest name 'monitor' is reserved")
        core = node["core"]
        if core >= self.platform.cores:
            self.error(rules.CORE_MISSING, node.vloc("core"), self.no_core(core))
        scatter = bool(node.get("scatter", False))
        if scatter and level != NRT:
            self.error(rules.MEMORY_PLACEMENT, node.kloc("scatter"),
                       f"'scatter' is only for NRT guests, not for {level} guest {label} "
                       f"({level} memory is contiguous 1 MB sections)")
        ns = node.get("world") == NON_SECURE
        if not ns:
            self.image_source(node, label)
        image_dir = self.image_dir(node) if "image" in node and not ns else None
        regions = tuple(self.region(r, level, label, ns) for r in node["memory"])
        build = GuestBuild() if ns else self.guest_build(node, label, image_dir, regions)
        uses = self.devices(node, level, label)
        vuart, vuart_loc = self.vuart(node, level, label)
        on_fault, max_restarts = self.fault_policy(node, level, label)
        world, world_loc, linux = self.world(node, level, label, regions, uses)
        cores, cores_locs = self.ns_cores(node, label, core, ns)
        return Guest(
            index=index, name=name, level=level, core=core, image=node.get("image", ""),
            image_dir=image_dir or "", regions=regions, devices=uses,
            irqs=self.irqs(node, label, uses), schedule=self.schedule(node, level, label),
            info=bool(node.get("info", False)), scatter=scatter and level == NRT,
            io=self.io(node, level, label, uses), vuart=vuart, vuart_loc=vuart_loc,
            proxied=self.proxied(node, level, label, guest_index, levels),
            loc=node.loc, core_loc=node.vloc("core"), world=world, world_loc=world_loc,
            linux=linux, on_fault=on_fault, max_restarts=max_restarts, build=build,
            cores=cores, cores_locs=cores_locs)

    def fault_policy(self, node: MarkedDict, level: str, label: str) -> tuple[str, int]:
        # A Non-secure OS's faults are its own; the monitor sees its reboots
        # and panics as PSCI SYSTEM_RESET, which restarts it by default.
        on_fault = node.get("on_fault", "restart" if node.get("world") == NON_SECURE else "stop")
        if level == HRT and on_fault != "stop":
            self.error(rules.RESTART_HRT, node.vloc("on_fault"),
                       f"HRT guest {label} cannot have on_fault: {on_fault}: it takes its own "
                       "exceptions at PL1, so the monitor never sees its faults")
            on_fault = "stop"
        if "max_restarts" in node and on_fault != "restart":
            self.error(rules.MAX_RESTARTS, node.kloc("max_restarts"),
                       f"'max_restarts' of guest {label} needs on_fault: restart (it has "
                       f"on_fault: {on_fault})")
        return on_fault, int(node.get("max_restarts", 3)) if on_fault == "restart" else 0

    # -- all -------------------------------------------------------------

    def build(self) -> System:
        doc = self.doc
        mbase, msize, mloc, console, cloc = self.monitor()
        self.console, self.console_loc = console, cloc
        cores = self.cores()
        nodes = doc["guests"]
        guest_index: dict[str, int] = {}
        levels: dict[str, str] = {}
        seen: dict[str, Loc] = {}
        for i, n in enumerate(nodes):
            name, loc = n["name"], n.vloc("name")
            if name in seen:
                self.error(rules.DUPLICATE_NAME, loc, f"duplicate guest name '{name}' (first at "
                                                      f"{seen[name]})")
            seen.setdefault(name, loc)
            guest_index.setdefault(name, i)
            levels.setdefault(name, n["level"])
        guests = tuple(self.guest(i, n, guest_index, levels) for i, n in enumerate(nodes))
        build = doc.get("build", {})
        on_all_stopped = doc.get("on_all_stopped", "halt")
        if on_all_stopped == "reset" and not any(d.name == "slcr"
                                                 for d in self.platform.monitor_devices):
            self.error(rules.RESET_NO_SLCR, doc.vloc("on_all_stopped"),
                       f"on_all_stopped: reset needs the SLCR, and platform "
                       f"'{self.platform.name}' lists no monitor device 'slcr' "
                       f"({self.platform.path})")
        return System(
            path=self.path, variant=self.variant, platform=self.platform,
            monitor_base=mbase, monitor_size=msize, monitor_loc=mloc, console=console,
            console_loc=cloc, console_input=self.console_input(guests),
            test_hypercalls=bool(build.get("test_hypercalls", False)),
            bench=bool(build.get("bench", False)), cores=cores, guests=guests,
            channels=self.channels(guests), inputs=self.files + (self.platform.path,),
            test_foreign_section=self.foreign_section(build, guests),
            test_proxy_delay=int(build.get("test_proxy_delay", 0)),
            on_all_stopped=on_all_stopped,
            test_probes=bool(build.get("test_probes", False)),
            test_stack_check=bool(build.get("test_stack_check", False)),
            test_monitor_faults=bool(build.get("test_monitor_faults", False)),
            test_bus_error=self.bus_error_guest(build, guests),
            trace=bool(build.get("trace", False)),
            **self.core_start())

    def core_start(self) -> dict:
        """monitor: {missing_core, core_start_timeout} (boot.c, docs/boards.md)."""
        mon = self.doc.get("monitor", {})
        out = {"missing_core": mon.get("missing_core", "halt")}
        if "core_start_timeout" in mon:
            ns = parse_time(mon["core_start_timeout"])
            self.ticks(ns, mon.vloc("core_start_timeout"), "core_start_timeout")
            out["core_start_timeout_ns"] = ns
        return out

    def bus_error_guest(self, build: MarkedDict, guests: tuple[Guest, ...]) -> int | None:
        """build: test_bus_error, the guest index it names, or None."""
        if "test_bus_error" not in build:
            return None
        name = build["test_bus_error"]
        for g in guests:
            if g.name == name:
                return g.index
        self.error(rules.UNKNOWN_NAME, build.vloc("test_bus_error"),
                   f"unknown guest '{name}' as test_bus_error")
        return None

    def foreign_section(self, build: MarkedDict, guests: tuple[Guest, ...]
                        ) -> ForeignSection | None:
        """build: test_foreign_section, or None if absent or wrong (its overlaps
        with the guest's address space are checked with the others, checks.py)."""
        if "test_foreign_section" not in build:
            return None
        node = build["test_foreign_section"]
        by_name = {g.name: g for g in reversed(guests)}
        ok = True
        ends = []
        for key in ("guest", "of"):
            g = by_name.get(node[key])
            if g is None:
                self.error(rules.UNKNOWN_NAME, node.vloc(key),
                           f"unknown guest '{node[key]}' as {key} of test_foreign_section")
                ok = False
            ends.append(g)
        g, of = ends
        if g is not None and g.level != SRT:
            self.error(rules.FOREIGN_SECTION, node.vloc("guest"),
                       f"test_foreign_section needs an SRT guest as 'guest' (User mode, 1 MB "
                       f"sections), not {g.level} guest '{g.name}' ({g.loc})")
            ok = False
        if of is not None and g is of:
            self.error(rules.FOREIGN_SECTION, node.vloc("of"),
                       f"test_foreign_section would map guest '{of.name}' into its own table: "
                       "'of' must be another guest")
            ok = False
        elif of is not None and of.level == NRT:
            self.error(rules.FOREIGN_SECTION, node.vloc("of"),
                       f"test_foreign_section needs an HRT or SRT guest as 'of' (its memory "
                       f"mapped in 1 MB sections), not NRT guest '{of.name}' ({of.loc})")
            ok = False
        va = node["va"]
        if va % SECTION:
            self.error(rules.MEMORY_ALIGNMENT, node.vloc("va"),
                       f"'va' 0x{va:08x} of test_foreign_section is not a multiple of 1M (the "
                       "entry is a 1 MB section)")
            ok = False
        if not ok or g is None or of is None:
            return None
        first = of.regions[0]
        if first.base is None or first.base % SECTION:
            return None   # reported with the guest's memory
        return ForeignSection(guest=g.index, of=of.index, va=va, pa=first.base,
                              domain=of.domain, loc=node.loc, va_loc=node.vloc("va"))
