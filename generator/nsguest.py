"""Placement of what a Non-secure guest boots, inside its own RAM.

Linux's multiplatform ARM kernel is linked with TEXT_OFFSET 0x208000
(ARCH_MESON sets it: shared/LINUX-GUEST.md), so a raw Image runs only at
RAM base + 0x208000. Its .bss and early page tables follow the Image; the
device tree and the initramfs go after a margin for them, each where the
kernel's memblock reserves it. Channels shared with the guest sit at the top
of its RAM, outside the memory node (Linux maps them through /dev/mem).
The bytes themselves live in a Secure "stash" beside the monitor (one load
segment of the image), from which the monitor copies them at every
(re)start.

A channel with a doorbell whose reader is a Non-secure guest gets one of the
platform's `software_spis` (an SPI no device raises): the writer's notify
sets it pending in the distributor, a Group 1 interrupt of the guest's, and
the device tree describes it as an interrupt-only gpio-keys button, so that
Debian's kernel (CONFIG_KEYBOARD_GPIO=y, evdev) turns each doorbell into an
input event a user program waits for with read().
"""
from __future__ import annotations

from dataclasses import dataclass

from . import rules
from .diag import Collector
from .model import PAGE, SECTION, Guest, System

KERNEL_OFFSET = 0x208000
KERNEL_MARGIN = 0x1000000   # after the Image: .bss, brk, early allocations (16 MB)
DTB_SLOT = 0x10000          # 64 KB for the device tree
STASH_ALIGN = SECTION


def align_up(v: int, a: int) -> int:
    return (v + a - 1) // a * a


@dataclass(frozen=True)
class NsChannel:
    name: str
    pa: int
    size: int
    writer: str
    reader: str
    spi: int = 0        # the doorbell's interrupt ID, 0 if none


@dataclass(frozen=True)
class NsLayout:
    guest: Guest
    base: int           # RAM
    size: int
    mem_size: int       # the memory node: RAM less the channels at its top
    entry: int          # kernel
    dtb: int
    initrd: int
    initrd_end: int
    channels: tuple[NsChannel, ...]
    stash: int          # physical base of the stash (Secure)
    stash_size: int

    @property
    def stash_need(self) -> int:
        return stash_size(self.guest)


def stash_size(g: Guest) -> int:
    """Bytes the stash needs: kernel, DTB slot and initramfs, word aligned."""
    lx = g.linux
    return align_up(align_up(lx.kernel_size, PAGE) + DTB_SLOT + align_up(lx.initrd_size, PAGE)
                    + PAGE, STASH_ALIGN)


def channel_bytes(g: Guest, channels) -> int:
    return sum(c.size for c in channels if g.index in (c.writer, c.reader))


# Linux input key code of the doorbell of the guest's n-th doorbell channel
# (BTN_TRIGGER_HAPPY1 + n, include/uapi/linux/input-event-codes.h).
DOORBELL_CODE = 0x2c0


def doorbell_spis(system: System, errors: Collector) -> dict[int, int]:
    """Channel index -> the SPI of its doorbell, for every channel with a
    doorbell whose reader is a Non-secure guest: the platform's free
    `software_spis` in order, skipping any interrupt a guest of the system
    owns."""
    used = {i.id for g in system.guests for i in g.irqs}
    free = [i for i in system.platform.software_spis if i not in used]
    out = {}
    for c in system.channels:
        reader = system.guests[c.reader]
        if not (c.doorbell and reader.non_secure):
            continue
        if not free:
            errors.error(rules.NS_DOORBELL, c.loc,
                         f"channel '{c.name}' rings a doorbell into Non-secure guest "
                         f"'{reader.name}', but no SPI of the platform's software_spis "
                         f"({', '.join(map(str, system.platform.software_spis)) or 'none'}) "
                         "is left for it")
            continue
        out[c.index] = free.pop(0)
    return out


def place(g: Guest, channels, names: list[str], stash: int,
          spis: dict[int, int] | None = None) -> tuple[NsLayout | None, str]:
    """The layout, or None and why it does not fit. `spis`: doorbell_spis()."""
    r = g.regions[0]
    lx = g.linux
    base, size = r.base, r.size
    top = base + size
    placed = []
    for c in channels:
        if g.index not in (c.writer, c.reader):
            continue
        top -= align_up(c.size, PAGE)
        placed.append(NsChannel(c.name, top, c.size, names[c.writer], names[c.reader],
                                (spis or {}).get(c.index, 0) if c.reader == g.index else 0))
    entry = base + KERNEL_OFFSET
    dtb = align_up(entry + lx.kernel_size + KERNEL_MARGIN, SECTION)
    initrd = dtb + DTB_SLOT
    initrd_end = initrd + lx.initrd_size
    if align_up(initrd_end, PAGE) > top:
        need = align_up(initrd_end, PAGE) - base + (base + size - top)
        return None, (f"needs at least {need >> 20} MB for its kernel ({lx.kernel_size} bytes "
                      f"at +0x{KERNEL_OFFSET:x}, then 16 MB for its .bss), device tree, "
                      f"initramfs ({lx.initrd_size} bytes) and the channels it shares")
    return NsLayout(g, base, size, top - base, entry, dtb, initrd, initrd_end, tuple(placed),
                    stash, stash_size(g)), ""
