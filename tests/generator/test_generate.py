"""The default system end to end, and the numbers in what is generated."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from generator import allocate, mmu, validate
from generator.gic import OWNER_MONITOR, OWNER_NONE

OUTPUTS = {"config_gen.c", "images.S", "build.mk", "report.txt", "monitor_mem.ld",
           "guest_motor.ld", "guest_sensor.ld", "guest_logger.ld"}


def _layout(system: str = "system.yaml", root: Path = ROOT):
    return allocate.allocate(validate.load_system(str(root), str(root / system), "default"))


def _read_all(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_default_system_generates(run, tmp_path):
    out = tmp_path / "build" / "default" / "gen"
    status, stdout, stderr = run("system.yaml", str(out))
    assert (status, stderr) == (0, [])
    assert set(p.name for p in out.iterdir()) == OUTPUTS
    for name in OUTPUTS:
        assert "generated, do not edit" in (out / name).read_text()
    mk = (out / "build.mk").read_text()
    assert "GUESTS := motor sensor logger\n" in mk
    assert "GUEST_motor_DIR := guests/motor\n" in mk
    assert "GUEST_sensor_LEVEL := SRT\n" in mk
    assert f"GUEST_logger_LDS := {out}/guest_logger.ld\n" in mk
    assert "QEMU_SMP := 2\nQEMU_MEM := 1024M\nTEST_HYPERCALLS := 0\nBENCH := 0\n" in mk
    assert "GEN_INPUTS := system.yaml platforms/zynq-7000.yaml " in mk
    images = (out / "images.S").read_text()
    assert f'.incbin "{tmp_path}/build/default/guests/sensor.bin"' in images
    assert "ORIGIN = 0x00000000, LENGTH = 0x00100000" in (out / "guest_sensor.ld").read_text()
    assert "ORIGIN = 0x3fc00000, LENGTH = 0x00400000" in (out / "monitor_mem.ld").read_text()


@pytest.mark.skipif(shutil.which("arm-none-eabi-gcc") is None, reason="no ARM toolchain")
def test_config_gen_compiles(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    subprocess.run(["arm-none-eabi-gcc", "-c", "-mcpu=cortex-a9", "-marm", "-O2", "-std=c11",
                    "-ffreestanding", "-Wall", "-Wextra", "-Werror", "-Wshadow",
                    "-Wmissing-prototypes", f"-I{ROOT}/monitor/include",
                    str(out / "config_gen.c"), "-o", str(tmp_path / "config_gen.o")],
                   check=True)


def test_output_is_deterministic(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    first = _read_all(out)
    assert run("system.yaml", str(out))[0] == 0
    assert _read_all(out) == first
    assert [p.name for p in tmp_path.iterdir()] == ["gen"]   # no temporary left over


def test_failed_run_leaves_out_untouched(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    before = _read_all(out)
    status, _, _ = run("tests/generator/fixtures/overlap_guests.yaml", str(out))
    assert status == 1
    assert _read_all(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["gen"]


def _c_table(text: str, symbol: str) -> dict[int, str]:
    """Entries `[index] = value` of one table in config_gen.c."""
    body = re.search(rf"{symbol}\[\d+\][^=]*= {{\n(.*?)\n}};", text, re.S).group(1)
    return {int(m.group(1), 16): m.group(2)
            for m in re.finditer(r"\[(0x[0-9a-f]+)\] = ([^,]+),", body)}


def test_sensor_table_decoded_from_c(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    text = (out / "config_gen.c").read_text()
    l1 = _c_table(text, "l1_sensor")
    ram = mmu.decode_l1(int(l1[0x000].rstrip("u"), 16))
    assert ram == {"kind": "section", "pa": 0x02000000, "b": 1, "c": 1, "xn": 0, "domain": 2,
                   "ap": 0b011, "tex": 0b001, "s": 1, "ng": 1}
    mon = mmu.decode_l1(int(l1[0x3fc].rstrip("u"), 16))
    assert mon == {"kind": "section", "pa": 0x3fc00000, "b": 1, "c": 1, "xn": 0, "domain": 0,
                   "ap": 0b001, "tex": 0b001, "s": 1, "ng": 0}
    assert sorted(l1) == [0x000, 0x3fc, 0x3fd, 0x3fe, 0x3ff, 0xe00, 0xf80, 0xf8f]
    assert l1[0xf8f] == "(uint32_t)&l2_sensor_f8f[0] + 0x00000001u"   # domain 0, monitor only
    gicd = mmu.decode_l2(int(_c_table(text, "l2_sensor_f8f")[0x01].rstrip("u"), 16))
    assert gicd == {"kind": "page", "pa": 0xf8f01000, "xn": 1, "b": 1, "c": 0, "ap": 0b001,
                    "tex": 0, "s": 0, "ng": 0}


def test_tables_from_allocate():
    layout = _layout()
    motor, sensor, logger = layout.guests
    # HRT: privileged sections, its cpu_private page replaces the monitor's one.
    sec = next(e for e in motor.table.l1 if e.index == 0x010)
    assert mmu.decode_l1(sec.value)["ap"] == 0b001 and mmu.decode_l1(sec.value)["domain"] == 1
    f8f = next(e for e in motor.table.l1 if e.index == 0xf8f)
    assert f8f.l2 == "l2_motor_f8f" and mmu.decode_l1(f8f.value)["domain"] == 1
    page = mmu.decode_l2(motor.table.l2_by_slot(0xf8f).entries[0].value)
    assert (page["pa"], page["ap"], page["ng"], page["xn"]) == (0xf8f00000, 0b001, 1, 1)
    # NRT: 4 KB pages, user read/write, in the guest's domain.
    l2 = logger.table.l2_by_slot(0x000)
    assert len(l2.entries) == 128
    pages = [mmu.decode_l2(e.value) for e in l2.entries]
    assert all(p["ap"] == 0b011 and p["ng"] == 1 and p["tex"] == 1 for p in pages)
    slot0 = next(e for e in logger.table.l1 if e.index == 0)
    assert mmu.decode_l1(slot0.value)["domain"] == 3
    # The monitor's own table maps no guest memory.
    assert {e.index for e in layout.monitor_table.l1} == {0x3fc, 0x3fd, 0x3fe, 0x3ff,
                                                          0xe00, 0xf80, 0xf8f}
    assert (sensor.entry, sensor.stack_top, sensor.dacr) == (0, 0x00100000, 0x11)


def test_guests_cores_and_routing():
    layout = _layout()
    motor, sensor, logger = layout.guests
    assert logger.regions == ((allocate.Run(0, 0, 0x80000),),)   # lowest free frames
    core0, core1 = layout.cores
    assert (core0.kind, core0.vcpus, core0.quantum_ticks) == (allocate.CORE_SHARED, (1, 2), 200000)
    assert (core1.kind, core1.vcpus) == (allocate.CORE_HRT, (0,))
    r = layout.routing
    assert r.irq_owner_ppi[0][29] == OWNER_MONITOR
    assert r.irq_owner_ppi[1][29] == 0
    assert set(r.irq_owner) == {OWNER_NONE}
    banked1 = {reg.offset: reg.value for reg in core1.gic_banked}
    assert banked1[0x41c] == 0xf0f040f0 and banked1[0x100] == 1 << 29
    banked0 = {reg.offset: reg.value for reg in core0.gic_banked}
    assert banked0[0x41c] == 0xf0f080f0 and banked0[0x180] == 0xffff0000


def test_spi_routing_and_nrt_placement(tmp_path):
    (tmp_path / "s.yaml").write_text("""\
