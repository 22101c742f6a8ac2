"""Pure allocation: physical frames, per-guest layout, tables, cores, IRQs.

Input: a validated System. Output: a Layout holding every number the
templates print. The only user error possible here is an NRT region for
which no free frames remain.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import gic, mmu
from .diag import ConfigError, Diagnostic
from .model import HRT, NRT, PAGE, SECTION, SRT, Guest, System
from .units import show_size

CORE_IDLE, CORE_SHARED, CORE_HRT = 0, 1, 2


@dataclass(frozen=True)
class Run:
    """A physically contiguous piece of a region: guest VA -> PA."""

    va: int
    pa: int
    size: int


@dataclass(frozen=True)
class GuestLayout:
    guest: Guest
    regions: tuple[tuple[Run, ...], ...]   # per memory region, its physical runs
    table: mmu.Table
    entry: int
    stack_top: int
    dacr: int


@dataclass(frozen=True)
class CoreLayout:
    id: int
    kind: int
    vcpus: tuple[int, ...]
    quantum_ns: int
    quantum_ticks: int
    gic_banked: tuple[gic.Reg, ...]


@dataclass(frozen=True)
class Layout:
    system: System
    guests: tuple[GuestLayout, ...]
    monitor_table: mmu.Table
    cores: tuple[CoreLayout, ...]
    routing: gic.Routing
    ptimer: int
    ptimer_irq: int
    gicd: int
    gicc: int


class FrameAllocator:
    """Free 4 KB frames of one RAM bank, handed out lowest address first."""

    def __init__(self, base: int, size: int) -> None:
        self.free: list[tuple[int, int]] = [(base, base + size)]   # [start, end)

    def reserve(self, base: int, size: int) -> None:
        lo, hi = base & ~(PAGE - 1), (base + size + PAGE - 1) & ~(PAGE - 1)
        out = []
        for start, end in self.free:
            if end <= lo or hi <= start:
                out.append((start, end))
                continue
            if start < lo:
                out.append((start, lo))
            if hi < end:
                out.append((hi, end))
        self.free = out

    def allocate(self, size: int) -> list[tuple[int, int]] | None:
        """Physical runs (pa, size) covering `size`; contiguous first fit for now."""
        for start, end in self.free:
            if end - start >= size:
                self.reserve(start, size)
                return [(start, size)]
        return None


def _place_regions(system: System) -> dict[int, tuple[tuple[Run, ...], ...]]:
    bank = system.platform.ram[0]
    frames = FrameAllocator(bank.base, bank.size)
    frames.reserve(system.monitor_base, system.monitor_size)
    for g in system.guests:
        for r in g.regions:
            if r.base is not None:
                frames.reserve(r.base, r.size)
    placed: dict[int, tuple[tuple[Run, ...], ...]] = {}
    errors = []
    for g in system.guests:
        regions = []
        for r in g.regions:
            if r.base is not None:
                regions.append((Run(r.va, r.base, r.size),))
                continue
            runs = frames.allocate(r.size)
            if runs is None:
                errors.append(Diagnostic(r.loc, f"cannot allocate {show_size(r.size)} for guest "
                                                f"'{g.name}': no free run of 4 KB frames that "
                                                f"large in RAM bank '{bank.name}'"))
                runs = []
            va, out = r.va, []
            for pa, size in runs:
                out.append(Run(va, pa, size))
                va += size
            regions.append(tuple(out))
        placed[g.index] = tuple(regions)
    if errors:
        raise ConfigError(errors)
    return placed


def _monitor_mappings(system: System, tb: mmu.TableBuilder) -> None:
    for pa in range(system.monitor_base, system.monitor_base + system.monitor_size, SECTION):
        tb.map_section(pa, mmu.section(pa, ap=mmu.AP_PRIV, mem=mmu.NORMAL_WBWA, xn=0, domain=0,
                                       s=1, ng=0), "monitor memory")
    users: dict[int, list[str]] = {}
    for dev in system.platform.monitor_devices:
        for page in dev.pages:
            users.setdefault(page, []).append(dev.name)
    for page in system.console.pages:
        users.setdefault(page, []).append(f"{system.console.name} (console)")
    for page in sorted(users):
        tb.map_page(page, mmu.small_page(page, ap=mmu.AP_PRIV, mem=mmu.DEVICE, xn=1, s=0, ng=0),
                    "monitor device " + ", ".join(users[page]), guest=False)


def _guest_table(system: System, g: Guest, regions: tuple[tuple[Run, ...], ...]) -> mmu.Table:
    tb = mmu.TableBuilder(f"l1_{g.name}", f"l2_{g.name}", g.domain)
    _monitor_mappings(system, tb)
    ap = mmu.AP_PRIV if g.level == HRT else mmu.AP_USER
    for runs in regions:
        for run in runs:
            if g.level in (HRT, SRT):
                for off in range(0, run.size, SECTION):
                    tb.map_section(run.va + off, mmu.section(
                        run.pa + off, ap=ap, mem=mmu.NORMAL_WBWA, xn=0, domain=g.domain, s=1, ng=1),
                        f"{g.name} RAM va 0x{run.va + off:08x} -> pa 0x{run.pa + off:08x}")
            else:
                for off in range(0, run.size, PAGE):
                    tb.map_page(run.va + off, mmu.small_page(
                        run.pa + off, ap=ap, mem=mmu.NORMAL_WBWA, xn=0, s=1, ng=1),
                        f"{g.name} RAM va 0x{run.va + off:08x} -> pa 0x{run.pa + off:08x}",
                        guest=True)
    for use in g.devices:
        for page in use.device.pages:
            tb.map_page(page, mmu.small_page(page, ap=ap, mem=mmu.DEVICE, xn=1, s=0, ng=1),
                        f"{g.name} device {use.device.name}", guest=True)
    return tb.build()


def allocate(system: System) -> Layout:
    placed = _place_regions(system)
    guests = []
    for g in system.guests:
        regions = placed[g.index]
        first = g.regions[0]
        guests.append(GuestLayout(
            guest=g, regions=regions, table=_guest_table(system, g, regions),
            entry=first.va, stack_top=first.va + first.size,
            dacr=1 | 1 << (2 * g.domain)))
    mon = mmu.TableBuilder("monitor_l1", "monitor_l2", 0)
    _monitor_mappings(system, mon)

    hz = system.platform.private_timer_hz
    kinds = {}
    vcpus = {}
    for c in system.cores:
        on = [g for g in system.guests if g.core == c.id]
        hrt = [g.index for g in on if g.level == HRT]
        if hrt:
            kinds[c.id], vcpus[c.id] = CORE_HRT, tuple(hrt)
        elif on:
            kinds[c.id] = CORE_SHARED
            vcpus[c.id] = tuple([g.index for g in on if g.level == SRT]
                                + [g.index for g in on if g.level == NRT])
        else:
            kinds[c.id], vcpus[c.id] = CORE_IDLE, ()
    routing = gic.route(system, {c for c, k in kinds.items() if k == CORE_SHARED})
    cores = tuple(CoreLayout(c.id, kinds[c.id], vcpus[c.id], c.quantum_ns,
                             c.quantum_ns * hz // 1_000_000_000, routing.gic_banked[c.id])
                  for c in system.cores)
    md = {d.name: d for d in system.platform.monitor_devices}
    return Layout(system=system, guests=tuple(guests), monitor_table=mon.build(), cores=cores,
                  routing=routing, ptimer=md["ptimer"].base, ptimer_irq=md["ptimer"].irqs[0],
                  gicd=md["gicd"].base, gicc=md["gicc"].base)
