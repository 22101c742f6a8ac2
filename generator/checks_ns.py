"""Checks across guests that concern Non-secure guests: one per core, and the
TrustZone partition of DDR on platforms that have one (UG585 ch. 32: DDR is
split into 64 MB blocks, each Secure or Non-secure)."""
from __future__ import annotations

from . import rules
from .diag import Collector
from .model import System
from .units import overlaps, show_range, show_size


def secure_ranges(system: System) -> list[tuple[int, int, str]]:
    """Physical memory the Non-secure world must not reach (base, size, what):
    the monitor, every Secure guest's fixed regions. Channels are placed by
    the allocator: one shared with a Non-secure guest goes inside its RAM,
    the others in Secure frames, which the allocator takes outside it."""
    out = [(system.monitor_base, system.monitor_size, "the monitor memory")]
    for g in system.guests:
        if g.non_secure:
            continue
        for r in g.regions:
            if r.base is not None:
                out.append((r.base, r.size, f"guest '{g.name}' memory"))
    return out


def _placement(system: System, size: int, block: int) -> int | None:
    """The lowest block-aligned base where `size` (rounded up to blocks) holds
    no Secure memory and stays inside a RAM bank."""
    need = (size + block - 1) // block * block
    taken = secure_ranges(system)
    for bank in system.platform.ram:
        a = (bank.base + block - 1) // block * block
        while a + need <= bank.base + bank.size:
            if not any(overlaps(a, need, b, s) for b, s, _ in taken):
                return a
            a += block
    return None


def check_ns(system: System, errors: Collector) -> None:
    first: dict[int, object] = {}
    for g in system.guests:
        if not g.non_secure:
            continue
        second = [c for c in g.on_cores if c in first]
        for c in second:
            o = first[c]
            errors.error(rules.NS_PER_CORE, g.world_loc or g.loc if c == g.core
                         else g.core_loc_of(c),
                         f"guest '{g.name}' is a second Non-secure guest on core {c} "
                         f"(guest '{o.name}', {o.loc}): the Non-secure world has one set of "
                         "banked registers per core")
        if second:
            continue
        for c in g.on_cores:
            first[c] = g
        block = system.platform.trustzone_ddr_block
        if not block or len(g.regions) != 1 or g.regions[0].base is None:
            continue
        r = g.regions[0]
        problems = []
        if r.base % block or r.size % block:
            problems.append(f"does not fill whole {show_size(block)} TrustZone blocks")
        lo = r.base // block * block
        hi = (r.base + r.size + block - 1) // block * block
        for b, s, what in secure_ranges(system):
            if overlaps(lo, hi - lo, b, s) and not overlaps(r.base, r.size, b, s):
                problems.append(f"shares a TrustZone block with {what} {show_range(b, s)}")
        if problems:
            where = _placement(system, r.size, block)
            need = (r.size + block - 1) // block * block
            hint = (f"base 0x{where:08x}, size {show_size(need)} fills blocks that hold no "
                    "Secure memory" if where is not None else "")
            errors.error(rules.TRUSTZONE_BLOCKS, r.loc,
                         f"Non-secure guest '{g.name}' memory {show_range(r.base, r.size)} "
                         + "; ".join(problems), hint=hint)
