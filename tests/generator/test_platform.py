"""Checks that need another board: shared device pages, shared IRQ lines,
a broken platform file."""
from __future__ import annotations

from conftest import make_root

BOARD = """\
name: testboard
cores: 2
ram:
  - {name: ddr, base: 0x00000000, size: 256M}
monitor:
  memory: {base: 0x0FC00000, size: 4M}
  console: uart0
clocks: {private_timer_hz: 100000000}
monitor_devices:
  - {name: gicc,   base: 0xF8F00100, size: 0x100, private: true}
  - {name: ptimer, base: 0xF8F00600, size: 0x20,  private: true, irqs: [29]}
  - {name: gicd,   base: 0xF8F01000, size: 0x1000}
devices:
  - {name: uart0, base: 0xE0000000, size: 0x1000, irqs: [59]}
  - {name: dev_a, base: 0xE0010000, size: 0x100,  irqs: [90]}
  - {name: dev_b, base: 0xE0010100, size: 0x100,  irqs: [91]}
  - {name: dev_c, base: 0xE0020000, size: 0x1000, irqs: [90]}
irq_lines: 96
"""

TWO_GUESTS = """\
platform: testboard
guests:
  - name: one
    level: NRT
    core: 0
    image: logger
    memory: [{{guest: 0, size: 4K}}]
    devices: [{{name: {a}}}]
    irqs: [90]
  - name: two
    level: NRT
    core: 0
    image: logger
    memory: [{{guest: 0, size: 4K}}]
    devices: [{{name: {b}}}]
    irqs: [{irq}]
"""


def test_devices_sharing_a_page(run, tmp_path):
    root = make_root(tmp_path, "testboard", BOARD)
    system = root / "s.yaml"
    system.write_text(TWO_GUESTS.format(a="dev_a", b="dev_b", irq=91))
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    assert status == 1
    assert stderr == [f"{system}:15:22: error: device 'dev_b' of guest 'two' shares the 4 KB "
                      f"page 0xe0010000 with device 'dev_a' of guest 'one' ({system}:8:22)"]


def test_irq_given_to_two_guests(run, tmp_path):
    root = make_root(tmp_path, "testboard", BOARD)
    system = root / "s.yaml"
    system.write_text(TWO_GUESTS.format(a="dev_a", b="dev_c", irq=90))
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    assert status == 1
    assert stderr == [f"{system}:16:12: error: IRQ 90 of guest 'two' is already routed to "
                      f"guest 'one' ({system}:9:12)"]


def test_same_guest_may_have_devices_sharing_a_page(run, tmp_path):
    root = make_root(tmp_path, "testboard", BOARD)
    system = root / "s.yaml"
    system.write_text("""\
platform: testboard
guests:
  - {name: one, level: NRT, core: 0, image: logger, memory: [{guest: 0, size: 4K}],
     devices: [{name: dev_a}, {name: dev_b}], irqs: [90, 91]}
""")
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    assert (status, stderr) == (0, [])
    mk = (tmp_path / "gen" / "build.mk").read_text()
    assert "QEMU_MEM := 256M" in mk and "GEN_INPUTS := " in mk


def test_broken_platform(run, tmp_path):
    broken = BOARD.replace("cores: 2", "cores: two").replace("irq_lines: 96", "irq_lines: 96\nfoo: 1")
    broken = broken.replace("  - {name: gicd,   base: 0xF8F01000, size: 0x1000}\n", "")
    root = make_root(tmp_path, "testboard", broken)
    system = root / "s.yaml"
    system.write_text("platform: testboard\nguests:\n  - {name: one, level: NRT, core: 0, "
                      "image: logger, memory: [{guest: 0, size: 4K}], extra: 1}\n")
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    plat = f"{root}/platforms/testboard.yaml"
    assert status == 1
    assert stderr == [
        f"{plat}:2:8: error: 'cores' must be an integer, not 'two'",
        f"{plat}:18:1: error: unknown key 'foo' in the platform",
        f"{system}:3:85: error: unknown key 'extra' in guest 'one'",
    ]


def test_platform_semantics(run, tmp_path):
    broken = (BOARD.replace("  - {name: gicd,   base: 0xF8F01000, size: 0x1000}\n", "")
              .replace("irqs: [91]", "irqs: [100]").replace("console: uart0", "console: dev_z"))
    root = make_root(tmp_path, "testboard", broken)
    system = root / "s.yaml"
    system.write_text("platform: testboard\nguests:\n  - {name: one, level: NRT, core: 0, "
                      "image: logger, memory: [{guest: 0, size: 4K}]}\n")
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    plat = f"{root}/platforms/testboard.yaml"
    assert status == 1
    assert stderr == [
        f"{plat}:7:12: error: console 'dev_z' is not one of the platform's 'devices'",
        f"{plat}:10:3: error: 'monitor_devices' must include 'gicd'",
        f"{plat}:15:5: error: IRQ 100 of device 'dev_b' is beyond 'irq_lines' (96)",
    ]
