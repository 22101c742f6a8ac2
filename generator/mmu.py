"""ARMv7-A short-descriptor translation tables (ARM ARM B3.5).

Pure encoders plus a builder that turns a list of mappings into one L1
table (4096 entries, 1 MB each) and the L2 tables (256 entries, 4 KB each)
it needs. Only non-zero entries are kept; the emitter writes them as
designated initializers.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import PAGE, SECTION

AP_PRIV = 0b001   # PL1 read/write, PL0 no access
AP_USER = 0b011   # PL1 and PL0 read/write
AP_USER_RO = 0b010   # PL1 read/write, PL0 read-only
AP_PRIV_RO = 0b101   # PL1 read-only, PL0 no access (APX = 1, B3.7.1 table B3-8)

# Memory types (TEX, C, B), ARM ARM B3.8.2 table B3-10.
NORMAL_WBWA = (0b001, 1, 1)   # outer and inner write-back, write-allocate
DEVICE = (0b000, 0, 1)        # shareable device


SECTION_NS = 1 << 19      # section descriptor NS bit (ARM ARM B3.5.1)


def section(pa: int, *, ap: int, mem: tuple[int, int, int], xn: int, domain: int,
            s: int, ng: int) -> int:
    """L1 section descriptor (B3.5.1, figure B3-4)."""
    assert pa % SECTION == 0 and 0 <= domain < 16
    tex, c, b = mem
    return (0b10 | b << 2 | c << 3 | xn << 4 | domain << 5 | (ap & 3) << 10 | tex << 12
            | (ap >> 2) << 15 | s << 16 | ng << 17 | pa)


def small_page(pa: int, *, ap: int, mem: tuple[int, int, int], xn: int, s: int, ng: int) -> int:
    """L2 small page descriptor (B3.5.1, figure B3-5)."""
    assert pa % PAGE == 0
    tex, c, b = mem
    return (0b10 | xn | b << 2 | c << 3 | (ap & 3) << 4 | tex << 6 | (ap >> 2) << 9
            | s << 10 | ng << 11 | pa)


def page_table_bits(domain: int) -> int:
    """Low bits of an L1 page-table descriptor; the L2 address (1 KB aligned) is added."""
    assert 0 <= domain < 16
    return 0b01 | domain << 5


def l2_domain(own: int, values: list[int], guest_pages: bool) -> int:
    """The domain of an L2 table's L1 descriptor (one for all its 256 pages).

    A global (nG = 0) TLB entry is hit by every ASID and carries the domain
    of the table it was walked from (ARM ARM B3.7.3, B3.9.1), so a global
    page must have the same domain in every table: the monitor's domain 0.
    An L2 table that holds one of the monitor's global pages is therefore in
    domain 0 in every table, and the guest pages beside it are protected by
    their access permissions alone (User read/write or read-only; the
    monitor's pages are privileged-only). Otherwise the guest's own domain,
    if it has a page there, else 0 (the monitor's mediated-device pages).
    """
    if any(not value & 1 << 11 for value in values):
        return 0
    return own if guest_pages else 0


@dataclass(frozen=True)
class Entry:
    index: int
    va: int
    value: int
    comment: str


@dataclass(frozen=True)
class L2Table:
    symbol: str
    slot: int                  # the L1 index (VA >> 20) it serves
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class L1Entry:
    index: int
    va: int
    value: int                 # full descriptor, or the low bits when l2 is set
    comment: str
    l2: str | None = None      # symbol of the L2 table for page-table entries


@dataclass(frozen=True)
class Table:
    symbol: str
    l1: tuple[L1Entry, ...]
    l2: tuple[L2Table, ...]

    def l2_by_slot(self, slot: int) -> L2Table:
        return next(t for t in self.l2 if t.slot == slot)


class TableBuilder:
    """Collect mappings, later ones for the same page replacing earlier ones."""

    def __init__(self, symbol: str, l2_prefix: str, domain: int) -> None:
        self.symbol, self.l2_prefix, self.domain = symbol, l2_prefix, domain
        self.sections: dict[int, tuple[int, str]] = {}
        self.pages: dict[int, tuple[int, str, bool]] = {}

    def map_section(self, va: int, value: int, comment: str) -> None:
        slot = va >> 20
        assert slot not in self.sections, f"section 0x{va:08x} mapped twice"
        self.sections[slot] = (value, comment)

    def map_page(self, va: int, value: int, comment: str, guest: bool) -> None:
        self.pages[va] = (value, comment, guest)

    def build(self) -> Table:
        slots: dict[int, list[int]] = {}
        for va in sorted(self.pages):
            slots.setdefault(va >> 20, []).append(va)
        assert not set(slots) & set(self.sections), "a 1 MB slot holds a section and pages"
        l1 = [L1Entry(slot, slot << 20, value, comment) for slot, (value, comment) in self.sections.items()]
        l2s = []
        for slot, vas in slots.items():
            symbol = f"{self.l2_prefix}_{slot:03x}"
            entries = tuple(Entry((va >> 12) & 0xff, va, self.pages[va][0], self.pages[va][1])
                            for va in vas)
            l2s.append(L2Table(symbol, slot, entries))
            domain = l2_domain(self.domain, [self.pages[va][0] for va in vas],
                               any(self.pages[va][2] for va in vas))
            l1.append(L1Entry(slot, slot << 20, page_table_bits(domain),
                              f"L2 {symbol}, domain {domain}", l2=symbol))
        return Table(self.symbol, tuple(sorted(l1, key=lambda e: e.index)), tuple(l2s))


def decode_l1(value: int) -> dict:
    """Fields of an L1 descriptor, for the report and the tests."""
    kind = value & 3
    if kind == 0b10:
        return {"kind": "section", "pa": value & 0xfff00000, "b": value >> 2 & 1,
                "c": value >> 3 & 1, "xn": value >> 4 & 1, "domain": value >> 5 & 15,
                "ap": (value >> 15 & 1) << 2 | (value >> 10 & 3), "tex": value >> 12 & 7,
                "s": value >> 16 & 1, "ng": value >> 17 & 1}
    if kind == 0b01:
        return {"kind": "table", "l2": value & 0xfffffc00, "domain": value >> 5 & 15}
    return {"kind": "fault"}


def decode_l2(value: int) -> dict:
    if value & 2 == 0:
        return {"kind": "fault"}
    return {"kind": "page", "pa": value & 0xfffff000, "xn": value & 1, "b": value >> 2 & 1,
            "c": value >> 3 & 1, "ap": (value >> 9 & 1) << 2 | (value >> 4 & 3),
            "tex": value >> 6 & 7, "s": value >> 10 & 1, "ng": value >> 11 & 1}
