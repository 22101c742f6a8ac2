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
  - {name: gtimer, base: 0xF8F00200, size: 0x100}
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
    assert stderr == [f"{system}:15:22: error[E061 device-conflict]: device 'dev_b' of guest 'two' shares the 4 KB "
                      f"page 0xe0010000 with device 'dev_a' of guest 'one' ({system}:8:22)"]


def test_irq_given_to_two_guests(run, tmp_path):
    root = make_root(tmp_path, "testboard", BOARD)
    system = root / "s.yaml"
    system.write_text(TWO_GUESTS.format(a="dev_a", b="dev_c", irq=90))
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    assert status == 1
    assert stderr == [f"{system}:16:12: error[E071 irq-conflict]: IRQ 90 of guest 'two' is already routed to "
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
        f"{plat}:2:8: error[E012 wrong-type]: 'cores' must be an integer, not 'two'",
        f"{plat}:19:1: error[E010 unknown-key]: unknown key 'foo' in the platform",
        f"{system}:3:85: error[E010 unknown-key]: unknown key 'extra' in guest 'one'",
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
        f"{plat}:7:12: error[E021 platform-invalid]: console 'dev_z' is not one of the "
        "platform's 'devices'",
        f"{plat}:10:3: error[E021 platform-invalid]: 'monitor_devices' must include 'gicd'",
        f"{plat}:16:5: error[E021 platform-invalid]: IRQ 100 of device 'dev_b' is beyond "
        "'irq_lines' (96)",
    ]


def _walk(schema: dict, node: dict, path: list, missing: list) -> None:
    defs = schema.get("definitions", {})

    def resolve(n):
        while "$ref" in n:
            n = defs[n["$ref"].split("/")[-1]]
        return n

    for key, sub in node.get("properties", {}).items():
        p = path + [key]
        r = resolve(sub)
        if "description" not in sub and "description" not in r:
            missing.append(("description", ".".join(p)))
        if "examples" not in sub and "examples" not in r and "enum" not in r:
            missing.append(("examples", ".".join(p)))
        _walk(schema, r, p, missing)
        if "items" in r:
            _walk(schema, resolve(r["items"]), p + ["[]"], missing)


def test_every_schema_field_has_a_description_and_an_example():
    import json
    from conftest import ROOT
    for name in ("system.schema.json", "platform.schema.json"):
        schema = json.loads((ROOT / "schema" / name).read_text())
        missing: list = []
        _walk(schema, schema, [], missing)
        assert missing == [], name


def test_system_yaml_carries_the_schema_modeline():
    from conftest import ROOT
    first = (ROOT / "system.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/system.schema.json"


def test_trustzone_platform_semantics(run, tmp_path):
    # A `tz` bit and `ddr` naming no register, a register twice, one not word
    # aligned, and SLCR registers on a platform without the monitor device.
    board = (BOARD.replace("  - {name: dev_a, base: 0xE0010000, size: 0x100,  irqs: [90]}",
                           "  - {name: dev_a, base: 0xE0010000, size: 0x100,  irqs: [90], "
                           "tz: [{register: apb, bit: 3}]}")
             + "trustzone:\n  ddr_block: 64M\n  ddr: tz_ddr\n  registers:\n"
               "    - {name: tz_ddr_ram, address: 0xF8000430, slcr: true}\n"
               "    - {name: tz_ddr_ram, address: 0xF8000432}\n")
    root = make_root(tmp_path, "testboard", board)
    system = root / "s.yaml"
    system.write_text("platform: testboard\nguests:\n  - {name: one, level: NRT, core: 0, "
                      "image: logger, memory: [{guest: 0, size: 4K}]}\n")
    status, _, stderr = run(str(system), str(tmp_path / "gen"), root=str(root))
    plat = f"{root}/platforms/testboard.yaml"
    assert status == 1
    assert stderr == [
        f"{plat}:16:68: error[E021 platform-invalid]: 'apb' is not one of "
        "'trustzone.registers'",
        f"{plat}:22:8: error[E021 platform-invalid]: 'tz_ddr' is not one of "
        "'trustzone.registers'",
        f"{plat}:24:5: error[E021 platform-invalid]: TrustZone registers in the SLCR need the "
        "monitor device 'slcr' (its lock and unlock)",
        f"{plat}:25:7: error[E021 platform-invalid]: TrustZone register 'tz_ddr_ram' at "
        "0xf8000432 is not word aligned",
        f"{plat}:25:7: error[E021 platform-invalid]: duplicate TrustZone register 'tz_ddr_ram' "
        f"(first at {plat}:24:7)",
    ]
