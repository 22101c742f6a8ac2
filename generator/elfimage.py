"""Guest images as ELF files: read the program headers, check that the image
fits its guest, and write the flat binary the monitor loads.

Used twice, with the same checks and messages:
  - by the generator, for a guest given as a prebuilt ELF (`elf:` in
    system.yaml), so a bad image is refused at its system.yaml line;
  - after each guest is linked from its sources (mk/image.mk), as
        python3 -m generator.elfimage --guest NAME $(GUEST_NAME_CHECK) \\
            --elf build/<v>/guests/NAME.elf --bin build/<v>/guests/NAME.bin
    (GUEST_<name>_CHECK in build.mk gives the guest's region and system.yaml line).
    The guest is linked into a generous region, so an image that does not fit
    is reported here, naming the guest and its system.yaml line, and never as
    a linker error (`region 'RAM' overflowed`).

The monitor copies the binary to the start of the guest's first memory
region and clears the rest of its RAM: the binary holds every PT_LOAD
segment's file bytes at (p_vaddr - region start), zeros in between; .bss
(p_memsz beyond p_filesz) is already zero. The first region must also hold
the stack (STACK_RESERVE bytes at its end, where sp starts) - docs/porting.md.

ELF format: System V ABI ch. 4 and the ARM ELF ABI (IHI 0044), e_flags
EF_ARM_ABI_FLOAT_HARD = 0x400.
"""
from __future__ import annotations

import argparse
import os
import struct
import sys
from dataclasses import dataclass

from . import rules
from .diag import Diagnostic, Loc
from .units import show_range, show_size

STACK_RESERVE = 16 * 1024         # guests/lib/guest.ld STACK_SIZE, also for prebuilt images
EM_ARM = 40
ET_EXEC = 2
PT_LOAD = 1
PF_X = 1
EF_ARM_ABI_FLOAT_HARD = 0x400
MAX_SEGMENTS = 64


class ElfError(Exception):
    """The file is not an image the monitor can load (message for the user)."""


@dataclass(frozen=True)
class Segment:
    vaddr: int
    filesz: int
    memsz: int
    flags: int
    offset: int


@dataclass(frozen=True)
class Elf:
    entry: int
    flags: int
    segments: tuple[Segment, ...]     # PT_LOAD with memsz > 0, in file order
    data: bytes

    @property
    def hard_float(self) -> bool:
        return bool(self.flags & EF_ARM_ABI_FLOAT_HARD)


def read_elf(path: str) -> Elf:
    """Reads a 32-bit little-endian ARM executable's PT_LOAD segments."""
    try:
        with open(path, "rb") as f:
            data = f.read(64 << 20)
    except OSError as e:
        raise ElfError(f"cannot read {path}: {e.strerror or e}") from None
    if len(data) < 52 or data[:4] != b"\x7fELF":
        raise ElfError(f"{path} is not an ELF file")
    if data[4] != 1 or data[5] != 1:
        raise ElfError(f"{path} is not a 32-bit little-endian ELF file (ARMv7-A guests are)")
    (e_type, e_machine, _ver, e_entry, e_phoff, _shoff, e_flags, _ehsize, e_phentsize,
     e_phnum) = struct.unpack_from("<HHIIIIIHHH", data, 16)
    if e_machine != EM_ARM:
        raise ElfError(f"{path} is not an ARM ELF file (e_machine {e_machine}, not {EM_ARM})")
    if e_type != ET_EXEC:
        raise ElfError(f"{path} is not an executable (e_type {e_type}): link it at the "
                       "guest's addresses, without -shared or -r")
    if e_phentsize < 32 or e_phnum == 0 or e_phnum > MAX_SEGMENTS or \
            e_phoff + e_phnum * e_phentsize > len(data):
        raise ElfError(f"{path} has no valid program header table")
    segs = []
    for i in range(e_phnum):
        p_type, p_offset, p_vaddr, _paddr, p_filesz, p_memsz, p_flags, _align = \
            struct.unpack_from("<IIIIIIII", data, e_phoff + i * e_phentsize)
        if p_type != PT_LOAD or p_memsz == 0:
            continue
        if p_filesz > p_memsz or p_offset + p_filesz > len(data):
            raise ElfError(f"{path}: program header {i} is inconsistent "
                           f"(file size {p_filesz}, memory size {p_memsz}, offset {p_offset})")
        segs.append(Segment(p_vaddr, p_filesz, p_memsz, p_flags, p_offset))
    if not segs:
        raise ElfError(f"{path} has no loadable segment")
    return Elf(e_entry, e_flags, tuple(segs), data)


@dataclass(frozen=True)
class Target:
    """What an image must fit: its guest's first memory region."""

    guest: str
    va: int
    size: int
    loc: Loc               # where system.yaml gives the image (elf:, or the region's size)
    hard_float: bool
    source: str            # "prebuilt ELF <path>" or "image built from <dir>"


