"""The default system end to end, and the numbers in what is generated."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, make_root
from generator import allocate, gic, mmu, validate
from generator.gic import OWNER_MONITOR, OWNER_NONE

OUTPUTS = {"config_gen.c", "images.S", "build.mk", "report.txt", "report.svg", "monitor_mem.ld",
           "guest_motor.ld", "guest_sensor.ld", "guest_logger.ld", "guest_motor/guest_config.h",
           "guest_sensor/guest_config.h", "guest_logger/guest_config.h", "trace_meta.json"}
FULL = "tests/generator/systems/full.yaml"
CC = ["arm-none-eabi-gcc", "-c", "-mcpu=cortex-a9", "-marm", "-O2", "-std=c11",
      "-ffreestanding", "-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wmissing-prototypes",
      f"-I{ROOT}/monitor/include"]


def layout_of(system: str = "system.yaml", root: Path = ROOT, overlays=()):
    path = system if Path(system).is_absolute() else str(root / system)
    sysm, _ = validate.load_system(str(root), path, "default", list(overlays))
    return allocate.allocate(sysm)


def read_all(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_default_system_generates(run, tmp_path):
    out = tmp_path / "build" / "default" / "gen"
    status, stdout, stderr = run("system.yaml", str(out))
    assert (status, stderr) == (0, [])
    assert set(read_all(out)) == OUTPUTS
    for name in OUTPUTS - {"report.svg"}:
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
    assert re.match(r"generated 13 files in \S+ \(3 guests, configuration [0-9a-f]{16}\)\n"
                    r"  core 0: sensor, logger; SRT 20.0% \(EDF: utilisation bound\), hyperperiod "
                    r"10ms, NRT slack 80.0%\n  core 1: HRT motor \(exclusive\)\n$", stdout)


@pytest.mark.parametrize("system", ["system.yaml", FULL])
def test_config_gen_compiles(system, run, tmp_path):
    out = tmp_path / "gen"
    assert run(system, str(out))[0] == 0
    subprocess.run(CC + [str(out / "config_gen.c"), "-o", str(tmp_path / "config_gen.o")],
                   check=True)
    for header in out.glob("guest_*/guest_config.h"):
        src = tmp_path / "use.c"
        src.write_text('#include "guest_config.h"\nconst char *guest_name(void);\n'
                       "const char *guest_name(void) { return GUEST_NAME; }\n")
        subprocess.run(CC + [f"-I{header.parent}", str(src), "-o", str(tmp_path / "use.o")],
                       check=True)


def test_v2_fields_of_the_default_system(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    c = (out / "config_gen.c").read_text()
    assert "_Static_assert(CONFIG_ABI_VERSION == 4," in c
    assert re.search(r'\.config_hash = "[0-9a-f]{16}",', c)
    assert ".gtimer_base = 0xf8f00200," in c
    assert ".console_irq = 59," in c and ".console_input = CFG_OWNER_NONE," in c
    assert ".n_channels = 0,\n    .channels = 0,\n};" in c
    assert ".irq_flags = irq_flags," in c
    sensor = c[c.index("[1] = {\n        .name = \"sensor\""):]
    assert ".period = 1000000,   /* 10ms */" in sensor
    assert ".budget = 200000,   /* 2ms */" in sensor
    assert ".min_period = 1000000," in sensor and ".max_budget = 200000," in sensor
    assert ".tlb_lock = sensor_tlb_lock,\n        .n_tlb_lock = 1," in sensor
    assert "static const uint32_t sensor_tlb_lock[] = { 0x00000000 };" in c
    motor = c[c.index("[0] = {\n        .name = \"motor\""):]
    assert ".period = 0," in motor and ".tlb_lock = 0,\n        .n_tlb_lock = 0," in motor
    assert ".io = motor_io,\n        .n_io = 1," in motor      # its passthrough cpu_private


def test_full_system_emission():
    layout = layout_of(FULL)
    motor, sensor, app, store = layout.guests
    assert sensor.ticks == allocate.Ticks(1000000, 200000, 800000, 500000, 300000)
    assert app.ticks == allocate.Ticks(0, 0, 0, 0, 0)
    assert (sensor.flags, store.flags, app.flags) == (allocate.GUEST_INFO,
                                                      allocate.GUEST_SERVICE, 0)
    assert sensor.tlb_lock == (0x00000000, 0x00100000) and app.tlb_lock == ()
    assert [(e.va, e.size, e.target, e.kind, e.perms, e.mapped) for e in sensor.io] == [
        (0x40000000, 0x1000, 0xe0001000, allocate.IO_PHYS, 3, 1),   # passthrough uart1
        (0x40100000, 0x10, 0xf8001000, allocate.IO_PHYS, 3, 0),     # ttc0 window
        (0x40100010, 0xc, 0xf8001018, allocate.IO_PHYS, 1, 0),      # ttc_count, read-only
    ]
    assert [(e.va, e.size, e.kind, e.service) for e in app.io] == [
        (0x40010000, 0x1000, allocate.IO_VUART, 0), (0x40020000, 0x1000, allocate.IO_PROXY, 3)]
    tel, log = layout.channels
    assert (tel.writer_va, tel.reader_va, log.writer_va, log.reader_va) == (
        0x70000000, 0x70000000, 0x70002000, 0x70000000)
    assert [(e.channel.index, e.peer, e.writer, e.peer_virq, e.va) for e in sensor.channels] == [
        (0, 2, 1, 100, 0x70000000)]
    assert [(e.channel.index, e.peer, e.writer, e.peer_virq, e.local_index)
            for e in app.channels] == [(0, 1, 0, 0, 0), (1, 3, 1, 0, 1)]
    r = layout.routing
    assert r.irq_owner[59] == OWNER_MONITOR and r.irq_target[59] == 0
    init = {reg.offset: reg.value for reg in r.gicd_init}
    assert (init[0x838] >> 24) & 0xff == 1               # ITARGETSR: ID 59 -> core 0
    assert (init[0x438] >> 24) & 0xff == gic.PRIO_MONITOR
    assert init[0x104] & 1 << (59 - 32)                  # ISENABLER1
    assert layout.console_irq == 59 and layout.system.console_input == 2


def test_full_system_guest_config_header(run, tmp_path):
    out = tmp_path / "gen"
    assert run(FULL, str(out))[0] == 0
    h = (out / "guest_app" / "guest_config.h").read_text()
    for line in ('#define GUEST_NAME "app"', "#define GUEST_INDEX 2", "#define GUEST_LEVEL_NRT 1",
                 "#define GUEST_LEVEL_SRT 0", "#define GUEST_CORE 0",
                 "#define GUEST_RAM_VA 0x00000000u", "#define GUEST_RAM_SIZE 0x00010000u",
                 "#define GUEST_RAM1_VA 0x00100000u", "#define TIMER_HZ 100000000u",
                 "#define VUART_VA 0x40010000u", "#define PROXY_DISK_VA 0x40020000u",
                 "#define PROXY_DISK_SIZE 0x00001000u",
                 "#define CHANNEL_TELEMETRY_VA 0x70000000u",
                 "#define CHANNEL_TELEMETRY_INDEX 0", "#define CHANNEL_TELEMETRY_VIRQ 100",
                 "#define CHANNEL_TELEMETRY_WRITER 0", "#define CHANNEL_LOG_INDEX 1",
                 "#define CHANNEL_LOG_WRITER 1"):
        assert line + "\n" in h, line
    h = (out / "guest_sensor" / "guest_config.h").read_text()
    for line in ("#define GUEST_SCHED_PERIOD_NS 10000000u", "#define GUEST_SCHED_BUDGET_NS 2000000u",
                 "#define GUEST_SCHED_DEADLINE_NS 8000000u", "#define DEV_UART1_VA 0x40000000u",
                 "#define DEV_UART1_IRQ0 82", "#define DEV_TTC0_IRQ2 44",
                 "#define IO_TTC_COUNT_VA 0x40100010u", "#define IO_TTC_COUNT_SIZE 0x0000000cu",
                 "#define IO_TTC0_VA 0x40100000u"):
        assert line + "\n" in h, line
    assert "DEV_TTC0_VA" not in h          # mediated: not mapped for the guest


def test_output_is_deterministic(run, tmp_path):
    out = tmp_path / "gen"
    assert run(FULL, str(out))[0] == 0
    first = read_all(out)
    assert run(FULL, str(out))[0] == 0
    assert read_all(out) == first
    assert [p.name for p in tmp_path.iterdir()] == ["gen"]   # no temporary left over


def test_failed_run_leaves_out_untouched(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    before = read_all(out)
    status, _, _ = run("tests/generator/fixtures/overlap_guests.yaml", str(out))
    assert status == 1
    assert read_all(out) == before
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
    layout = layout_of()
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
    layout = layout_of()
    motor, sensor, logger = layout.guests
    assert logger.regions == ((allocate.Run(0, 0x100000, 0x80000),),)   # lowest free frames
    core0, core1 = layout.cores
    assert (core0.kind, core0.vcpus, core0.quantum_ticks) == (allocate.CORE_SHARED, (1, 2), 200000)
    assert (core1.kind, core1.vcpus) == (allocate.CORE_HRT, (0,))
    r = layout.routing
    assert r.irq_owner_ppi[0][29] == OWNER_MONITOR
    assert r.irq_owner_ppi[1][29] == 0
    # Only the console UART (ID 59) is routed: to the monitor, on core 0.
    assert {i: o for i, o in enumerate(r.irq_owner) if o != OWNER_NONE} == {59: OWNER_MONITOR}
    assert set(r.irq_flags) == {0}
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
    memory: [{guest: 0, base: 0x00100000, size: 1M}]
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
    system, _ = validate.load_system(str(ROOT), str(tmp_path / "s.yaml"), "t")
    assert system.test_hypercalls and system.bench
    layout = allocate.allocate(system)
    sensor, logger = layout.guests
    assert logger.regions == ((allocate.Run(0, 0x200000, 0x2000),),
                              (allocate.Run(0x100000, 0x202000, 0x1000),))
    init = {reg.offset: reg.value for reg in layout.routing.gicd_init}
    assert layout.routing.irq_owner[82] == 0
    assert init[0x850] == 0x00010000          # ITARGETSR: ID 82 -> core 0
    assert init[0x450] == 0xf0a0f0f0          # IPRIORITYR: ID 82 at 0xa0
    assert init[0x108] == 1 << (82 - 64)      # ISENABLER2
    assert init[0xc14] == 0x55555555
    page = mmu.decode_l2(sensor.table.l2_by_slot(0xe00).entries[1].value)
    assert (page["pa"], page["ap"], page["xn"], page["ng"]) == (0xe0001000, 0b011, 1, 1)
    # Domain 0: the L2 table also holds the console's global page (mmu.l2_domain).
    assert next(e for e in sensor.table.l1 if e.index == 0xe00).value == 0x01
    assert [c.kind for c in layout.cores] == [allocate.CORE_SHARED, allocate.CORE_SHARED]
    assert layout.routing.irq_owner_ppi[1][29] == OWNER_MONITOR


def test_edge_irqs_from_the_platform(run, tmp_path):
    board = (ROOT / "platforms" / "zynq-7000.yaml").read_text().replace(
        "edge_irqs: []", "edge_irqs: [82, 83]")
    root = make_root(tmp_path, "zynq-7000", board)
    system = root / "s.yaml"
    system.write_text("platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core: 0, "
                      "image: logger, memory: [{guest: 0, size: 4K}], devices: [{name: uart1}],"
                      " irqs: [82]}\n")
    layout = layout_of(str(system), root)
    r = layout.routing
    assert r.irq_flags[82] == r.irq_flags[83] == gic.IRQ_EDGE and r.irq_flags[59] == 0
    init = {reg.offset: reg.value for reg in r.gicd_init}
    assert init[0xc14] == 0x55555555 | 0b1111 << 4       # ICFGR5: IDs 82, 83 edge
    out = tmp_path / "gen"
    assert run(str(system), str(out), root=str(root))[0] == 0
    assert "/* 80..87 */ 0, 0, CFG_IRQ_EDGE, CFG_IRQ_EDGE, 0, 0, 0, 0," in \
        (out / "config_gen.c").read_text()


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
    assert ".flags = CFG_FLAG_TEST_HYPERCALLS | CFG_FLAG_EMULATED," in c and '.variant = "test",' in c


def test_bench_systems_generate(tmp_path):
    from bench_gen import SIZES, system_text
    from generator.__main__ import generate
    for n in SIZES:
        path = tmp_path / f"s{n}.yaml"
        path.write_text(system_text(n))
        summary, _ = generate(str(ROOT), str(path), "bench", str(tmp_path / f"gen{n}"))
        assert f"({n} guests," in summary


def test_werror_promotes_warnings(run, tmp_path):
    path = "tests/generator/fixtures/device_unmapped.yaml"
    status, _, stderr = run(path, str(tmp_path / "gen"))
    assert status == 0 and stderr[0].startswith(f"{path}:8:22: warning[W004 device-unmapped]")
    status, stdout, stderr = run(path, str(tmp_path / "gen2"), extra=["--werror"])
    assert status == 1 and stdout == ""
    assert stderr[0].startswith(f"{path}:8:22: error[W004 device-unmapped]")
    assert not (tmp_path / "gen2").exists()


def test_proxied_io_slots_per_client_service_pair():
    # One pair per (client, service): its own slots, listed for the service.
    layout = layout_of("tests/system/proxy_flood.yaml")
    periodic, victim, flooder, server, deaf = layout.guests
    assert layout.io_pairs == (allocate.IoPair(1, 3, 0, allocate.IO_SLOTS_PER_PAIR),
                               allocate.IoPair(2, 4, 4, allocate.IO_SLOTS_PER_PAIR))
    assert [e.pair for e in victim.io] == [0] and [e.pair for e in flooder.io] == [1]
    assert server.io_served == (0,) and deaf.io_served == (1,)
    assert victim.io_served == () and flooder.io_served == () and periodic.io == ()
    # Slots never overlap and stay within the monitor's CONFIG_MAX_IO_SLOTS.
    full = layout_of(FULL)
    slots = [s for p in full.io_pairs for s in range(p.first_slot, p.first_slot + p.n_slots)]
    assert len(slots) == len(set(slots)) and max(slots) < allocate.MAX_IO_SLOTS
    cfg = (ROOT / "monitor/include/config.h").read_text()
    assert f"#define CONFIG_MAX_IO_SLOTS {allocate.MAX_IO_SLOTS}u" in cfg


def test_proxied_io_slots_shrink_to_fit_every_pair(tmp_path):
    # 15 guests, each a client of every other: 210 pairs, at least one slot each.
    names = [f"g{i}" for i in range(15)]
    guests = []
    for i, n in enumerate(names):
        prox = ", ".join(f"{{name: p{j}, guest: 0x{0x40000000 + j * 0x1000:08x}, size: 4K, "
                         f"service: {m}}}" for j, m in enumerate(names) if m != n)
        guests.append(f"  - {{name: {n}, level: NRT, core: {i % 2}, image: logger, "
                      f"memory: [{{guest: 0x00000000, size: 16K}}], proxied: [{prox}]}}")
    path = tmp_path / "pairs.yaml"
    path.write_text("platform: zynq-7000\nguests:\n" + "\n".join(guests) + "\n")
    layout = layout_of(str(path))
    assert len(layout.io_pairs) == 210
    assert all(p.n_slots == 1 for p in layout.io_pairs)
    assert layout.io_pairs[-1].first_slot == 209 < allocate.MAX_IO_SLOTS
