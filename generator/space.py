"""What occupies a guest's virtual address space, and where room is left.

Shared by the checks (validate.py: nothing may overlap) and the allocator
(allocate.py: channels go to the lowest free address from 0x70000000).
"""
from __future__ import annotations

from dataclasses import dataclass

from .diag import Loc
from .model import LIMIT, MEDIATED, PAGE, SECTION, Guest, System
from .units import overlaps, show_range

CHANNEL_VA_BASE = 0x70000000


@dataclass(frozen=True)
class Item:
    """A range of guest addresses and how to name it in a message."""

    va: int
    size: int
    subject: str       # "io window 'x'" when it is the one reported
    object: str        # "its io window 'x'" when it is the other party
    loc: Loc
    kind: str          # ram, device, mediated, io, vuart, proxy, monitor, channel, foreign
    identity: bool = False   # mapped at its physical address (a device page)

    @property
    def range(self) -> str:
        return show_range(self.va, self.size)


def monitor_items(system: System) -> list[Item]:
    """The monitor's memory and devices: identity-mapped in every guest."""
    mon = show_range(system.monitor_base, system.monitor_size)
    out = [Item(system.monitor_base, system.monitor_size, "monitor memory",
                f"the monitor memory {mon}, mapped at the same address in every guest",
                system.monitor_loc, "monitor")]
    for d in system.platform.monitor_devices:
        base, size = d.page_span
        out.append(Item(base, size, f"monitor device '{d.name}'",
                        f"monitor device '{d.name}' {show_range(base, size)}, mapped at the "
                        "same address in every guest", d.loc, "monitor", identity=True))
    base, size = system.console.page_span
    out.append(Item(base, size, f"the console '{system.console.name}'",
                    f"the console '{system.console.name}' {show_range(base, size)}, mapped at "
                    "the same address in every guest", system.console_loc, "monitor",
                    identity=True))
    return out


def guest_items(g: Guest) -> list[Item]:
    """Everything the guest's own configuration places in its address space."""
    out = []
    for r in g.regions:
        out.append(Item(r.va, r.size, "virtual memory",
                        f"its virtual memory {show_range(r.va, r.size)}", r.loc, "ram",
                        identity=r.base == r.va))
    for u in g.devices:
        first, size = u.device.page_span
        name = u.device.name
        if u.access == MEDIATED:
            out.append(Item(first, size, f"mediated device '{name}'",
                            f"its mediated device '{name}' {show_range(first, size)} (mapped "
                            "privileged at its physical address)", u.loc, "mediated",
                            identity=True))
        else:
            out.append(Item(u.va, size, f"device '{name}'",
                            f"its device '{name}' {show_range(u.va, size)}", u.loc, "device",
                            identity=u.va == first))
    for w in g.io:
        out.append(Item(w.va, w.size, f"io window '{w.name}'",
                        f"its io window '{w.name}' {show_range(w.va, w.size)}", w.loc, "io"))
    if g.vuart is not None:
        assert g.vuart_loc is not None
        out.append(Item(g.vuart, PAGE, "virtual UART",
                        f"its virtual UART {show_range(g.vuart, PAGE)}", g.vuart_loc, "vuart"))
    for p in g.proxied:
        out.append(Item(p.va, p.size, f"proxied device '{p.name}'",
                        f"its proxied device '{p.name}' {show_range(p.va, p.size)}", p.loc,
                        "proxy"))
    return out


def foreign_items(system: System, g: Guest) -> list[Item]:
    """The test-only wrong section entry (build: test_foreign_section), if in g."""
    fs = system.test_foreign_section
    if fs is None or fs.guest != g.index:
        return []
    victim = system.guests[fs.of].name
    return [Item(fs.va, SECTION, "test_foreign_section",
                 f"its test_foreign_section {show_range(fs.va, SECTION)} (the memory of "
                 f"guest '{victim}')", fs.va_loc, "foreign")]


def first_free(taken: list[tuple[int, int]], start: int, size: int, align: int,
               limit: int = LIMIT) -> int | None:
    """Lowest `align`-aligned address >= start where [a, a + size) misses every taken range."""
    a = (start + align - 1) // align * align
    spans = sorted(taken)
    while a + size <= limit:
        hit = next(((b, s) for b, s in spans if overlaps(a, size, b, s)), None)
        if hit is None:
            return a
        a = (hit[0] + hit[1] + align - 1) // align * align
    return None
