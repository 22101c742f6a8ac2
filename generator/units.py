"""Quantities as people write them: sizes (4K, 1M), times (250us), ranges."""
from __future__ import annotations

import re

_SIZE = re.compile(r"^([0-9]+) ?([KMG]?)$")
_TIME = re.compile(r"^([0-9]+) ?(ns|us|ms|s)$")
_SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
_TIME_UNITS = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}


def parse_size(value: int | str) -> int:
    """Bytes of a schema-valid size (int, or string with K/M/G)."""
    if isinstance(value, int):
        return value
    m = _SIZE.match(value)
    assert m, value
    return int(m.group(1)) * _SIZE_UNITS[m.group(2)]


def parse_time(value: str) -> int:
    """Nanoseconds of a schema-valid time string."""
    m = _TIME.match(value)
    assert m, value
    return int(m.group(1)) * _TIME_UNITS[m.group(2)]


def show_size(n: int) -> str:
    for unit in ("G", "M", "K"):
        if n and n % _SIZE_UNITS[unit] == 0:
            return f"{n // _SIZE_UNITS[unit]}{unit}"
    return hex(n)


def show_time(ns: int) -> str:
    for unit in ("s", "ms", "us"):
        if ns and ns % _TIME_UNITS[unit] == 0:
            return f"{ns // _TIME_UNITS[unit]}{unit}"
    return f"{ns}ns"


def show_range(base: int, size: int) -> str:
    """`0x02000000-0x020fffff` (inclusive end, as in a memory map)."""
    return f"0x{base:08x}-0x{base + size - 1:08x}"


def overlaps(a: int, asize: int, b: int, bsize: int) -> bool:
    return a < b + bsize and b < a + asize
