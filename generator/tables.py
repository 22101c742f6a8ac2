"""The translation tables of the system: the monitor's own and one per guest
(mmu.py builds the entries; allocate.py decides where everything goes and
calls these with the placement it made).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import hrtmap, mmu, stacks
from .model import HRT, PAGE, PASSTHROUGH, SECTION, SRT, Guest, System

if TYPE_CHECKING:
    from . import nsguest
    from .allocate import Run


def _monitor_memory(system: System, tb: mmu.TableBuilder) -> None:
    sl = stacks.layout(system)
    for pa in range(system.monitor_base, sl.area, SECTION):
        tb.map_section(pa, mmu.section(pa, ap=mmu.AP_PRIV, mem=mmu.NORMAL_WBWA, xn=0, domain=0,
                                       s=1, ng=0), "monitor memory")
    # The stacks' megabyte in pages: the guard page below each core's block
    # stays unmapped (generator/stacks.py).
    for pa in stacks.mapped_pages(system):
        tb.map_page(pa, mmu.small_page(pa, ap=mmu.AP_PRIV, mem=mmu.NORMAL_WBWA, xn=1, s=1, ng=0),
                    "monitor stacks", guest=False)


def monitor_mappings(system: System, tb: mmu.TableBuilder) -> None:
    _monitor_memory(system, tb)
    users: dict[int, list[str]] = {}
    for dev in system.platform.monitor_devices:
        for page in dev.pages:
            users.setdefault(page, []).append(dev.name)
    for page in system.console.pages:
        users.setdefault(page, []).append(f"{system.console.name} (console)")
    for page in sorted(users):
        tb.map_page(page, mmu.small_page(page, ap=mmu.AP_PRIV, mem=mmu.DEVICE, xn=1, s=0, ng=0),
                    "monitor device " + ", ".join(users[page]), guest=False)


def _hrt_monitor_mappings(system: System, g: Guest, tb: mmu.TableBuilder) -> None:
    """Of the monitor, only what its smc path needs (hrtmap.py)."""
    _monitor_memory(system, tb)
    for page, what, glob in hrtmap.monitor_pages(system, g):
        tb.map_page(page, mmu.small_page(page, ap=mmu.AP_PRIV, mem=mmu.DEVICE, xn=1, s=0,
                                         ng=0 if glob else 1),
                    "monitor device " + what + ("" if glob else
                                                 " (non-global: shares the guest's megabyte)"),
                    guest=not glob)
    tb.map_page(hrtmap.smc_alias(system, g), mmu.small_page(
        hrtmap.smc_page(system), ap=mmu.AP_PRIV_RO, mem=mmu.NORMAL_WBWA, xn=0, s=1, ng=1),
        "the monitor's smc page, read-only alias (MVBAR)", guest=True)


def ns_monitor_mappings(nl: nsguest.NsLayout, tb: mmu.TableBuilder) -> None:
    """A Non-secure guest's RAM (NS attribute: the accesses reach the lines and
    memory the guest sees, ARM ARM B3.5.1) and its stash, privileged-only in the
    monitor's own table, which the core runs on while that guest does: a
    restart copies the stash into the RAM with the MMU on."""
    for off in range(0, nl.size, SECTION):
        tb.map_section(nl.base + off, mmu.section(
            nl.base + off, ap=mmu.AP_PRIV, mem=mmu.NORMAL_WBWA, xn=1, domain=0, s=1, ng=0)
            | mmu.SECTION_NS, f"{nl.guest.name} RAM (Non-secure, for its reload)")
    for off in range(0, nl.stash_size, SECTION):
        tb.map_section(nl.stash + off, mmu.section(
            nl.stash + off, ap=mmu.AP_PRIV, mem=mmu.NORMAL_WBWA, xn=1, domain=0, s=1, ng=0),
            f"{nl.guest.name} kernel, DTB and initramfs (stash)")


def guest_table(system: System, g: Guest, regions: tuple[tuple[Run, ...], ...],
                 chan_maps: list[tuple[str, int, tuple[tuple[int, int], ...], bool]]
                 ) -> mmu.Table:
    tb = mmu.TableBuilder(f"l1_{g.name}", f"l2_{g.name}", g.domain)
    if g.level == HRT:
        _hrt_monitor_mappings(system, g, tb)
    else:
        monitor_mappings(system, tb)
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
        first, span = use.device.page_span
        for off in range(0, span, PAGE):
            if use.access == PASSTHROUGH:
                tb.map_page(use.va + off, mmu.small_page(first + off, ap=ap, mem=mmu.DEVICE, xn=1,
                                                         s=0, ng=1),
                            f"{g.name} device {use.device.name}", guest=True)
            elif system.test_bus_error == g.index:
                pass    # test only: the monitor's accesses for this guest abort
            else:
                tb.map_page(first + off, mmu.small_page(first + off, ap=mmu.AP_PRIV,
                                                        mem=mmu.DEVICE, xn=1, s=0, ng=1),
                            f"{g.name} mediated device {use.device.name} (monitor only)",
                            guest=False)
    for name, va, runs, writer in chan_maps:
        for pa, size in runs:
            for off in range(0, size, PAGE):
                tb.map_page(va + off, mmu.small_page(
                    pa + off, ap=mmu.AP_USER if writer else mmu.AP_USER_RO, mem=mmu.NORMAL_WBWA,
                    xn=1, s=1, ng=1),
                    f"{g.name} channel {name} ({'writer' if writer else 'reader'})", guest=True)
            va += size
    fs = system.test_foreign_section
    if fs is not None and fs.guest == g.index:
        # Test only: a wrong entry, as if copied from the victim's table. Its domain is
        # not in this guest's DACR, so every access to it takes a domain fault.
        victim = system.guests[fs.of].name
        tb.map_section(fs.va, mmu.section(fs.pa, ap=mmu.AP_USER, mem=mmu.NORMAL_WBWA, xn=0,
                                          domain=fs.domain, s=1, ng=1),
                       f"TEST ONLY: {victim}'s section pa 0x{fs.pa:08x} in domain {fs.domain} "
                       "(must domain-fault)")
    return tb.build()
