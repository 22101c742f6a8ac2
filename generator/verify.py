"""Check the generated translation tables against the model.

`decode_c` reads the L1/L2 tables back out of the emitted config_gen.c and
decodes every descriptor (ARM ARM B3.5) into 4 KB mappings
va -> (pa, access, domain, memory type, xn, ng, section?). `expected`
derives the same from the model and the physical placement alone, without
the table builder (mmu.TableBuilder). `check_output` compares the two for
every guest and the monitor, and each guest's DACR with the one it must
have (domain 0 and the guest's own, as client), then checks the isolation
properties. A mapping is reachable by a guest only through a domain its
DACR grants; in any other domain it takes a domain fault (ARM ARM B3.12.3),
whatever its access permissions (this is what `build: test_foreign_section`
relies on):

- no physical page is reachable from User mode by two guests, except a
  channel's pages by its writer and reader;
- HRT memory and the monitor's memory are reachable by no other guest;
- each guest's memory is inside a RAM bank and outside the monitor;
- windows the monitor emulates (io, vuart, proxied) are not mapped.

generate() runs it on every build (a mismatch is an internal error); the
tests run it for every system they generate.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from . import hrtmap, mmu, stacks
from .allocate import Layout
from .model import HRT, MEDIATED, NRT, PAGE, SECTION, Guest

AP_PRIV, AP_USER, AP_USER_RO, AP_PRIV_RO = mmu.AP_PRIV, mmu.AP_USER, mmu.AP_USER_RO, mmu.AP_PRIV_RO
WBWA, DEVICE = mmu.NORMAL_WBWA, mmu.DEVICE


@dataclass(frozen=True)
class Mapping:
    pa: int
    ap: int
    domain: int
    mem: tuple[int, int, int]
    xn: int
    ng: int
    section: bool

    def show(self) -> str:
        kind = "section" if self.section else "page"
        return (f"pa 0x{self.pa:08x} ap {self.ap:03b} domain {self.domain} tex/c/b "
                f"{self.mem} xn {self.xn} ng {self.ng} {kind}")


_ARRAY = re.compile(r"static const uint32_t (\w+)\[(\d+)\][^=]*= \{\n(.*?)\n\};", re.S)
_ENTRY = re.compile(r"\[(0x[0-9a-f]+)\] = (?:\(uint32_t\)&(\w+)\[0\] \+ )?(0x[0-9a-f]+)u,")


@functools.lru_cache(maxsize=2)
def _arrays(c_text: str) -> dict[str, dict[int, tuple[str | None, int]]]:
    """Every table of config_gen.c (parsed once per text: each check reads them all)."""
    out = {}
    for m in _ARRAY.finditer(c_text):
        out[m.group(1)] = {int(e.group(1), 16): (e.group(2), int(e.group(3), 16))
                           for e in _ENTRY.finditer(m.group(3))}
    return out


def decode_c(c_text: str, l1_symbol: str) -> dict[int, Mapping]:
    """Every 4 KB page the table `l1_symbol` maps, decoded from config_gen.c."""
    arrays = _arrays(c_text)
    out: dict[int, Mapping] = {}
    for index, (l2sym, value) in arrays[l1_symbol].items():
        if l2sym is not None:
            d = mmu.decode_l1(value)
            assert d["kind"] == "table" and d["l2"] == 0, (l1_symbol, index)
            for slot, (_, pv) in arrays[l2sym].items():
                p = mmu.decode_l2(pv)
                if p["kind"] == "fault":
                    continue
                va = index << 20 | slot << 12
                out[va] = Mapping(p["pa"], p["ap"], d["domain"], (p["tex"], p["c"], p["b"]),
                                  p["xn"], p["ng"], False)
            continue
        s = mmu.decode_l1(value)
        if s["kind"] != "section":
            continue
        for off in range(0, SECTION, PAGE):
            out[index << 20 | off] = Mapping(s["pa"] + off, s["ap"], s["domain"],
                                             (s["tex"], s["c"], s["b"]), s["xn"], s["ng"], True)
    return out


@dataclass(frozen=True)
class Global:
    """A global (nG = 0) entry as the TLB caches it: the descriptor that maps
    the page and the domain it is walked with."""

    kind: str          # "section" (an L1 descriptor) or "page" (an L2 small page)
    value: int         # the descriptor, every bit
    domain: int        # the section's domain, or the L1 page-table descriptor's

    def show(self) -> str:
        where = "" if self.kind == "section" else " in an L2 table"
        return f"{self.kind} descriptor 0x{self.value:08x}{where} of domain {self.domain}"


def global_entries(c_text: str, l1_symbol: str) -> dict[int, Global]:
    """Every 4 KB page that the table `l1_symbol` maps with a global entry."""
    arrays = _arrays(c_text)
    out: dict[int, Global] = {}
    for index, (l2sym, value) in arrays[l1_symbol].items():
        d = mmu.decode_l1(value)
        if l2sym is not None:
            for slot, (_, pv) in arrays[l2sym].items():
                p = mmu.decode_l2(pv)
                if p["kind"] == "page" and not p["ng"]:
                    out[index << 20 | slot << 12] = Global("page", pv, d["domain"])
        elif d["kind"] == "section" and not d["ng"]:
            for off in range(0, SECTION, PAGE):
                out[index << 20 | off] = Global("section", value, d["domain"])
    return out


def _globals(layout: Layout, c_text: str) -> list[str]:
    """Every global entry is bit-identical, domain included, in every table that
    has it: a global TLB entry is hit by every ASID, with the domain and
    permissions of whichever table it was walked from (ARM ARM B3.7.3, B3.9.1),
    so one table's entry would serve another guest's table. And no table of a
    shared core maps a page non-globally where another has a global entry: the
    TLB would then hold two entries for one address (B3.10.1, a TLB conflict).
    The HRT core walks only its guest's table after one TLB invalidation at its
    switch from the monitor's, so an HRT table may shadow a global page with
    its own (its cpu_private page, shared with the monitor's private devices)."""
    tables = [("monitor", layout.monitor_table.symbol, False)]
    tables += [(f"guest '{gl.guest.name}'", gl.table.symbol, gl.guest.level == HRT)
               for gl in layout.guests if gl.table is not None]
    first: dict[int, tuple[str, Global]] = {}
    out: list[str] = []
    said: set[tuple[int, str, str]] = set()

    def report(va: int, a: str, b: str, text: str) -> None:
        if (va >> 20, a, b) not in said:
            said.add((va >> 20, a, b))
            out.append(text)

    for name, symbol, _ in tables:
        for va, e in sorted(global_entries(c_text, symbol).items()):
            seen = first.setdefault(va, (name, e))
            if seen[1] != e:
                report(va, seen[0], name,
                       f"global entry for va 0x{va:08x} differs between tables: {seen[0]} has "
                       f"a {seen[1].show()}, {name} a {e.show()} (a global TLB entry is hit "
                       "by every ASID with the domain of the table it was walked from, ARM "
                       "ARM B3.9.1)")
    for name, symbol, hrt in tables:
        if hrt:
            continue
        for va, m in sorted(decode_c(c_text, symbol).items()):
            if m.ng and va in first:
                report(va, first[va][0], name,
                       f"va 0x{va:08x} is global in {first[va][0]} ({first[va][1].show()}) "
                       f"but mapped non-global in {name}: the TLB would hold two entries "
                       "for it (ARM ARM B3.10.1)")
    return out


_DACR = re.compile(r"\.l1 = (\w+),\n\s*\.dacr = (0x[0-9a-f]+),")


def decode_dacr(c_text: str, l1_symbol: str) -> int | None:
    """The DACR config_gen.c gives the guest whose table is `l1_symbol`."""
    for m in _DACR.finditer(c_text):
        if m.group(1) == l1_symbol:
            return int(m.group(2), 16)
    return None


def expected_dacr(layout: Layout, index: int) -> int:
    """Domain 0 (the monitor's identity mappings) and the guest's own, as client;
    for an HRT guest, which runs at PL1, its own domain only (hrtmap.py)."""
    g = layout.system.guests[index]
    return (0 if g.level == HRT else 1) | 1 << 2 * g.domain


_SMC = re.compile(r"\.l1 = (\w+),[^}]*?\.smc_vectors = (0x[0-9a-f]+|0),[^\n]*\n"
                  r"\s*\.smc_dacr = (0x[0-9a-f]+|0),")


def decode_smc(c_text: str, l1_symbol: str) -> tuple[int, int] | None:
    """(smc_vectors, smc_dacr) of the guest whose table is `l1_symbol`."""
    for m in _SMC.finditer(c_text):
        if m.group(1) == l1_symbol:
            return int(m.group(2), 16), int(m.group(3), 16)
    return None


def _monitor(layout: Layout, exp: dict[int, Mapping], hrt: Guest | None = None) -> None:
    """The monitor's mappings; in an HRT guest's table only those its smc path
    uses, and non-global in the megabytes of the guest's own pages."""
    system = layout.system
    area = stacks.layout(system).area
    for pa in range(system.monitor_base, area, PAGE):
        exp[pa] = Mapping(pa, AP_PRIV, 0, WBWA, 0, 0, True)
    for pa in stacks.mapped_pages(system):      # guard pages: unmapped
        exp[pa] = Mapping(pa, AP_PRIV, 0, WBWA, 1, 0, False)
    own = set()
    devices = system.platform.monitor_devices + (system.console,)
    if hrt is not None:
        for u in hrt.devices:
            own |= {(u.va + off) >> 20 for off in range(0, u.device.page_span[1], PAGE)}
        devices = tuple(d for d in devices if d.name in hrtmap.HRT_PATH_DEVICES
                        or d is system.console)
    for dev in devices:
        for page in dev.pages:
            if page >> 20 in own:
                exp[page] = Mapping(page, AP_PRIV, hrt.domain, DEVICE, 1, 1, False)
            else:
                exp[page] = Mapping(page, AP_PRIV, 0, DEVICE, 1, 0, False)


def expected(layout: Layout, index: int | None) -> dict[int, Mapping]:
    """What the table of guest `index` (None: the monitor's) must map."""
    exp: dict[int, Mapping] = {}
    if index is None:
        _monitor(layout, exp)
        # A Non-secure guest's RAM and stash, privileged-only, for its reload.
        for gl in layout.guests:
            if gl.ns is None:
                continue
            for base, size in ((gl.ns.base, gl.ns.size), (gl.ns.stash, gl.ns.stash_size)):
                for pa in range(base, base + size, PAGE):
                    exp[pa] = Mapping(pa, AP_PRIV, 0, WBWA, 1, 0, True)
        return exp
    gl = layout.guests[index]
    g = gl.guest
    _monitor(layout, exp, g if g.level == HRT else None)
    if g.level == HRT:
        exp[gl.smc_vectors] = Mapping(hrtmap.smc_page(layout.system), AP_PRIV_RO, g.domain,
                                      WBWA, 0, 1, False)
    user = AP_PRIV if g.level == HRT else AP_USER
    for runs in gl.regions:
        for run in runs:
            for off in range(0, run.size, PAGE):
                exp[run.va + off] = Mapping(run.pa + off, user, g.domain, WBWA, 0, 1,
                                            g.level != NRT)
    for u in g.devices:
        first, span = u.device.page_span
        for off in range(0, span, PAGE):
            if u.access == MEDIATED and layout.system.test_bus_error == g.index:
                continue    # build: test_bus_error leaves them out
            if u.access == MEDIATED:
                exp[first + off] = Mapping(first + off, AP_PRIV, g.domain, DEVICE, 1, 1, False)
            else:
                exp[u.va + off] = Mapping(first + off, user, g.domain, DEVICE, 1, 1, False)
    for cl in layout.channels:
        c = cl.channel
        if g.index not in (c.writer, c.reader):
            continue
        va = cl.writer_va if g.index == c.writer else cl.reader_va
        ap = AP_USER if g.index == c.writer else AP_USER_RO
        for pa, size in cl.runs:
            for off in range(0, size, PAGE):
                exp[va + off] = Mapping(pa + off, ap, g.domain, WBWA, 1, 1, False)
            va += size
    fs = layout.system.test_foreign_section
    if fs is not None and fs.guest == index:
        # The test-only wrong entry: the victim's first section, in the victim's domain.
        for off in range(0, SECTION, PAGE):
            exp[fs.va + off] = Mapping(fs.pa + off, AP_USER, fs.domain, WBWA, 0, 1, True)
    return _global_megabytes(exp)


def _global_megabytes(exp: dict[int, Mapping]) -> dict[int, Mapping]:
    """Pages of a megabyte that holds a global page share its domain 0: one L1
    descriptor gives the domain of all 256 pages (ARM ARM B3.5.1), and a global
    entry must carry the same domain in every table (B3.9.1)."""
    shared = {va >> 20 for va, m in exp.items() if not m.section and not m.ng}
    return {va: m if m.section or va >> 20 not in shared else replace(m, domain=0)
            for va, m in exp.items()}


def _same(got: Mapping, want: Mapping, own_domain: int) -> bool:
    if got == want:
        return True
    # A privileged-only page of the guest's (a mediated device) shares its L2
    # table, and so the L1 descriptor's domain, with the guest's pages of the
    # same megabyte: either domain is a client domain of the guest, and PL0 has
    # no access either way. Never for a global page (global_entries()).
    return (want.ap == AP_PRIV and got.ap == AP_PRIV and want.ng and got.ng
            and got.domain in (0, own_domain)
            and (got.pa, got.mem, got.xn, got.ng, got.section)
            == (want.pa, want.mem, want.xn, want.ng, want.section))


def _compare(name: str, got: dict[int, Mapping], want: dict[int, Mapping], domain: int
             ) -> list[str]:
    out = []
    for va in sorted(set(got) | set(want)):
        g, w = got.get(va), want.get(va)
        if g is None:
            out.append(f"{name}: va 0x{va:08x} not mapped, expected {w.show()}")
        elif w is None:
            out.append(f"{name}: va 0x{va:08x} mapped to {g.show()}, expected nothing")
        elif not _same(g, w, domain):
            out.append(f"{name}: va 0x{va:08x} maps {g.show()}, expected {w.show()}")
    return out


def domain_access(dacr: int, domain: int) -> int:
    """The DACR field of a domain: 0 no access, 1 client, 3 manager (B4.1.43)."""
    return dacr >> 2 * domain & 3


def reachable(m: Mapping, dacr: int, privileged: bool) -> bool:
    """Whether a guest running with `dacr` reaches the mapping: through a client
    domain by its access permissions (from User mode; at PL1, an HRT guest,
    every mapping), through a manager domain always, else never (a domain
    fault)."""
    access = domain_access(dacr, m.domain)
    if access == 0b11:
        return True
    if access != 0b01:
        return False
    return m.ap in (AP_USER, AP_USER_RO) or privileged


def _isolation(layout: Layout, tables: dict[int, dict[int, Mapping]],
               dacrs: dict[int, int] | None = None) -> list[str]:
    system = layout.system
    if dacrs is None:
        dacrs = {gl.guest.index: gl.dacr for gl in layout.guests}
    out = []
    shared = {}
    for cl in layout.channels:
        for pa, size in cl.runs:
            for off in range(0, size, PAGE):
                shared[pa + off] = {cl.channel.writer, cl.channel.reader}
    users: dict[int, set[int]] = {}
    writable: dict[tuple[int, int], bool] = {}
    for gi, table in tables.items():
        dacr = dacrs[gi]
        for va, m in table.items():
            if reachable(m, dacr, system.guests[gi].level == HRT):
                users.setdefault(m.pa, set()).add(gi)
                writable[(gi, m.pa)] = writable.get((gi, m.pa), False) or m.ap != AP_PRIV_RO
    mon = range(system.monitor_base, system.monitor_base + system.monitor_size)
    hrt = {gi for gi, g in enumerate(system.guests) if g.level == HRT}
    smc = hrtmap.smc_page(system)
    for pa, who in sorted(users.items()):
        if pa == smc and all(system.guests[i].level == HRT and writable[(i, pa)] is False
                             for i in who):
            continue    # the HRT's read-only alias of the smc page: code, not data
        if pa in mon:
            out.append(f"monitor memory 0x{pa:08x} reachable by guest(s) {sorted(who)}")
        if len(who) > 1 and shared.get(pa) != who:
            names = ", ".join(system.guests[i].name for i in sorted(who))
            out.append(f"physical page 0x{pa:08x} reachable by guests {names}")
        if who & hrt and len(who) > 1:
            out.append(f"HRT page 0x{pa:08x} reachable by another guest")
    for gl in layout.guests:
        if gl.ns is not None:
            # Its RAM is reachable from no Secure guest but through its channels.
            chan = {pa for cl in layout.channels for pa0, n in cl.runs
                    for pa in range(pa0, pa0 + n, PAGE)}
            for pa in range(gl.ns.base, gl.ns.base + gl.ns.size, PAGE):
                if pa in users and pa not in chan:
                    out.append(f"{gl.guest.name}: Non-secure page 0x{pa:08x} reachable by "
                               f"guest(s) {sorted(users[pa])}")
    for gl in layout.guests:
        if gl.ns is not None:
            continue
        for runs in gl.regions:
            for run in runs:
                if not any(b.base <= run.pa and run.pa + run.size <= b.base + b.size
                           for b in system.platform.ram):
                    out.append(f"{gl.guest.name}: RAM 0x{run.pa:08x} outside the platform RAM")
        for e in gl.io:
            if e.mapped:
                continue
            for va in range(e.va & ~(PAGE - 1), e.va + e.size, PAGE):
                if va in tables[gl.guest.index] and tables[gl.guest.index][va].ap != AP_PRIV:
                    out.append(f"{gl.guest.name}: emulated window {e.name} at 0x{va:08x} is "
                               "mapped for the guest")
    return out


def check_output(layout: Layout, c_text: str) -> list[str]:
    """Problems found (empty: the tables are exactly what the model says)."""
    problems = []
    tables = {}
    dacrs = {}
    for gl in layout.guests:
        if gl.table is None:
            continue          # a Non-secure guest: its own MMU, no table of ours
        got = decode_c(c_text, gl.table.symbol)
        tables[gl.guest.index] = got
        problems += _compare(gl.guest.name, got, expected(layout, gl.guest.index),
                             gl.guest.domain)
        dacr, want = decode_dacr(c_text, gl.table.symbol), expected_dacr(layout, gl.guest.index)
        if dacr != want:
            shown = "missing" if dacr is None else f"0x{dacr:08x}"
            problems.append(f"{gl.guest.name}: DACR {shown}, expected 0x{want:08x}")
        dacrs[gl.guest.index] = want if dacr is None else dacr
        smc = decode_smc(c_text, gl.table.symbol)
        want_smc = ((gl.smc_vectors, want | 1) if gl.guest.level == HRT else (0, 0))
        if smc != want_smc:
            problems.append(f"{gl.guest.name}: smc_vectors/smc_dacr {smc}, expected {want_smc}")
    problems += _compare("monitor", decode_c(c_text, layout.monitor_table.symbol),
                         expected(layout, None), 0)
    problems += _globals(layout, c_text)
    problems += _isolation(layout, tables, dacrs)
    return problems
