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
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import PAGE, SECTION, Guest

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


def place(g: Guest, channels, names: list[str], stash: int) -> tuple[NsLayout | None, str]:
    """The layout, or None and why it does not fit."""
    r = g.regions[0]
    lx = g.linux
    base, size = r.base, r.size
    top = base + size
    placed = []
    for c in channels:
        if g.index not in (c.writer, c.reader):
            continue
        top -= align_up(c.size, PAGE)
        placed.append(NsChannel(c.name, top, c.size, names[c.writer], names[c.reader]))
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
