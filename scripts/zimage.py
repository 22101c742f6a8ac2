#!/usr/bin/python3
"""Extracts the raw kernel Image from an ARM zImage.

Debian's armmp kernels are zImages whose payload is one XZ stream
(CONFIG_KERNEL_XZ=y): the raw Image is what the decompressor would write
at RAM base + TEXT_OFFSET. Decompressing it on the host saves the guest
3-5 s of emulated decompression (../shared/LINUX-GUEST.md).

    zimage.py vmlinuz Image
"""
from __future__ import annotations

import lzma
import os
import struct
import sys

ZIMAGE_MAGIC = 0x016F2818          # at offset 0x24 (arch/arm/boot/compressed/head.S)
XZ_MAGIC = b"\xfd7zXZ\x00"


def extract(data: bytes) -> bytes:
    if len(data) < 0x30 or struct.unpack_from("<I", data, 0x24)[0] != ZIMAGE_MAGIC:
        raise ValueError("not an ARM zImage (no magic 0x016f2818 at offset 0x24)")
    start = 0
    while True:
        off = data.find(XZ_MAGIC, start)
        if off < 0:
            raise ValueError("no XZ stream in the zImage (is CONFIG_KERNEL_XZ set?)")
        d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        try:
            image = d.decompress(data[off:])
        except lzma.LZMAError:
            start = off + 1              # the magic bytes occurred by chance
            continue
        if d.eof and len(image) > 1 << 20:
            return image
        start = off + 1


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    src, dst = sys.argv[1], sys.argv[2]
    try:
        with open(src, "rb") as f:
            image = extract(f.read())
    except (OSError, ValueError) as e:
        print(f"zimage.py: {src}: {e}", file=sys.stderr)
        return 1
    tmp = dst + ".tmp"
    with open(tmp, "wb") as f:
        f.write(image)
    os.replace(tmp, dst)
    print(f"zimage.py: {dst}: {len(image)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
