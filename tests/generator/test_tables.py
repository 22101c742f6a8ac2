"""The table checker (generator/verify.py): the generated translation tables,
decoded back from config_gen.c, match the model for every system we have."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from generator import allocate, emit, validate, verify
from generator.diag import ConfigError
from generator.docs import fixture_args
from test_fixtures import EXPECTED

FULL = "tests/generator/systems/full.yaml"


def _render(system: str, overlays=()):
    sysm, _ = validate.load_system(".", system, "default", list(overlays))
    layout = allocate.allocate(sysm)
    files = emit.render(layout, "templates", "build/x/gen", [])
    return layout, files["config_gen.c"]


def _systems() -> list[tuple[str, tuple[str, ...]]]:
    out = [("system.yaml", ()), (FULL, ())]
    out += [(str(p.relative_to(ROOT)), ()) for p in sorted((ROOT / "tests/system").glob("*.yaml"))]
    out += [("system.yaml", (str(p.relative_to(ROOT)),))
            for p in sorted((ROOT / "variants").glob("*.yaml"))]
    # Every fixture that generates (warnings only).
    for name, lines in sorted(EXPECTED.items()):
        if not any("error[" in line for line in lines):
            args = fixture_args(".", name, "unused")
            out.append((args["system_path"], tuple(args["overlays"])))
    return out


@pytest.mark.parametrize("system,overlays", _systems(), ids=lambda v: str(v))
def test_checker_agrees_with_the_model(system, overlays, monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render(system, overlays)
    assert verify.check_output(layout, c) == []


def test_checker_finds_a_wrong_entry(monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render("system.yaml")
    # Make the sensor's RAM section user read-only (AP[1:0] = 10 instead of 11).
    bad = c.replace("[0x000] = 0x02031c4eu,", "[0x000] = 0x0203184eu,", 1)
    assert bad != c
    problems = verify.check_output(layout, bad)
    assert problems[0] == ("sensor: va 0x00000000 maps pa 0x02000000 ap 010 domain 2 tex/c/b "
                           "(1, 1, 1) xn 0 ng 1 section, expected pa 0x02000000 ap 011 domain 2 "
                           "tex/c/b (1, 1, 1) xn 0 ng 1 section")
    # Map the logger's first page onto the sensor's memory.
    bad = re.sub(r"(l2_logger_000\[256\][^\n]*\n    \[0x00\] = )0x([0-9a-f]+)u",
                 lambda m: m.group(1) + f"0x{0x02000000 | int(m.group(2), 16) & 0xfff:08x}u", c)
    problems = verify.check_output(layout, bad)
    assert "physical page 0x02000000 reachable by guests sensor, logger" in problems


def _pages(c: str, layout, name: str):
    gl = next(g for g in layout.guests if g.guest.name == name)
    return verify.decode_c(c, gl.table.symbol)


def test_channel_is_read_only_for_its_reader(monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render(FULL)
    w, r = _pages(c, layout, "sensor"), _pages(c, layout, "app")
    for off in (0, 0x1000):
        assert w[0x70000000 + off].ap == 0b011 and r[0x70000000 + off].ap == 0b010
        assert w[0x70000000 + off].pa == r[0x70000000 + off].pa
        assert r[0x70000000 + off].xn == 1 and r[0x70000000 + off].mem == (1, 1, 1)
        assert (w[0x70000000 + off].domain, r[0x70000000 + off].domain) == (2, 3)
    assert 0x70000000 not in _pages(c, layout, "store") or \
        _pages(c, layout, "store")[0x70000000].pa != w[0x70000000].pa


def test_mediated_device_is_privileged_only(monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render(FULL)
    m = _pages(c, layout, "sensor")[0xf8001000]          # ttc0, at VA = PA
    assert (m.pa, m.ap, m.mem, m.xn, m.ng) == (0xf8001000, 0b001, (0, 0, 1), 1, 1)
    uart = _pages(c, layout, "sensor")[0x40000000]       # passthrough uart1 at its guest address
    assert (uart.pa, uart.ap, uart.xn) == (0xe0001000, 0b011, 1)
    assert 0xe0001000 not in _pages(c, layout, "sensor")


def test_emulated_windows_are_unmapped(monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render(FULL)
    sensor, app = _pages(c, layout, "sensor"), _pages(c, layout, "app")
    assert 0x40100000 not in sensor                      # io windows onto ttc0
    assert 0x40010000 not in app and 0x40020000 not in app   # vuart, proxied disk


def test_scattered_nrt_frames_are_not_adjacent(monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render(FULL)
    app = _pages(c, layout, "app")
    pas = [app[va].pa for va in range(0, 0x10000, 0x1000)]
    assert len(set(pas)) == 16
    assert all(abs(a - b) != 0x1000 for a, b in zip(pas, pas[1:]))
    gl = next(g for g in layout.guests if g.guest.name == "app")
    assert len(gl.regions[0]) == 16                      # one cfg_copy/cfg_zero entry per run
    sorted_pas = sorted(pas)
    assert all(b - a >= 0x2000 for a, b in zip(sorted_pas, sorted_pas[1:]))


def test_out_of_frames_with_scatter(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    (tmp_path / "s.yaml").write_text("""\
platform: zynq-7000
guests:
  - {name: big, level: NRT, core: 0, image: logger, memory: [{guest: 0x100000, base: 0x100000, size: 1018M}]}
  - {name: a, level: NRT, core: 0, image: logger, scatter: true, memory: [{guest: 0, size: 1M}]}
