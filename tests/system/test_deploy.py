"""The deployable artefacts of every variant (docs/boards.md): `make
variants` writes, beside each image.elf, a raw binary with its load address
stated (image.bin, image.txt), a U-Boot legacy image (image.ub) and a
bootgen BIF (boot.bif). Each is checked against the ELF it was made from.
"""
from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

import pytest

from qemu import ROOT, variant_lock

VARIANTS = ["default"] + sorted(p.stem for p in (ROOT / "variants").glob("*.yaml"))
PT_LOAD = 1


def elf_segments(path: Path) -> tuple[int, list[tuple[int, bytes]]]:
    """(entry, [(physical address, file bytes)]) of a little-endian ELF32."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 1 and data[5] == 1
    entry, phoff = struct.unpack_from("<II", data, 24)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    segs = []
    for i in range(phnum):
        p_type, p_offset, _vaddr, p_paddr, p_filesz = struct.unpack_from(
            "<IIIII", data, phoff + i * phentsize)
        if p_type == PT_LOAD and p_filesz:
            segs.append((p_paddr, data[p_offset:p_offset + p_filesz]))
    return entry, segs


@pytest.fixture(scope="module")
def built():
    with variant_lock(VARIANTS):      # other test files build "default" too
        proc = subprocess.run(["make", "--no-print-directory", "variants"], cwd=ROOT,
                              capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {v: ROOT / "build" / v for v in VARIANTS}


@pytest.mark.parametrize("variant", VARIANTS)
def test_raw_binary_is_the_elf_at_its_stated_address(built, variant):
    b = built[variant]
    entry, segs = elf_segments(b / "image.elf")
    m = re.fullmatch(r"image\.bin: load address 0x([0-9a-f]+), entry 0x([0-9a-f]+), (\d+) bytes "
                     rf"\(raw binary of image\.elf, variant {re.escape(variant)}\)\n",
                     (b / "image.txt").read_text())
    assert m, (b / "image.txt").read_text()
    load, stated_entry, size = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))
    binary = (b / "image.bin").read_bytes()
    assert stated_entry == entry and size == len(binary)
    assert load == min(a for a, _ in segs)
    expect = bytearray(max(a + len(d) for a, d in segs) - load)
    for addr, chunk in segs:
        expect[addr - load:addr - load + len(chunk)] = chunk
    assert binary == bytes(expect)


@pytest.mark.parametrize("variant", VARIANTS)
def test_uboot_image_loads_and_enters_where_the_elf_says(built, variant):
    b = built[variant]
    entry, segs = elf_segments(b / "image.elf")
    out = subprocess.run(["mkimage", "-l", str(b / "image.ub")], capture_output=True,
                         text=True, check=True).stdout
    assert re.search(r"^Load Address:\s+%08x$" % min(a for a, _ in segs), out, re.M), out
    assert re.search(r"^Entry Point:\s+%08x$" % entry, out, re.M), out
    assert "ARM Linux Kernel Image (uncompressed)" in out
    size = (b / "image.bin").stat().st_size
    assert re.search(rf"^Data Size:\s+{size} Bytes", out, re.M), out


@pytest.mark.parametrize("variant", VARIANTS)
def test_bif_names_the_fsbl_and_an_image_that_exists(built, variant):
    text = (built[variant] / "boot.bif").read_text()
    body = re.search(r"^the_ROM_image:\n\{\n(.*)^\}\n", text, re.M | re.S)
    assert body, text
    lines = [l.strip() for l in body.group(1).splitlines()]
    # The FSBL is the user's (a placeholder path until make FSBL=...).
    assert lines[0] == f"[bootloader] {ROOT / 'fsbl' / 'fsbl.elf'}"
    assert lines[1:] == [str(built[variant] / "image.elf")]
    assert Path(lines[1]).is_file()
