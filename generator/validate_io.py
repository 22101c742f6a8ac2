"""Entity checks of devices, interrupts, I/O windows, virtual UARTs, proxied
devices, channels and console input: the part of validate._Builder that
concerns I/O (a mixin, to keep each file readable).
"""
from __future__ import annotations

from . import busmaster, rules
from .diag import Collector, Loc
from .load import MarkedDict
from .model import (HRT, LIMIT, MEDIATED, PAGE, PASSTHROUGH, Channel, Device, DeviceUse, Guest,
                    IoWindow, Irq, Platform, Proxy)
from .units import parse_size, show_range, show_size

MAX_CHANNELS = 28          # doorbell vIRQs 100..127 (config.h CFG_VIRQ_CHANNEL_BASE)


class IoChecks:
    """Needs: self.platform, self.doc, self.console, self.console_loc, self.error()."""

    platform: Platform
    doc: MarkedDict
    console: Device
    console_loc: Loc
    errors: Collector

    def error(self, rule, loc: Loc, message: str, hint: str = "") -> None:
        self.errors.error(rule, loc, message, hint)

    def devices(self, node: MarkedDict, level: str, label: str) -> tuple[DeviceUse, ...]:
        uses: list[DeviceUse] = []
        seen: dict[str, Loc] = {}
        for d in node.get("devices", []):
            name, loc = d["name"], d.vloc("name")
            dev = self.platform.device(name)
            if dev is None:
                self.error(rules.UNKNOWN_NAME, loc,
                           f"unknown device '{name}' (not in {self.platform.path})")
                continue
            if dev.monitor_only:
                self.error(rules.DEVICE_RESERVED, loc, f"device '{name}' is reserved for the "
                                                        "monitor")
                continue
            if dev.name == self.console.name:
                self.error(rules.DEVICE_RESERVED, loc,
                           f"device '{name}' is the monitor's console ({self.console_loc})",
                           hint="choose another console with monitor: {console: ...}")
                continue
            if name in seen:
                self.error(rules.DUPLICATE_NAME, loc, f"device '{name}' is listed twice for "
                                                      f"guest {label} (first at {seen[name]})")
                continue
            seen[name] = loc
            if dev.private and level != HRT:
                self.error(rules.DEVICE_PRIVATE, loc,
                           "private devices are banked per core; only an HRT guest owning its "
                           f"core may have '{name}'")
                continue
            access = d.get("access", PASSTHROUGH)
            first, span = dev.page_span
            va = first
            if access == MEDIATED:
                if level == HRT:
                    self.error(rules.DEVICE_ACCESS, d.vloc("access"),
                               f"HRT guest {label} can only have passthrough devices: the "
                               f"monitor cannot mediate '{name}' for a guest that runs "
                               "privileged with its own vectors")
                if "guest" in d:
                    self.error(rules.DEVICE_ACCESS, d.kloc("guest"),
                               f"'guest' is only for passthrough devices: mediated device "
                               f"'{name}' of guest {label} is reached through its 'io' windows")
            elif "guest" in d:
                va = d["guest"]
                if va % PAGE:
                    self.error(rules.DEVICE_ACCESS, d.vloc("guest"),
                               f"guest address 0x{va:08x} of device '{name}' of guest {label} "
                               "is not a multiple of 4K (devices are mapped in 4 KB pages)")
                    va -= va % PAGE
                if va + span > LIMIT:
                    self.error(rules.DEVICE_ACCESS, d.vloc("guest"),
                               f"device '{name}' of guest {label} at guest address "
                               f"0x{va:08x} extends past 4 GB")
                    va = first
            busmaster.check_use(self.errors, dev, d, level, label, access, self.platform.path)
            uses.append(DeviceUse(dev, access, va, loc, d.get("trusted_dma")))
        return tuple(uses)

    def irqs(self, node: MarkedDict, label: str, uses: tuple[DeviceUse, ...]) -> tuple[Irq, ...]:
        out: list[Irq] = []
        seen: dict[int, Loc] = {}
        lst = node.get("irqs", [])
        for i, irq in enumerate(lst):
            loc = lst.iloc(i)
            if irq in seen:
                self.error(rules.DUPLICATE_NAME, loc, f"IRQ {irq} is listed twice for guest "
                                                      f"{label} (first at {seen[irq]})")
                continue
            seen[irq] = loc
            if not any(irq in u.device.irqs for u in uses):
                have = "; ".join(f"{u.device.name}: {', '.join(map(str, u.device.irqs)) or 'none'}"
                                 for u in uses)
                why = f"({have})" if uses else "(it has no devices)"
                self.error(rules.IRQ_NOT_OWNED, loc,
                           f"IRQ {irq} of guest {label} belongs to none of its devices {why}")
                continue
            out.append(Irq(irq, loc))
        return tuple(out)

    def io(self, node: MarkedDict, level: str, label: str,
           uses: tuple[DeviceUse, ...]) -> tuple[IoWindow, ...]:
        out: list[IoWindow] = []
        names: dict[str, Loc] = {}
        mediated = {u.device.name: u for u in uses if u.access == MEDIATED}
        for w in node.get("io", []):
            dname, loc = w["device"], w.loc
            name = w.get("name", dname)
            va, offset, size = w["guest"], w.get("offset", 0), parse_size(w["size"])
            if level == HRT:
                self.error(rules.IO_LEVEL, w.loc,
                           f"io window '{name}' of HRT guest {label}: the monitor cannot trap "
                           "the accesses of a guest that runs privileged with its own vectors")
            if name in names:
                self.error(rules.DUPLICATE_NAME, w.vloc("name") if "name" in w else loc,
                           f"io window name '{name}' is used twice in guest {label} (first at "
                           f"{names[name]})", hint="name the windows with `name:`")
            names.setdefault(name, loc)
            for key, value in (("guest", va), ("offset", offset), ("size", size)):
                if value % 4:
                    self.error(rules.IO_ALIGNMENT, w.vloc(key),
                               f"'{key}' 0x{value:x} of io window '{name}' of guest {label} is "
                               "not a multiple of 4 (windows are word granular)")
            dev = self.platform.device(dname)
            if dev is None:
                self.error(rules.UNKNOWN_NAME, w.vloc("device"),
                           f"unknown device '{dname}' (not in {self.platform.path})")
                continue
            target = dev.base + offset
            if dname not in mediated:
                have = ", ".join(sorted(mediated)) or "none"
                hint = ""
                pt = next((u for u in uses if u.device.name == dname), None)
                if pt is not None:
                    hint = (f"'{dname}' is passthrough for this guest, already mapped at "
                            f"0x{pt.va:08x}; write `access: mediated` to reach it through "
                            "windows instead")
                else:
                    hint = f"add {{name: {dname}, access: mediated}} to the guest's devices"
                self.error(rules.IO_TARGET, w.vloc("device"),
                           f"translation target 0x{target:08x} (device '{dname}') of guest "
                           f"{label} is outside its own mediated devices ({have})", hint=hint)
                continue
            if offset + size > dev.size:
                self.error(rules.IO_TARGET, w.vloc("size"),
                           f"translation target {show_range(target, size)} of guest {label} is "
                           f"outside device '{dname}' {show_range(dev.base, dev.size)}")
                continue
            if va + size > LIMIT:
                self.error(rules.MEMORY_OUTSIDE_RAM, w.vloc("size"),
                           f"io window '{name}' of guest {label} extends past 4 GB")
                continue
            out.append(IoWindow(name, va, dev, offset, size, w.get("access", "rw"), loc))
        return tuple(out)

    def vuart(self, node: MarkedDict, level: str, label: str) -> tuple[int | None, Loc | None]:
        if "vuart" not in node:
            return None, None
        v = node["vuart"]
        va, loc = v["guest"], v.vloc("guest")
        if level == HRT:
            self.error(rules.IO_LEVEL, node.kloc("vuart"),
                       f"HRT guest {label} cannot have a virtual UART: the monitor cannot trap "
                       "its accesses")
        if va % PAGE:
            self.error(rules.IO_ALIGNMENT, loc, f"virtual UART of guest {label} at 0x{va:08x} "
                                                "is not 4 KB aligned (it is one page)")
            va -= va % PAGE
        return va, loc

    def proxied(self, node: MarkedDict, level: str, label: str,
                guest_index: dict[str, int], levels: dict[str, str]) -> tuple[Proxy, ...]:
        out: list[Proxy] = []
        names: dict[str, Loc] = {}
        for p in node.get("proxied", []):
            name, va, size = p["name"], p["guest"], parse_size(p["size"])
            if level == HRT:
                self.error(rules.IO_LEVEL, p.loc, f"proxied device '{name}' of HRT guest "
                                                  f"{label}: the monitor cannot trap the "
                                                  "accesses of a guest that runs privileged")
            if name in names:
                self.error(rules.DUPLICATE_NAME, p.vloc("name"),
                           f"proxied device '{name}' is listed twice for guest {label} (first "
                           f"at {names[name]})")
            names.setdefault(name, p.vloc("name"))
            for key, value in (("guest", va), ("size", size)):
                if value % 4:
                    self.error(rules.IO_ALIGNMENT, p.vloc(key),
                               f"'{key}' 0x{value:x} of proxied device '{name}' of guest "
                               f"{label} is not a multiple of 4")
            service = p["service"]
            if service not in guest_index:
                self.error(rules.UNKNOWN_NAME, p.vloc("service"),
                           f"unknown guest '{service}' as service of proxied device '{name}'")
                continue
            if service == node["name"]:
                self.error(rules.PROXY_SERVICE, p.vloc("service"),
                           f"proxied device '{name}' of guest {label} cannot be served by the "
                           "guest itself")
                continue
            if levels[service] == HRT:
                self.error(rules.PROXY_SERVICE, p.vloc("service"),
                           f"proxied device '{name}' of guest {label} cannot be served by HRT "
                           f"guest '{service}' (the monitor cannot queue requests to it)")
                continue
            if va + size > LIMIT:
                self.error(rules.MEMORY_OUTSIDE_RAM, p.vloc("size"),
                           f"proxied device '{name}' of guest {label} extends past 4 GB")
                continue
            out.append(Proxy(name, va, size, guest_index[service], p.loc))
        return tuple(out)

    # -- channels and console input ---------------------------------------

    def channels(self, guests: tuple[Guest, ...]) -> tuple[Channel, ...]:
        by_name = {g.name: g for g in reversed(guests)}
        out: list[Channel] = []
        seen: dict[str, Loc] = {}
        lst = self.doc.get("channels", [])
        if len(lst) > MAX_CHANNELS:
            self.error(rules.TOO_MANY_CHANNELS, lst.iloc(MAX_CHANNELS),
                       f"{len(lst)} channels, but at most {MAX_CHANNELS} have doorbell vIRQs "
                       f"(100..127); this is channel {MAX_CHANNELS + 1}")
        for node in lst:
            name, loc = node["name"], node.vloc("name")
            if name in seen:
                self.error(rules.DUPLICATE_NAME, loc, f"duplicate channel name '{name}' (first "
                                                      f"at {seen[name]})")
                continue
            seen[name] = loc
            ends = []
            for key in ("writer", "reader"):
                gname = node[key]
                g = by_name.get(gname)
                if g is None:
                    self.error(rules.UNKNOWN_NAME, node.vloc(key),
                               f"unknown guest '{gname}' as {key} of channel '{name}'")
                elif g.level == HRT:
                    self.error(rules.CHANNEL_ENDS, node.vloc(key),
                               f"channel '{name}' cannot have HRT guest '{gname}' as its {key} "
                               f"({g.loc}): the monitor does not map shared memory into HRT "
                               "guests")
                    g = None
                ends.append(g)
            size = parse_size(node["size"])
            if size % PAGE:
                self.error(rules.CHANNEL_SIZE, node.vloc("size"),
                           f"size {show_size(size)} of channel '{name}' is not a multiple of 4K "
                           "(channels are mapped in 4 KB pages)")
            writer, reader = ends
            if writer is not None and reader is not None and writer is reader:
                self.error(rules.CHANNEL_ENDS, node.vloc("reader"),
                           f"channel '{name}' has guest '{writer.name}' as both writer and "
                           "reader")
                continue
            if writer is None or reader is None or size % PAGE:
                continue
            out.append(Channel(len(out), name, writer.index, reader.index, size,
                               bool(node.get("doorbell", False)), node.loc))
        return tuple(out)

    def console_input(self, guests: tuple[Guest, ...]) -> int | None:
        mon = self.doc.get("monitor", {})
        if "console_input" not in mon:
            return None
        name, loc = mon["console_input"], mon.vloc("console_input")
        g = next((g for g in guests if g.name == name), None)
        if g is None:
            self.error(rules.UNKNOWN_NAME, loc, f"unknown guest '{name}' as console_input")
            return None
        if g.vuart is None:
            self.error(rules.CONSOLE_INPUT, loc,
                       f"console input goes to guest '{name}', which has no virtual UART "
                       f"({g.loc})", hint="give it one: vuart: {guest: <4 KB-aligned address>}")
            return None
        return g.index
