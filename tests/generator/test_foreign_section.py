"""build: test_foreign_section, the fault injection that shows the ARM domains at
work: one wrong L1 section entry in a guest's table maps another guest's memory
User read/write, but in the other guest's domain, which the guest's DACR does
not grant, so it is unreachable (a domain fault). The validation errors are
fixtures (test_fixtures.py: foreign_section*)."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from generator import allocate, canon, emit, mmu, validate, verify

VA = 0x70000000

SYSTEM = """\
platform: zynq-7000
build:
  test_hypercalls: true
  test_foreign_section: {{guest: sensor, of: {of}, va: 0x70000000}}
guests:
  - {{name: motor, level: HRT, core: 1, image: motor, memory: [{{base: 0x01000000, size: 1M}}]}}
  - name: sensor
    level: SRT
    core: 0
    image: sensor
    schedule: {{period: 10ms, budget: 2ms, deadline: 10ms}}
    memory: [{{guest: 0, base: 0x02000000, size: 1M}}]
  - name: peer
    level: SRT
    core: 0
    image: sensor
    schedule: {{period: 10ms, budget: 2ms, deadline: 10ms}}
    memory: [{{guest: 0, base: 0x03000000, size: 2M}}]
  - {{name: logger, level: NRT, core: 0, image: logger, memory: [{{guest: 0, size: 64K}}]}}
channels:
  - {{name: data, writer: sensor, reader: logger, size: 4K}}
"""


def _render(tmp_path, of: str = "motor", text: str | None = None):
    path = tmp_path / "s.yaml"
    path.write_text(SYSTEM.format(of=of) if text is None else text)
    system, _ = validate.load_system(str(ROOT), str(path), "default")
    layout = allocate.allocate(system)
    files = emit.render(layout, str(ROOT / "templates"), str(tmp_path / "gen"), [])
    return layout, files


def _guest(layout, name):
    return next(gl for gl in layout.guests if gl.guest.name == name)


@pytest.mark.parametrize("of,pa", [("motor", 0x01000000), ("peer", 0x03000000)])
def test_injected_entry(of, pa, tmp_path):
    layout, files = _render(tmp_path, of)
    sensor, victim = _guest(layout, "sensor"), _guest(layout, of)
    fs = layout.system.test_foreign_section
    assert (fs.guest, fs.of, fs.va, fs.pa, fs.domain) == (1, victim.guest.index, VA, pa,
                                                          victim.guest.domain)
    entry = next(e for e in sensor.table.l1 if e.index == VA >> 20)
    d = mmu.decode_l1(entry.value)
    assert d == {"kind": "section", "pa": pa, "ap": 0b011, "domain": victim.guest.domain,
                 "tex": 1, "c": 1, "b": 1, "s": 1, "ng": 1, "xn": 0}
    assert d["domain"] != sensor.guest.domain
    # The sensor's DACR: domain 0 and its own as client, the victim's domain no access.
    assert sensor.dacr == 1 | 1 << 2 * sensor.guest.domain
    assert verify.domain_access(sensor.dacr, d["domain"]) == 0
    assert verify.domain_access(sensor.dacr, sensor.guest.domain) == 1
    # The same, decoded back out of config_gen.c; and the checker accepts it.
    c = files["config_gen.c"]
    m = verify.decode_c(c, sensor.table.symbol)[VA + 0x1000]
    assert (m.pa, m.ap, m.domain, m.mem, m.ng, m.section) == (
        pa + 0x1000, 0b011, victim.guest.domain, (1, 1, 1), 1, True)
    assert not verify.reachable(m, sensor.dacr, False)
    assert verify.check_output(layout, c) == []
    # Only the sensor has the entry; it is not locked in the TLB.
    for gl in layout.guests:
        if gl is not sensor:
            other = verify.decode_c(c, gl.table.symbol).get(VA)
            assert other is None or other.pa != pa
    assert sensor.tlb_lock == (0,)
    # The channel is placed past the entry's megabyte.
    assert sensor.channels[0].va == VA + 0x100000


def test_guest_config_defines_the_address(tmp_path):
    layout, files = _render(tmp_path)
    header = files["guest_sensor/guest_config.h"]
    assert "#define TEST_FOREIGN_SECTION_VA 0x70000000u\n" in header
    assert header.endswith("#define TEST_FOREIGN_SECTION_VA 0x70000000u\n\n"
                           "#endif /* GUEST_CONFIG_H */\n")
    for name in ("motor", "peer", "logger"):
        assert "TEST_FOREIGN_SECTION" not in files[f"guest_{name}/guest_config.h"]
    assert "TEST ONLY: motor's section pa 0x01000000 in domain 1" in files["config_gen.c"]


def _set_domain(c: str, domain: int) -> str:
    """config_gen.c with the injected entry's domain field replaced."""
    def repl(m):
        value = int(m.group(2), 16) & ~(0xf << 5) | domain << 5
        return f"{m.group(1)}0x{value:08x}u"
    bad, n = re.subn(r"(\[0x700\] = )0x([0-9a-f]{8})u(?=,   /\* va 0x70000000: TEST ONLY)",
                     repl, c)
    assert n == 1
    return bad


