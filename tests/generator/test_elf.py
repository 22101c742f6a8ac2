"""The prebuilt-image reader and checks (generator/elfimage.py)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

from conftest import FIXTURES, ROOT
from generator import elfimage, rules
from generator.diag import Loc


def test_fixture_elfs_are_what_the_script_writes():
    spec = importlib.util.spec_from_file_location("make_elfs", FIXTURES / "elf" / "make_elfs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, data in mod.FILES.items():
        assert (FIXTURES / "elf" / name).read_bytes() == data, name


def _target(size: int) -> elfimage.Target:
    return elfimage.Target("app", 0, size, Loc("s.yaml", 3, 5), False, "prebuilt ELF x")


def test_fits_exactly_and_one_byte_more_does_not():
    elf = elfimage.read_elf(str(FIXTURES / "elf" / "big.elf"))
    need = 600 * 1024 + elfimage.STACK_RESERVE
    assert elfimage.check(elf, _target(need)) == []
    (d,) = elfimage.check(elf, _target(need - 4096))
    assert d.rule == rules.IMAGE_TOO_LARGE and "4096 bytes missing" in d.message
    assert str(d.loc) == "s.yaml:3:5"


def test_flat_binary_places_segments_at_their_offsets():
    elf = elfimage.read_elf(str(FIXTURES / "elf" / "layout.elf"))
    seg = [s for s in elf.segments if s.vaddr < 0x100000]
    small = elfimage.Elf(elf.entry, elf.flags, tuple(seg), elf.data)
    out = elfimage.flat_binary(small, 0)
    assert len(out) == 0x1008 and out[:4] == bytes.fromhex("feffffea")
    assert out[4:0x1000] == bytes(0x1000 - 4)


def test_check_step_reports_at_the_line_and_writes_nothing(tmp_path):
    out = tmp_path / "app.bin"
    r = subprocess.run([sys.executable, "-m", "generator.elfimage", "--guest", "app",
                        "--va", "0", "--size", "0x80000", "--loc", "x.yaml:7:9",
                        "--source", "image built from guests/app",
                        "--elf", str(FIXTURES / "elf" / "big.elf"), "--bin", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("x.yaml:7:9: error[E144 image-too-large]: the image built from "
                               "guests/app of guest 'app' does not fit: it needs 630784 bytes")
    assert not out.exists()