platform: zynq-7000
build: {test_hypercalls: true, bench: true}
guests:
  - name: sensor
    level: SRT
    core: 0
    image: sensor
    schedule: {period: 1ms, budget: 250us, deadline: 1ms}
    memory: [{guest: 0, base: 0x00000000, size: 1M}]
    devices: [{name: uart1}]
    irqs: [82]
  - name: logger
    level: NRT
    core: 1
    image: logger
    memory:
      - {guest: 0x00000000, size: 8K}
      - {guest: 0x00100000, size: 4K}
""")
    system = validate.load_system(str(ROOT), str(tmp_path / "s.yaml"), "t")
    assert system.test_hypercalls and system.bench
    layout = allocate.allocate(system)
    sensor, logger = layout.guests
    assert logger.regions == ((allocate.Run(0, 0x100000, 0x2000),),
                              (allocate.Run(0x100000, 0x102000, 0x1000),))
    init = {reg.offset: reg.value for reg in layout.routing.gicd_init}
    assert layout.routing.irq_owner[82] == 0
    assert init[0x850] == 0x00010000          # ITARGETSR: ID 82 -> core 0
    assert init[0x450] == 0xf0a0f0f0          # IPRIORITYR: ID 82 at 0xa0
    assert init[0x108] == 1 << (82 - 64)      # ISENABLER2
    assert init[0xc14] == 0x55555555
    page = mmu.decode_l2(sensor.table.l2_by_slot(0xe00).entries[1].value)
    assert (page["pa"], page["ap"], page["xn"], page["ng"]) == (0xe0001000, 0b011, 1, 1)
    assert next(e for e in sensor.table.l1 if e.index == 0xe00).value == 0x21   # domain 1
    assert [c.kind for c in layout.cores] == [allocate.CORE_SHARED, allocate.CORE_SHARED]
    assert layout.routing.irq_owner_ppi[1][29] == OWNER_MONITOR


def test_flags_and_image_beside_system(run, tmp_path):
    (tmp_path / "guests" / "custom").mkdir(parents=True)
    system = tmp_path / "sys.yaml"
    system.write_text("""\
platform: zynq-7000
build: {test_hypercalls: true}
guests:
  - {name: a, level: NRT, core: 0, image: custom, memory: [{guest: 0, size: 4K}]}
  - {name: b, level: NRT, core: 0, image: logger, memory: [{guest: 0, size: 4K}]}
""")
    out = tmp_path / "gen"
    assert run(str(system), str(out), variant="test")[0] == 0
    mk = (out / "build.mk").read_text()
    assert "VARIANT_NAME := test\n" in mk and "TEST_HYPERCALLS := 1\n" in mk
    assert "GUEST_b_DIR := guests/logger\n" in mk
    assert re.search(r"GUEST_a_DIR := \S*/guests/custom\n", mk)
    c = (out / "config_gen.c").read_text()
    assert ".flags = CFG_FLAG_TEST_HYPERCALLS," in c and '.variant = "test",' in c
