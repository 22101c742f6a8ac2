"""Interrupt routing: owners, priorities, targets and the GIC register lists.

Register offsets are relative to the distributor base (GIC architecture
v1.0, section 4.1.2; UG585 appendix B, mpcore). IDs 0..31 (SGIs and PPIs)
are banked per core and written by each core itself (`gic_banked`); IDs 32..
(SPIs) are written once by core 0 (`gicd_init`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import HRT, System

OWNER_NONE = 0xff
OWNER_MONITOR = 0xfe

PRIO_HRT = 0x40
PRIO_MONITOR = 0x80
PRIO_GUEST = 0xa0
PRIO_NONE = 0xf0
# With a Non-secure guest: its interrupts are Group 1, whose priorities a
# Non-secure write can only set to 0x80..0xff (GIC architecture v1.0, 3.6.3),
# so every Secure one (Group 0) is strictly higher: an active Linux interrupt
# never holds back a Secure one.
PRIO_MONITOR_NS = 0x60
PRIO_GUEST_NS = 0x70
PRIO_LINUX = 0xd0
# SGIs the monitor uses on a core with a Non-secure guest (console.h CONSOLE_SGI,
# sched.h SCHED_KICK_SGI); the others are the guest's (Linux's IPIs, Group 1).
# Linux's IPIs are SGIs 0-7; 8-15 are left to the secure firmware.
MONITOR_SGIS = (14, 15)

GICD_IGROUPR = 0x080
GICD_ISENABLER = 0x100
GICD_ICENABLER = 0x180
GICD_ICPENDR = 0x280
GICD_IPRIORITYR = 0x400
GICD_ITARGETSR = 0x800
GICD_ICFGR = 0xc00
ICFG_LEVEL = 0b01         # per 2-bit field: level-sensitive (bit 0 is the 1-N model)
ICFG_EDGE = 0b11          # edge-triggered
IRQ_EDGE = 1              # irq_flags bit (config.h CFG_IRQ_EDGE)


@dataclass(frozen=True)
class Reg:
    offset: int
    value: int
    comment: str


@dataclass(frozen=True)
class Routing:
    irq_owner: tuple[int, ...]                  # [n_irq_lines], NONE below 32
    irq_flags: tuple[int, ...]                  # [n_irq_lines], IRQ_EDGE bits
    irq_target: tuple[int, ...]                 # [n_irq_lines], core of each owned SPI, else -1
    irq_owner_ppi: tuple[tuple[int, ...], ...]  # [n_cores][32]
    owner_name: dict                            # id or (core, id) -> name, for comments
    gicd_init: tuple[Reg, ...]
    gic_banked: tuple[tuple[Reg, ...], ...]     # per core


def _prio(system: System, owner: int) -> int:
    ns = any(g.non_secure for g in system.guests)
    if owner == OWNER_NONE:
        return PRIO_NONE
    if owner == OWNER_MONITOR:
        return PRIO_MONITOR_NS if ns else PRIO_MONITOR
    g = system.guests[owner]
    if g.non_secure:
        return PRIO_LINUX
    if g.level == HRT:
        return PRIO_HRT
    return PRIO_GUEST_NS if ns else PRIO_GUEST


def _group1(system: System, owner: int) -> bool:
    return owner < len(system.guests) and system.guests[owner].non_secure


def _bytes_word(values: list[int]) -> int:
    return sum(v << (8 * i) for i, v in enumerate(values))


def route(system: System, shared_cores: set[int], monitor_spis: dict[int, int],
          doorbells: dict[int, int] | None = None) -> Routing:
    """The routing map. `monitor_spis`: SPIs the monitor owns -> the core they go to.
    `doorbells`: software SPIs pended by a channel's writer -> the Non-secure
    guest that reads it (Group 1, edge-triggered: each notify is one event)."""
    p = system.platform
    n = p.irq_lines
    edge = set(p.edge_irqs)
    flags = [IRQ_EDGE if i in edge else 0 for i in range(n)]
    target = [-1] * n
    ptimer_irq = next(d for d in p.monitor_devices if d.name == "ptimer").irqs[0]
    owner = [OWNER_NONE] * n
    ppi = [[OWNER_NONE] * 32 for _ in range(p.cores)]
    names: dict = {}
    gtimer_irqs = next(d for d in p.monitor_devices if d.name == "gtimer").irqs
    gtimer_irq = gtimer_irqs[0] if gtimer_irqs else 27      # Cortex-A9 MPCore: PPI 11
    ns_of = {c: g.index for g in system.guests if g.non_secure for c in g.on_cores}
    for core in sorted(shared_cores):
        if core in ns_of:
            # The private timer is the Non-secure guest's (Linux's TWD); the
            # monitor's events come from the global timer's banked comparator.
            ppi[core][gtimer_irq] = OWNER_MONITOR
            names[(core, gtimer_irq)] = "monitor (global timer comparator)"
            ppi[core][ptimer_irq] = ns_of[core]
            names[(core, ptimer_irq)] = system.guests[ns_of[core]].name + " (private timer)"
            # Every SGI is the guest's (Linux's IPIs) but the monitor's own, which
            # get the monitor's priority: above any Group 1 interrupt, or a pending
            # one of the guest's would hide them from the Secure acknowledge.
            for sgi in range(16):
                ppi[core][sgi] = OWNER_MONITOR if sgi in MONITOR_SGIS else ns_of[core]
                if sgi in MONITOR_SGIS:
                    names[(core, sgi)] = "monitor (SGI)"
            continue
        ppi[core][ptimer_irq] = OWNER_MONITOR
        names[(core, ptimer_irq)] = "monitor (private timer)"
    for irq, core in sorted(monitor_spis.items()):
        owner[irq], target[irq] = OWNER_MONITOR, core
        names[irq] = "monitor (console)"
    for g in system.guests:
        for irq, reader in sorted((doorbells or {}).items()):
            if reader == g.index:
                owner[irq], target[irq] = g.index, g.core
                flags[irq] |= IRQ_EDGE
                names[irq] = g.name + " (channel doorbell)"
        for irq in g.irqs:
            if irq.id >= 32:
                owner[irq.id], target[irq.id] = g.index, g.core
                names[irq.id] = g.name
            else:
                ppi[g.core][irq.id] = g.index
                names[(g.core, irq.id)] = g.name

    init: list[Reg] = []
    words = range(1, n // 32)
    for w in words:
        init.append(Reg(GICD_ICENABLER + 4 * w, 0xffffffff, f"ICENABLER{w}: disable IDs {32 * w}..{32 * w + 31}"))
    for w in words:
        init.append(Reg(GICD_ICPENDR + 4 * w, 0xffffffff, f"ICPENDR{w}: clear pending IDs {32 * w}..{32 * w + 31}"))
    for w in words:
        g1 = [i for i in range(32 * w, 32 * w + 32) if _group1(system, owner[i])]
        init.append(Reg(GICD_IGROUPR + 4 * w, sum(1 << (i - 32 * w) for i in g1),
                        f"IGROUPR{w}: IDs {32 * w}..{32 * w + 31} in group 0"
                        + (f" but {', '.join(map(str, g1))} in group 1 (Non-secure)" if g1 else "")))
    for w in range(8, n // 4):
        ids = range(4 * w, 4 * w + 4)
        init.append(Reg(GICD_IPRIORITYR + 4 * w, _bytes_word([_prio(system, owner[i]) for i in ids]),
                        f"IPRIORITYR{w}: IDs {4 * w}..{4 * w + 3}"))
    for w in range(8, n // 4):
        ids = range(4 * w, 4 * w + 4)
        targets = [0 if target[i] < 0 else 1 << target[i] for i in ids]
        init.append(Reg(GICD_ITARGETSR + 4 * w, _bytes_word(targets),
                        f"ITARGETSR{w}: IDs {4 * w}..{4 * w + 3}"))
    for w in range(2, n // 16):
        ids = range(16 * w, 16 * w + 16)
        value = sum((ICFG_EDGE if flags[i] & IRQ_EDGE else ICFG_LEVEL) << (2 * (i - 16 * w))
                    for i in ids)
        edges = [str(i) for i in ids if flags[i] & IRQ_EDGE]
        init.append(Reg(GICD_ICFGR + 4 * w, value,
                        f"ICFGR{w}: IDs {16 * w}..{16 * w + 15} level-sensitive"
                        + (f" but {', '.join(edges)} edge" if edges else "")))
    for w in words:
        # A Non-secure guest enables its own (its GIC driver, Non-secure view).
        on = [i for i in range(32 * w, 32 * w + 32)
              if owner[i] != OWNER_NONE and not _group1(system, owner[i])]
        bits = sum(1 << (i - 32 * w) for i in on)
        ids = [str(i) for i in on]
        init.append(Reg(GICD_ISENABLER + 4 * w, bits,
                        f"ISENABLER{w}: enable {', '.join(ids) if ids else 'none'}"))

    banked = []
    for core in range(p.cores):
        own = ppi[core]
        g1 = [i for i in range(32) if _group1(system, own[i])]
        regs = [Reg(GICD_IGROUPR, sum(1 << i for i in g1), "IGROUPR0: SGIs/PPIs in group 0"
                    + (f" but {', '.join(map(str, g1))} in group 1 (Non-secure)" if g1 else "")),
                Reg(GICD_ICENABLER, 0xffff0000, "ICENABLER0: disable PPIs")]
        for w in range(8):
            ids = range(4 * w, 4 * w + 4)
            regs.append(Reg(GICD_IPRIORITYR + 4 * w, _bytes_word([_prio(system, own[i]) for i in ids]),
                            f"IPRIORITYR{w}: IDs {4 * w}..{4 * w + 3}"))
        enabled = [i for i in range(16, 32) if own[i] != OWNER_NONE and not _group1(system, own[i])]
        regs.append(Reg(GICD_ISENABLER, sum(1 << i for i in enabled),
                        f"ISENABLER0: enable {', '.join(map(str, enabled)) if enabled else 'none'}"))
        banked.append(tuple(regs))
    return Routing(tuple(owner), tuple(flags), tuple(target), tuple(tuple(c) for c in ppi), names,
                   tuple(init), tuple(banked))
