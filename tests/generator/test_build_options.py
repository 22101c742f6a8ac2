"""Per-guest build options and prebuilt images in the generated build.mk."""
from __future__ import annotations

import re
import shutil

from conftest import FIXTURES


def _var(mk: str, name: str) -> str:
    m = re.search(rf"^{re.escape(name)} := (.*)$", mk, re.M)
    assert m, name
    return m[1]


def test_build_options_reach_build_mk(run, tmp_path):
    out = tmp_path / "gen"
    status, _, err = run("tests/system/minibench.yaml", str(out))
    assert (status, err) == (0, [])
    mk = (out / "build.mk").read_text()
    srcs = _var(mk, "GUEST_mb_short_SRCS").split()
    assert "guests/minibench/src/core/list.c" in srcs          # a subfolder, by **
    assert "guests/minibench/src/arch/arm/crc16_arm.S" in srcs
    assert "guests/minibench/src/report.cpp" in srcs
    assert not any("baremetal" in s for s in srcs)
    assert _var(mk, "GUEST_mb_short_CFLAGS") == ("-Iguests/minibench/include -DMB_ITERATIONS=100 "
                                                 "-O3 -std=gnu99 -funroll-loops")
    assert _var(mk, "GUEST_mb_long_CXXFLAGS") == ("-Iguests/minibench/include "
                                                  "-DMB_ITERATIONS=400 -DMB_MATRIX_N=16 -O3")
    assert _var(mk, "GUEST_mb_short_WARN") == "relaxed"
    assert _var(mk, "GUEST_mb_short_FLOAT") == "soft"
    assert "guests/minibench/src/arch/arm" in _var(mk, "GEN_SOURCE_DEPS").split()
    # the project's own guests keep the strict default
    status, _, err = run("system.yaml", str(tmp_path / "d"))
    assert _var((tmp_path / "d" / "build.mk").read_text(), "GUEST_sensor_WARN") == "strict"


def test_shell_and_make_characters_in_flags_are_quoted(run, tmp_path):
    sysf = tmp_path / "s.yaml"
    sysf.write_text("platform: zynq-7000\nguests:\n"
                    "  - name: a\n    level: NRT\n    core: 0\n    image: logger\n"
                    "    build: {defines: {MSG: '\"a b\"'}, cflags: ['-DX=$(shell id)#c']}\n"
                    "    memory: [{guest: 0, size: 64K}]\n")
    out = tmp_path / "gen"
    status, _, err = run(str(sysf), str(out))
    assert (status, err) == (0, [])
    flags = _var((out / "build.mk").read_text(), "GUEST_a_CFLAGS")
    assert flags == "'-DMSG=\"a b\"' '-DX=$$(shell id)\\#c'"


def test_prebuilt_guest_has_no_sources_and_its_entry(run, tmp_path):
    sysf = tmp_path / "s.yaml"
    shutil.copy(FIXTURES / "elf" / "hard.elf", tmp_path / "app.elf")
    sysf.write_text("platform: zynq-7000\nguests:\n"
                    "  - {name: a, level: NRT, core: 0, elf: app.elf, float: hard, "
                    "memory: [{guest: 0, size: 64K}]}\n")
    out = tmp_path / "gen"
    status, _, err = run(str(sysf), str(out))
    assert (status, err) == (0, [])
    mk = (out / "build.mk").read_text()
    assert _var(mk, "GUEST_a_ELF").endswith("app.elf")
    assert "GUEST_a_SRCS" not in mk
    assert _var(mk, "GUEST_a_FLOAT") == "hard"
    assert "CFG_GUEST_VFP" in (out / "config_gen.c").read_text()