@pytest.mark.parametrize("of", ["motor", "peer"])
def test_checker_complains_if_the_entry_were_in_the_guest_domain(of, tmp_path):
    layout, files = _render(tmp_path, of)
    sensor, victim = _guest(layout, "sensor"), _guest(layout, of)
    bad = _set_domain(files["config_gen.c"], sensor.guest.domain)
    problems = verify.check_output(layout, bad)
    pa = victim.regions[0][0].pa
    names = ", ".join(sorted(["sensor", of], key=lambda n: _guest(layout, n).guest.index))
    assert f"physical page 0x{pa:08x} reachable by guests {names}" in problems
    assert (f"sensor: va 0x70000000 maps pa 0x{pa:08x} ap 011 domain {sensor.guest.domain} "
            f"tex/c/b (1, 1, 1) xn 0 ng 1 section, expected pa 0x{pa:08x} ap 011 domain "
            f"{victim.guest.domain} tex/c/b (1, 1, 1) xn 0 ng 1 section") in problems
    if of == "motor":
        assert f"HRT page 0x{pa:08x} reachable by another guest" in problems
    # In domain 0 (granted to every guest) it is reachable too.
    problems = verify.check_output(layout, _set_domain(files["config_gen.c"], 0))
    assert f"physical page 0x{pa:08x} reachable by guests {names}" in problems


def test_isolation_check_alone_is_domain_aware(tmp_path):
    """Even if the model expected the entry in the guest's own domain, the
    isolation check reports it; in the victim's domain it does not."""
    layout, files = _render(tmp_path)
    sensor = _guest(layout, "sensor")
    tables = {gl.guest.index: verify.decode_c(files["config_gen.c"], gl.table.symbol)
              for gl in layout.guests}
    assert verify._isolation(layout, tables) == []
    own = verify.decode_c(_set_domain(files["config_gen.c"], sensor.guest.domain),
                          sensor.table.symbol)
    tables[sensor.guest.index] = own
    assert "physical page 0x01000000 reachable by guests motor, sensor" in \
        verify._isolation(layout, tables)


def test_reachable_follows_the_dacr():
    m = verify.Mapping(0x01000000, 0b011, 5, (1, 1, 1), 0, 1, True)
    priv = verify.Mapping(0x01000000, 0b001, 5, (1, 1, 1), 0, 1, True)
    assert verify.reachable(m, 1 | 0b01 << 10, False)          # client: by AP
    assert not verify.reachable(priv, 1 | 0b01 << 10, False)
    assert verify.reachable(priv, 1 | 0b01 << 10, True)        # HRT, privileged, nG
    assert verify.reachable(priv, 1 | 0b11 << 10, False)       # manager: AP ignored
    assert not verify.reachable(m, 1 | 0b01 << 4, False)       # domain 5 not granted
    assert not verify.reachable(m, 1 | 0b10 << 10, False)      # reserved: faults


def test_model_must_expect_the_entry(tmp_path):
    """Tables with the entry, checked against the same system without the option."""
    layout, files = _render(tmp_path)
    plain, _ = _render(tmp_path, text=re.sub(r"  test_foreign_section: .*\n", "",
                                             SYSTEM.format(of="motor")))
    assert plain.system.test_foreign_section is None
    problems = verify.check_output(plain, files["config_gen.c"])
    # (Without the entry, the channel's page would be at 0x70000000.)
    assert ("sensor: va 0x70001000 mapped to pa 0x01001000 ap 011 domain 1 tex/c/b (1, 1, 1) "
            "xn 0 ng 1 section, expected nothing") in problems


def test_config_hash_covers_the_option(tmp_path):
    layout, _ = _render(tmp_path)
    plain, _ = _render(tmp_path, text=re.sub(r"  test_foreign_section: .*\n", "",
                                             SYSTEM.format(of="motor")))
    data = canon.normalise(layout.system)
    assert data["build"]["test_foreign_section"] == {"guest": "sensor", "of": "motor",
                                                     "va": VA}
    assert "test_foreign_section" not in canon.normalise(plain.system)["build"]
    assert layout.config_hash != plain.config_hash


def test_generates_from_the_command_line(run, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SYSTEM.format(of="peer"))
    status, stdout, stderr = run(str(path), str(tmp_path / "gen"))
    assert status == 0 and not any("error[" in line for line in stderr)
    assert stdout.startswith("generated ")
    assert "#define TEST_FOREIGN_SECTION_VA 0x70000000u" in \
        (tmp_path / "gen" / "guest_sensor" / "guest_config.h").read_text()


def test_checker_complains_if_the_dacr_granted_the_victim_domain(tmp_path):
    layout, files = _render(tmp_path)
    c = files["config_gen.c"]
    # motor (HRT, PL1): its own domain only; domain 0 is granted inside its smc entry.
    assert verify.decode_dacr(c, "l1_sensor") == 0x11 and verify.decode_dacr(c, "l1_motor") == 4
    bad = c.replace(".dacr = 0x00000011,", ".dacr = 0x00000015,", 1)   # + domain 1 (motor)
    assert bad != c
    problems = verify.check_output(layout, bad)
    assert "sensor: DACR 0x00000015, expected 0x00000011" in problems
    assert "physical page 0x01000000 reachable by guests motor, sensor" in problems
    assert "HRT page 0x01000000 reachable by another guest" in problems