""")
    sysm, _ = validate.load_system(".", str(tmp_path / "s.yaml"), "default")
    with pytest.raises(ConfigError) as e:
        allocate.allocate(sysm)
    assert [str(d) for d in e.value.diagnostics] == [
        f"{tmp_path}/s.yaml:4:75: error[E055 memory-exhausted]: cannot allocate 1M for guest "
        "'a' from every other free 4 KB frame (scatter): 256 frames left in RAM bank 'ddr'"]


def test_fixture_dir_is_clean():
    assert not list(Path(FIXTURES).glob("*.c"))


def test_checker_requires_global_entries_identical_in_every_table(monkeypatch):
    # The console UART0 is a global page of the monitor; mmu.py before this
    # rule gave its L2 table the domain of a guest with a page in the same
    # megabyte. Put the logger's table for 0xE00xxxxx in its domain 3.
    monkeypatch.chdir(ROOT)
    layout, c = _render("system.yaml")
    line = re.search(r"\[0xe00\] = \(uint32_t\)&l2_logger_e00\[0\] \+ 0x00000001u,", c)
    bad = c.replace(line.group(0), line.group(0).replace("0x00000001u", "0x00000061u"))
    problems = verify.check_output(layout, bad)
    assert ("global entry for va 0xe0000000 differs between tables: monitor has a page "
            "descriptor 0xe0000017 in an L2 table of domain 0, guest 'logger' a page "
            "descriptor 0xe0000017 in an L2 table of domain 3 (a global TLB entry is hit by "
            "every ASID with the domain of the table it was walked from, ARM ARM B3.9.1)"
            in problems)
    # A global page made non-global in one guest's table: two TLB entries.
    bad = c.replace("[0x00] = 0xe0000017u,   /* va 0xe0000000: monitor device uart0 (console) */"
                    "\n};\nstatic const uint32_t l2_logger_f80",
                    "[0x00] = 0xe0000817u,   /* va 0xe0000000: monitor device uart0 (console) */"
                    "\n};\nstatic const uint32_t l2_logger_f80", 1)
    assert bad != c
    problems = verify.check_output(layout, bad)
    assert ("va 0xe0000000 is global in monitor (page descriptor 0xe0000017 in an L2 table of "
            "domain 0) but mapped non-global in guest 'logger': the TLB would hold two entries "
            "for it (ARM ARM B3.10.1)" in problems)


def test_guest_page_beside_a_global_page_is_in_domain_0(monkeypatch, tmp_path):
    # A guest device in the console's megabyte: its L2 table holds the
    # monitor's global UART0 page, so the whole table is in domain 0 in every
    # table, and the guest's page is protected by its access permissions.
    monkeypatch.chdir(ROOT)
    sysf = tmp_path / "s.yaml"
    sysf.write_text((ROOT / "system.yaml").read_text().replace(
        "      - {guest: 0x00000000, size: 512K}   # physical frames chosen by the generator",
        "      - {guest: 0x00000000, size: 512K}\n    devices: [{name: uart1, guest: 0xE0001000}]"))
    layout, c = _render(str(sysf))
    assert verify.check_output(layout, c) == []
    logger = _pages(c, layout, "logger")
    assert (logger[0xE0001000].pa, logger[0xE0001000].ap, logger[0xE0001000].ng,
            logger[0xE0001000].domain) == \
        (0xE0001000, 0b011, 1, 0)
    assert verify.global_entries(c, "l1_logger")[0xE0000000] == \
        verify.global_entries(c, "monitor_l1")[0xE0000000]


def test_hrt_table_maps_only_what_the_smc_path_needs(monkeypatch):
    monkeypatch.chdir(ROOT)
    layout, c = _render("system.yaml")
    motor = _pages(c, layout, "motor")
    assert 0xF8000000 not in motor and 0xF8F02000 not in motor       # SLCR, L2 controller
    assert motor[0x3FC00000].domain == 0 and motor[0x3FC00000].ng == 0  # denied by its DACR
    assert verify.decode_dacr(c, "l1_motor") == 0b0100                 # domain 1 only
    assert verify.decode_smc(c, "l1_motor") == (0xF0000000, 0b0101)
    smc = motor[0xF0000000]                                            # MVBAR on core 1
    assert (smc.pa, smc.ap, smc.domain, smc.xn, smc.ng) == (0x3FEFF000, 0b101, 1, 0, 1)
    gicd = motor[0xF8F01000]             # beside its cpu_private page: non-global, its domain
    assert (gicd.domain, gicd.ng) == (1, 1)
    assert verify.decode_smc(c, "l1_sensor") == (0, 0)
    # The DACR of old, granting the HRT guest domain 0 at PL1.
    bad = c.replace(".dacr = 0x00000004,", ".dacr = 0x00000005,", 1)
    problems = verify.check_output(layout, bad)
    assert "motor: DACR 0x00000005, expected 0x00000004" in problems
    assert "monitor memory 0x3fc00000 reachable by guest(s) [0]" in problems
    # The smc page's alias made writable.
    bad = re.sub(r"(l2_motor_f00\[256\][^\n]*\n    \[0x00\] = )0x3feffe5eu",   # APX cleared
                 r"\g<1>0x3feffc5eu", c)
    assert bad != c
    assert "monitor memory 0x3feff000 reachable by guest(s) [0]" in verify.check_output(layout, bad)


@pytest.mark.parametrize("devices,shared", [
    ("[]", []),                                              # no cpu_private: all global
    ("[{name: cpu_private}, {name: uart1}]", [0xE0000000, 0xF8F01000]),   # beside the console
])
def test_hrt_monitor_pages_are_global_unless_beside_its_own(devices, shared, monkeypatch,
                                                            tmp_path):
    monkeypatch.chdir(ROOT)
    sysf = tmp_path / "s.yaml"
    text = (ROOT / "system.yaml").read_text()
    text = text.replace("    devices:\n      - {name: cpu_private}                # core 1's private "
                        "timer and GIC CPU interface\n    irqs: [29]                             "
                        "# core 1's private timer\n", f"    devices: {devices}\n")
    assert f"devices: {devices}" in text
    sysf.write_text(text)
    layout, c = _render(str(sysf))
    assert verify.check_output(layout, c) == []
    motor = _pages(c, layout, "motor")
    for va in (0xE0000000, 0xF8F00000, 0xF8F01000):          # console, gtimer, gicd
        m = motor[va]
        if va in shared:
            assert (m.ng, m.domain) == (1, 1), hex(va)
        elif va == 0xF8F00000 and "cpu_private" in devices:
            assert (m.ng, m.domain) == (1, 1)                 # its own page
        else:
            assert (m.ng, m.domain) == (0, 0), hex(va)
            assert verify.global_entries(c, "l1_motor")[va] == \
                verify.global_entries(c, "monitor_l1")[va]
    report = emit.render(layout, "templates", "build/x/gen", [])["report.txt"]
    for va in shared:
        name = {0xE0000000: "uart0 (console)", 0xF8F01000: "gicd"}[va]
        assert f"      reaches monitor device {name}: it shares a megabyte" in report