def check(elf: Elf, t: Target) -> list[Diagnostic]:
    """Every reason why `elf` cannot be loaded as guest `t`."""
    out = []
    end = t.va + t.size
    region = f"its first memory region {show_range(t.va, t.size)}"
    for n, s in enumerate(elf.segments):
        if s.vaddr < t.va or s.vaddr >= end:
            out.append(Diagnostic(t.loc, f"segment {n} ({show_range(s.vaddr, s.memsz)}) of the "
                                  f"{t.source} of guest '{t.guest}' is outside {region}, where "
                                  "the monitor loads the image", rules.IMAGE_LAYOUT,
                                  hint=f"link the image at 0x{t.va:08x} (docs/porting.md)"))
    if not any(s.flags & PF_X and s.vaddr <= (elf.entry & ~1) < s.vaddr + s.filesz
               for s in elf.segments):
        out.append(Diagnostic(t.loc, f"entry point 0x{elf.entry:08x} of the {t.source} of guest "
                              f"'{t.guest}' is not in an executable segment", rules.IMAGE_LAYOUT))
    if elf.hard_float and not t.hard_float:
        out.append(Diagnostic(t.loc, f"the {t.source} of guest '{t.guest}' is built for the "
                              "hard-float ABI, but the guest is soft-float: its first VFP "
                              "instruction would stop it", rules.ELF_INVALID,
                              hint="add `float: hard` to the guest"))
    # A segment that starts in the region but runs past its end: too large.
    inside = [s for s in elf.segments if t.va <= s.vaddr < end]
    top = max((s.vaddr + s.memsz for s in elf.segments), default=t.va)
    need = max(top - t.va, 0) + STACK_RESERVE
    if need > t.size and len(inside) == len(elf.segments):
        out.append(Diagnostic(t.loc, f"the {t.source} of guest '{t.guest}' does not fit: it "
                              f"needs {need} bytes ({top - t.va} of image and .bss + "
                              f"{STACK_RESERVE} of stack) but {region} has {t.size} "
                              f"({show_size(t.size)}): {need - t.size} bytes missing",
                              rules.IMAGE_TOO_LARGE,
                              hint=f"give the region at least {show_size(_round_up(need, t))}"))
    return out


def _round_up(n: int, t: Target) -> int:
    unit = 0x1000 if t.size % 0x100000 else 0x100000
    return (n + unit - 1) // unit * unit


def flat_binary(elf: Elf, va: int) -> bytes:
    """The file bytes of every segment at its offset from `va` (checked image)."""
    top = max((s.vaddr + s.filesz for s in elf.segments if s.filesz), default=va)
    out = bytearray(max(top - va, 0))
    for s in elf.segments:
        if s.filesz:
            out[s.vaddr - va:s.vaddr - va + s.filesz] = elf.data[s.offset:s.offset + s.filesz]
    return bytes(out)


# -- the build's check step -----------------------------------------------

def _loc(text: str) -> Loc:
    parts = text.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Loc(parts[0], int(parts[1]), int(parts[2]))
    return Loc(text)


def main(argv: list[str] | None = None) -> int:
    """The check after linking (mk/image.mk; arguments from build.mk)."""
    ap = argparse.ArgumentParser(prog="python3 -m generator.elfimage",
                                 description="Check a guest's ELF and write its flat binary.")
    ap.add_argument("--guest", required=True)
    ap.add_argument("--va", required=True, type=lambda v: int(v, 0))
    ap.add_argument("--size", required=True, type=lambda v: int(v, 0))
    ap.add_argument("--loc", required=True, help="file:line:col of the image in system.yaml")
    ap.add_argument("--float", choices=("soft", "hard"), default="soft")
    ap.add_argument("--source", required=True, help="how messages name the image")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--bin", required=True)
    args = ap.parse_args(argv)
    target = Target(args.guest, args.va, args.size, _loc(args.loc), args.float == "hard",
                    args.source)
    try:
        elf = read_elf(args.elf)
    except ElfError as e:
        print(Diagnostic(target.loc, str(e), rules.ELF_INVALID), file=sys.stderr)
        return 1
    problems = check(elf, target)
    if problems:
        for d in sorted(problems):
            print(d, file=sys.stderr)
        return 1
    tmp = args.bin + ".tmp"
    try:
        os.makedirs(os.path.dirname(args.bin) or ".", exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(flat_binary(elf, target.va))
        os.replace(tmp, args.bin)
    except OSError as e:
        print(f"{args.bin}: error[{rules.OUTPUT.id} {rules.OUTPUT.name}]: cannot write: "
              f"{e.strerror or e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
