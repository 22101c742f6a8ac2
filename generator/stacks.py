"""The monitor's per-core stacks and the guard pages between them.

The stacks live in the last 1 MB of the monitor's memory, mapped with 4 KB
pages: from the top down, each core has its stack block
(monitor/arch/armv7-a/asm.h STACK_PER_CPU, checked by a _Static_assert in
config_gen.c) and below it one unmapped guard page, so that an overflow of
one core's stacks is a data abort instead of a silent write into the other
core's (monitor/core/panic.c names it). The rest of that megabyte is not
mapped either; the linker places the monitor's image below it
(templates/monitor_mem.ld.j2).
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import PAGE, SECTION, System

STACK_BLOCK = 16 * 1024        # asm.h STACK_PER_CPU
STACK_GUARD = PAGE             # asm.h STACK_GUARD
STACK_CORES = 2                # every core of the Cortex-A9 MPCore runs entry.S


@dataclass(frozen=True)
class StackLayout:
    area: int                  # first byte of the page-mapped last megabyte
    start: int                 # lowest byte of the .stacks section (a guard page)
    end: int                   # one past the highest byte: core 0's block ends here
    blocks: tuple[int, ...]    # base of each core's stack block
    guards: tuple[int, ...]    # base of each core's guard page


def layout(system: System) -> StackLayout:
    end = system.monitor_base + system.monitor_size
    stride = STACK_BLOCK + STACK_GUARD
    blocks = tuple(end - c * stride - STACK_BLOCK for c in range(STACK_CORES))
    guards = tuple(end - (c + 1) * stride for c in range(STACK_CORES))
    return StackLayout(end - SECTION, end - STACK_CORES * stride, end, blocks, guards)


def mapped_pages(system: System) -> list[int]:
    """The pages of the last megabyte that are mapped: the stack blocks."""
    sl = layout(system)
    return [b + off for b in sl.blocks for off in range(0, STACK_BLOCK, PAGE)]
