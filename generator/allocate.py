"""Pure allocation: physical frames, per-guest layout, cores, IRQs.

Input: a validated System. Output: a Layout holding every number the
templates print (the translation tables themselves are built by tables.py,
with the placement made here). The only user errors possible here are
running out of free frames (NRT regions, channels) or of free guest
addresses (channels).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import canon, checks, gic, hrtmap, mmu, nsguest, rules, space, tables
from .diag import Collector
from .model import HRT, NRT, PAGE, PASSTHROUGH, SECTION, SRT, Channel, Guest, System
from .units import show_size

CORE_IDLE, CORE_SHARED, CORE_HRT = 0, 1, 2
IO_PHYS, IO_VUART, IO_PROXY = 0, 1, 2
IO_READ, IO_WRITE = 1, 2
GUEST_INFO, GUEST_SERVICE = 1, 2
GUEST_VFP = 1 << 8          # config.h CFG_GUEST_VFP: a hard-float guest
VIRQ_CHANNEL_BASE = 100
# Proxied I/O slots (monitor/core/ioproxy.c): a few per client/service pair,
# within the monitor's CONFIG_MAX_IO_SLOTS (config.h), which exceeds the
# 15 * 14 pairs of the largest system, so every system gets at least one.
IO_SLOTS_PER_PAIR = 4
MAX_IO_SLOTS = 256
_PERMS = {"rw": IO_READ | IO_WRITE, "ro": IO_READ, "wo": IO_WRITE}


@dataclass(frozen=True)
class Run:
    """A physically contiguous piece of a region: guest VA -> PA."""

    va: int
    pa: int
    size: int


@dataclass(frozen=True)
class IoEntry:
    """One cfg_io_window."""

    va: int
    size: int
    target: int
    kind: int
    perms: int
    mapped: int
    service: int
    name: str          # for comments and guest_config.h
    pair: int = 0      # IO_PROXY: index in Layout.io_pairs


@dataclass(frozen=True)
class IoPair:
    """One cfg_io_pair: the proxied-I/O slots of one client/service pair."""

    client: int
    service: int
    first_slot: int
    n_slots: int


@dataclass(frozen=True)
class ChannelEnd:
    channel: Channel
    peer: int
    writer: int
    peer_virq: int
    va: int            # where this guest sees the channel
    local_index: int   # index in this guest's channel-end list
    peer_spi: int = 0  # the writer's doorbell into a Non-secure reader: the SPI it pends


@dataclass(frozen=True)
class Ticks:
    period: int
    budget: int
    deadline: int
    min_period: int
    max_budget: int
    lead: int = 0      # exact_release: ticks the one-shot fires before each release


@dataclass(frozen=True)
class GuestLayout:
    guest: Guest
    regions: tuple[tuple[Run, ...], ...]   # per memory region, its physical runs
    table: mmu.Table
    entry: int
    stack_top: int
    dacr: int
    ticks: Ticks
    flags: int
    tlb_lock: tuple[int, ...]
    io: tuple[IoEntry, ...]                # sorted by guest address
    channels: tuple[ChannelEnd, ...]
    io_served: tuple[int, ...] = ()        # indices in Layout.io_pairs this guest serves
    tlb_slot: int = 0                      # first of its core's locked TLB slots (SRT)
    ns: nsguest.NsLayout | None = None     # a Non-secure guest's boot layout (table: None)
    # HRT only (0 otherwise, hrtmap.py): MVBAR on its core (the smc page's
    # alias in its table) and the DACR of the monitor on its core.
    smc_vectors: int = 0
    smc_dacr: int = 0


@dataclass(frozen=True)
class ChannelLayout:
    channel: Channel
    runs: tuple[tuple[int, int], ...]      # physical (pa, size)
    writer_va: int
    reader_va: int


@dataclass(frozen=True)
class CoreLayout:
    id: int
    kind: int
    vcpus: tuple[int, ...]
    quantum_ns: int
    quantum_ticks: int
    gic_banked: tuple[gic.Reg, ...]
    ns_guest: int = gic.OWNER_NONE         # the core's Non-secure guest
    sched_timer: int = 0                   # SCHED_TIMER_PRIVATE, or _GLOBAL beside an NS guest


@dataclass(frozen=True)
class Layout:
    system: System
    guests: tuple[GuestLayout, ...]
    channels: tuple[ChannelLayout, ...]
    monitor_table: mmu.Table
    cores: tuple[CoreLayout, ...]
    routing: gic.Routing
    ptimer: int
    ptimer_irq: int
    gtimer: int
    gicd: int
    gicc: int
    console_irq: int
    config_hash: str
    io_pairs: tuple[IoPair, ...] = ()
    gtimer_irq: int = 27


class FrameAllocator:
    """Free 4 KB frames of one RAM bank, handed out lowest address first."""

    def __init__(self, base: int, size: int) -> None:
        self.free: list[tuple[int, int]] = [(base, base + size)]   # [start, end), sorted

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

    def frames_left(self) -> int:
        return sum(end - start for start, end in self.free) // PAGE

    def allocate(self, size: int, scatter: bool = False) -> list[tuple[int, int]] | None:
        """Physical runs (pa, size) covering `size`: the lowest free frames, or with
        `scatter` every other free frame, so that no two frames are adjacent."""
        need = size // PAGE
        taken: list[int] = []
        if scatter:
            for start, end in self.free:
                for pa in range(start, end, 2 * PAGE):
                    taken.append(pa)
                    if len(taken) == need:
                        break
                if len(taken) == need:
                    break
        else:
            for start, end in self.free:
                for pa in range(start, min(end, start + (need - len(taken)) * PAGE), PAGE):
                    taken.append(pa)
                if len(taken) == need:
                    break
        if len(taken) < need:
            return None
        runs: list[tuple[int, int]] = []
        for pa in taken:
            if runs and runs[-1][0] + runs[-1][1] == pa:
                runs[-1] = (runs[-1][0], runs[-1][1] + PAGE)
            else:
                runs.append((pa, PAGE))
        for pa, n in runs:
            self.reserve(pa, n)
        return runs


def _place(system: System, errors: Collector):
    bank = system.platform.ram[0]
    frames = FrameAllocator(bank.base, bank.size)
    frames.reserve(system.monitor_base, system.monitor_size)
    for g in system.guests:
        for r in g.regions:
            if r.base is not None:
                frames.reserve(r.base, r.size)
    block = system.platform.trustzone_ddr_block
    for g in system.guests:
        if g.non_secure and block and g.regions and g.regions[0].base is not None:
            # No Secure frame in a Non-secure guest's TrustZone blocks (checks_ns.py).
            r = g.regions[0]
            lo = r.base // block * block
            frames.reserve(lo, nsguest.align_up(r.base + r.size, block) - lo)
    placed: dict[int, tuple[tuple[Run, ...], ...]] = {}
    for g in system.guests:
        regions = []
        for r in g.regions:
            if r.base is not None:
                regions.append((Run(r.va, r.base, r.size),))
                continue
            runs = frames.allocate(r.size, g.scatter)
            if runs is None:
                how = "every other free 4 KB frame (scatter)" if g.scatter else "free 4 KB frames"
                errors.error(rules.MEMORY_EXHAUSTED, r.loc,
                             f"cannot allocate {show_size(r.size)} for guest '{g.name}' from "
                             f"{how}: {frames.frames_left()} frames left in RAM bank "
                             f"'{bank.name}'")
                runs = []
            va, out = r.va, []
            for pa, size in runs:
                out.append(Run(va, pa, size))
                va += size
            regions.append(tuple(out))
        placed[g.index] = tuple(regions)
    chans: dict[int, tuple[tuple[int, int], ...]] = {}
    ns_top = {g.index: g.regions[0].base + g.regions[0].size for g in system.guests
              if g.non_secure and g.regions and g.regions[0].base is not None}
    for c in system.channels:
        ns_end = next((i for i in (c.writer, c.reader) if i in ns_top), None)
        if ns_end is not None:
            # Inside the Non-secure guest's RAM, at its top, outside its memory node
            # (nsguest.place computes the same addresses).
            ns_top[ns_end] -= nsguest.align_up(c.size, PAGE)
            chans[c.index] = ((ns_top[ns_end], c.size),)
            continue
        runs = frames.allocate(c.size)
        if runs is None:
            errors.error(rules.MEMORY_EXHAUSTED, c.loc,
                         f"cannot allocate {show_size(c.size)} for channel '{c.name}': "
                         f"{frames.frames_left()} free 4 KB frames left in RAM bank "
                         f"'{bank.name}'")
            runs = []
        chans[c.index] = tuple(runs)
    stashes = _stashes(system, frames, errors)
    return placed, chans, stashes


def _stashes(system: System, frames: FrameAllocator, errors: Collector) -> dict[int, int]:
    """Secure home of each Non-secure guest's kernel, DTB and initramfs: the highest
    1 MB-aligned free range (below the monitor at the top of DDR, so that the image's
    load segments stay together: image.bin spans them all), outside the TrustZone
    blocks of every Non-secure guest."""
    block = system.platform.trustzone_ddr_block or SECTION
    out = {}
    for g in system.guests:
        if g.non_secure and g.regions[0].base is not None:
            r = g.regions[0]
            lo = r.base // block * block
            frames.reserve(lo, nsguest.align_up(r.base + r.size, block) - lo)
    for g in system.guests:
        if not g.non_secure or g.linux is None:
            continue
        need = nsguest.stash_size(g)
        at = None
        for start, end in reversed(frames.free):
            a = (end - need) // nsguest.STASH_ALIGN * nsguest.STASH_ALIGN
            if a >= start:
                at = a
                break
        if at is None:
            errors.error(rules.MEMORY_EXHAUSTED, g.linux.loc,
                         f"no free {show_size(need)} of Secure RAM for the kernel, device tree "
                         f"and initramfs of guest '{g.name}' (the monitor copies them from "
                         "there at every start)")
            continue
        frames.reserve(at, need)
        out[g.index] = at
    return out


def _channel_vas(system: System, errors: Collector) -> dict[tuple[int, int], int]:
    """(channel index, guest index) -> guest address: lowest free from 0x70000000."""
    monitor = [(i.va, i.size) for i in space.monitor_items(system)]
    taken = {g.index: monitor + [(i.va, i.size) for i in space.guest_items(g)
                                 + space.foreign_items(system, g)]
             for g in system.guests}
    out = {}
    for c in system.channels:
        for gi in (c.writer, c.reader):
            va = space.first_free(taken[gi], space.CHANNEL_VA_BASE, c.size, PAGE)
            if va is None:
                errors.error(rules.MEMORY_EXHAUSTED, c.loc,
                             f"no free guest address from 0x{space.CHANNEL_VA_BASE:08x} with "
                             f"room for channel '{c.name}' ({show_size(c.size)}) in guest "
                             f"'{system.guests[gi].name}'")
                va = 0
            else:
                taken[gi].append((va, c.size))
            out[(c.index, gi)] = va
    return out


def _io_pairs(system: System) -> tuple[IoPair, ...]:
    """Every client/service pair of proxied I/O, by client then service, each
    with slots of its own."""
    keys = sorted({(g.index, p.service) for g in system.guests for p in g.proxied})
    if not keys:
        return ()
    per = min(IO_SLOTS_PER_PAIR, MAX_IO_SLOTS // len(keys))
    assert per >= 1, "more pairs than CONFIG_MAX_IO_SLOTS"
    return tuple(IoPair(c, s, i * per, per) for i, (c, s) in enumerate(keys))


def _io(g: Guest, pairs: tuple[IoPair, ...] = ()) -> tuple[IoEntry, ...]:
    pair_of = {(p.client, p.service): i for i, p in enumerate(pairs)}
    out = []
    for u in g.devices:
        if u.access == PASSTHROUGH:
            first, span = u.device.page_span
            out.append(IoEntry(u.va, span, first, IO_PHYS, IO_READ | IO_WRITE, 1, 0,
                               u.device.name))
    for w in g.io:
        out.append(IoEntry(w.va, w.size, w.device.base + w.offset, IO_PHYS, _PERMS[w.access], 0,
                           0, w.name))
    if g.vuart is not None:
        out.append(IoEntry(g.vuart, PAGE, 0, IO_VUART, IO_READ | IO_WRITE, 0, 0, "vuart"))
    for p in g.proxied:
        out.append(IoEntry(p.va, p.size, 0, IO_PROXY, IO_READ | IO_WRITE, 0, p.service, p.name,
                           pair_of[(g.index, p.service)]))
    return tuple(sorted(out, key=lambda e: (e.va, e.size)))


def _ticks(system: System, g: Guest) -> Ticks:
    s = g.schedule
    if s is None:
        return Ticks(0, 0, 0, 0, 0)
    hz = system.platform.private_timer_hz
    t = [ns * hz // 1_000_000_000 for ns in (s.period, s.budget, s.deadline, s.min_period,
                                             s.max_budget)]
    return Ticks(*t, lead=checks.release_lead_ticks(system, g))


MONITOR_CLIENT = 0b01     # DACR field of domain 0, the monitor's: client (ARM ARM B4.1.43)


def _dacr(g: Guest) -> int:
    """Its own domain, client; a User-mode guest also the monitor's domain 0,
    whose pages are privileged-only. The HRT runs at PL1, so domain 0 is
    granted only inside its smc entry (hrtmap.py)."""
    own = MONITOR_CLIENT << 2 * g.domain
    return own if g.level == HRT else own | MONITOR_CLIENT


def allocate(system: System) -> Layout:
    errors = Collector()
    placed, chan_runs, stashes = _place(system, errors)
    chan_va = _channel_vas(system, errors)
    names = [g.name for g in system.guests]
    ns_layouts = {}
    ns_spis = nsguest.doorbell_spis(system, errors)
    for g in system.guests:
        if g.non_secure and g.linux is not None and g.index in stashes:
            nl, why = nsguest.place(g, system.channels, names, stashes[g.index], ns_spis)
            if nl is None:
                errors.error(rules.NS_MEMORY, g.regions[0].loc,
                             f"memory of Non-secure guest '{g.name}' is too small: it {why}")
            ns_layouts[g.index] = nl
    errors.check()
    services = system.service_guests()
    pairs = _io_pairs(system)
    guests = []
    slots: dict[int, int] = {}             # SRT guest -> first locked TLB slot
    for c in system.cores:
        slots.update(checks.tlb_slots([g for g in system.guests
                                       if g.core == c.id and g.level == SRT],
                                      system.platform.tlb_lockable))
    for g in system.guests:
        regions = placed[g.index]
        first = g.regions[0]
        ends, maps = [], []
        for c in system.channels:
            if g.index not in (c.writer, c.reader):
                continue
            writer = g.index == c.writer
            va = chan_va[(c.index, g.index)]
            spi = ns_spis.get(c.index, 0) if writer else 0
            ends.append(ChannelEnd(c, c.reader if writer else c.writer, int(writer),
                                   VIRQ_CHANNEL_BASE + c.index if writer and c.doorbell
                                   and not spi else 0, va, len(ends), spi))
            maps.append((c.name, va, chan_runs[c.index], writer))
        tlb = ()
        slot = slots.get(g.index, 0)
        if g.index in slots:
            tlb = tuple(sorted(r.va + off for r in g.regions for off in range(0, r.size, SECTION)))
        flags = (GUEST_INFO if g.info else 0) | (GUEST_SERVICE if g.index in services else 0) | \
            (GUEST_VFP if g.build.hard_float else 0)
        if g.non_secure:
            nl = ns_layouts[g.index]
            guests.append(GuestLayout(
                guest=g, regions=regions, table=None, entry=nl.entry, stack_top=0, dacr=1,
                ticks=_ticks(system, g), flags=0, tlb_lock=(), io=(), channels=tuple(ends),
                ns=nl))
            continue
        guests.append(GuestLayout(
            guest=g, regions=regions, table=tables.guest_table(system, g, regions, maps),
            entry=first.va if g.build.entry is None else g.build.entry,
            stack_top=first.va + first.size,
            dacr=_dacr(g), ticks=_ticks(system, g), flags=flags,
            tlb_lock=tlb, io=_io(g, pairs), channels=tuple(ends), tlb_slot=slot,
            io_served=tuple(i for i, p in enumerate(pairs) if p.service == g.index),
            smc_vectors=hrtmap.smc_alias(system, g) if g.level == HRT else 0,
            smc_dacr=_dacr(g) | MONITOR_CLIENT if g.level == HRT else 0))
    channels = tuple(ChannelLayout(c, chan_runs[c.index], chan_va[(c.index, c.writer)],
                                   chan_va[(c.index, c.reader)]) for c in system.channels)
    mon = mmu.TableBuilder("monitor_l1", "monitor_l2", 0)
    tables.monitor_mappings(system, mon)
    for nl in ns_layouts.values():
        tables.ns_monitor_mappings(nl, mon)

    hz = system.platform.private_timer_hz
    kinds = {}
    vcpus = {}
    ns_of = {c: g.index for g in system.guests if g.non_secure for c in g.on_cores}
    for c in system.cores:
        on = [g for g in system.guests if c.id in g.on_cores]
        hrt = [g.index for g in on if g.level == HRT]
        if hrt:
            kinds[c.id], vcpus[c.id] = CORE_HRT, tuple(hrt)
        elif on:
            kinds[c.id] = CORE_SHARED
            vcpus[c.id] = tuple([g.index for g in on if g.level == SRT]
                                + [g.index for g in on if g.level == NRT])
        else:
            kinds[c.id], vcpus[c.id] = CORE_IDLE, ()
    # The console UART's interrupt is the monitor's: transmit-FIFO space (the
    # console is interrupt-driven, so printing never waits for the UART) and
    # console input. It goes to the first core that is not an HRT guest's.
    console_irq = system.console.irqs[0] if system.console.irqs else 0
    drain = [c.id for c in system.cores if kinds[c.id] != CORE_HRT]
    monitor_spis = {console_irq: drain[0]} if console_irq and drain else {}
    routing = gic.route(system, {c for c, k in kinds.items() if k == CORE_SHARED}, monitor_spis,
                        {spi: system.channels[ch].reader for ch, spi in ns_spis.items()})
    cores = tuple(CoreLayout(c.id, kinds[c.id], vcpus[c.id], c.quantum_ns,
                             c.quantum_ns * hz // 1_000_000_000, routing.gic_banked[c.id],
                             ns_of.get(c.id, gic.OWNER_NONE), 1 if c.id in ns_of else 0)
                  for c in system.cores)
    md = {d.name: d for d in system.platform.monitor_devices}
    return Layout(system=system, guests=tuple(guests), channels=channels,
                  monitor_table=mon.build(), cores=cores, routing=routing,
                  ptimer=md["ptimer"].base, ptimer_irq=md["ptimer"].irqs[0],
                  gtimer=md["gtimer"].base, gicd=md["gicd"].base, gicc=md["gicc"].base,
                  console_irq=console_irq, config_hash=canon.config_hash(system),
                  io_pairs=pairs,
                  gtimer_irq=md["gtimer"].irqs[0] if md["gtimer"].irqs else 27)

