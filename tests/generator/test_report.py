"""report.txt and report.svg: what a person reads about the build."""
from __future__ import annotations

import re
import struct
import subprocess
import xml.etree.ElementTree as ET

import pytest

FULL = "tests/generator/systems/full.yaml"
NS = "{http://www.w3.org/2000/svg}"


def _gen(run, tmp_path, system="system.yaml"):
    out = tmp_path / "gen"
    status, stdout, _ = run(system, str(out))
    assert status == 0
    return out, stdout


def test_report_txt(run, tmp_path):
    out, stdout = _gen(run, tmp_path)
    text = (out / "report.txt").read_text()
    h = re.search(r"configuration ([0-9a-f]{16})\)", stdout).group(1)
    assert text.startswith(f"System report, variant 'default', configuration {h}\n")
    for line in (
            "Inputs: system.yaml (base), platforms/zynq-7000.yaml (platform)",
            "  0x00100000-0x0017ffff  512K   logger               [system.yaml:39]",
            "  0x01000000-0x010fffff  1M     motor                [system.yaml:21]",
            "  0x3fc00000-0x3fffffff  4M     monitor              [platforms/zynq-7000.yaml:23]",
            "        0x00000000-0x000fffff -> pa 0x02000000-0x020fffff  RAM (1 MB sections)  "
            "[system.yaml:32]",
            "      schedule: period 10ms, budget 2ms, deadline 10ms (20.0%); limits: min period "
            "10ms, max budget 2ms  [system.yaml:30]",
            "      TLB lockdown: 0x00000000",
            "    29  monitor                  core 0 (banked)    level",
            "  core 0: CORE_SHARED",
            "      utilisation 20.0%, hyperperiod 10ms",
            "      EDF test: implicit deadlines, utilisation <= 100% is exact: schedulable",
            "      slack for NRT 80.0%: logger, round robin, quantum 2ms",
            "  core 1: CORE_HRT",
            "      HRT, owned by motor alone: no other guest, no monitor timer; its interrupts go "
            "straight to its vectors"):
        assert line + "\n" in text, line


def test_report_txt_of_the_full_system(run, tmp_path):
    out, _ = _gen(run, tmp_path, FULL)
    text = (out / "report.txt").read_text()
    assert "  0x00100000-0x0011efff  124K   interleaved: app, store, channel telemetry, " \
           "channel log [scattered 4 KB frames]\n" in text
    assert "        0x00000000-0x0000ffff -> 16 physical runs: 0x00100000+4K, 0x00102000+4K" in text
    assert "        0x40100010-0x4010001b    unmapped, IO_PHYS ttc_count -> 0xf8001018 " \
           "(CFG_IO_READ)\n" in text
    assert "  0 telemetry: sensor (0x70000000) -> app (0x70000000), 0x00002000 bytes, doorbell " \
           "vIRQ 100  [tests/generator/systems/full.yaml:45]\n" in text
    assert "  console input (IRQ 59) goes to app's virtual UART\n" in text
    assert "EDF test: processor demand dbf(t) <= t at all 1 absolute deadlines up to 8ms" in text


def _svg(out):
    root = ET.fromstring((out / "report.svg").read_text())
    texts = [t.text for t in root.iter(f"{NS}text")]
    return root, texts


@pytest.mark.parametrize("system", ["system.yaml", FULL])
def test_report_svg_is_well_formed_and_complete(system, run, tmp_path):
    out, _ = _gen(run, tmp_path, system)
    root, texts = _svg(out)
    assert root.tag == f"{NS}svg" and int(root.get("width")) == 1100
    assert int(root.get("height")) > 600
    for heading in ("Physical memory", "Guest address spaces", "Per-core utilisation",
                    "EDF schedule of core 0", "Interrupt map"):
        assert any(t and t.startswith(heading) for t in texts), heading
    assert any(t and t.startswith("System 'default', configuration ") for t in texts)
    assert len(list(root.iter(f"{NS}rect"))) > 20
    body = (out / "report.svg").read_text()
    assert "<script" not in body and "href" not in body     # self-contained


def test_report_svg_of_the_full_system(run, tmp_path):
    out, _ = _gen(run, tmp_path, FULL)
    _, texts = _svg(out)
    for want in ("sensor (SRT, core 0)", "store (NRT, core 0)", "ch telemetry ro", "ch telemetry rw",
                 "vuart vuart", "proxy disk", "io ttc_count", "ttc0 (priv)",
                 "IRQ  59 -> monitor, core 0, level",
                 "app, store, channel telemetry, channel log: 31 interleaved runs, 124K"):
        assert want in texts, want


def test_report_svg_renders_to_png(run, tmp_path):
    out, _ = _gen(run, tmp_path, FULL)
    png = tmp_path / "report.png"
    subprocess.run(["rsvg-convert", "-o", str(png), str(out / "report.svg")], check=True,
                   capture_output=True)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1100 and height > 600
    assert len(data) > 20000             # something was drawn


TRUSTED = "tests/generator/fixtures/trusted_dma.yaml"


def test_trusted_dma_is_marked_as_breaking_isolation(run, tmp_path):
    out = tmp_path / "gen"
    status, _, err = run(TRUSTED, str(out))
    assert status == 0
    assert any("warning[W006 trusted-dma]" in line for line in err)     # on every build
    text = (out / "report.txt").read_text()
    assert ('      ISOLATION BROKEN: owns bus master gem0 by trusted_dma ("audited network '
            'stack; no other guest holds secrets"): its DMA reaches all of memory, the '
            "monitor's and every guest's (no IOMMU)") in text.splitlines()
    assert "  0xe000b000-0xe000bfff  gem0         net, bus master: reaches all memory" in text
    root = ET.fromstring((out / "report.svg").read_text())
    assert "ISOLATION BROKEN: DMA gem0" in [t.text for t in root.iter(NS + "text")]
    # Without the opt-in nothing is marked, because nothing is accepted.
    status, _, err = run(TRUSTED, str(tmp_path / "werror"), extra=["--werror"])
    assert status == 1 and any("error[W006 trusted-dma]" in line for line in err)
    assert not (tmp_path / "werror").exists()


def test_hrt_may_own_a_bus_master_without_opt_in(run, tmp_path):
    sysf = tmp_path / "s.yaml"
    sysf.write_text(open("system.yaml").read().replace(
        "      - {name: cpu_private}", "      - {name: cpu_private}\n      - {name: dmac}"))
    out = tmp_path / "gen"
    status, _, err = run(str(sysf), str(out))
    assert status == 0 and err == []
    text = (out / "report.txt").read_text()
    assert "ISOLATION BROKEN" not in text
    assert "gem0" not in text and "dmac         motor, bus master: reaches all memory" in text


def test_report_says_what_the_hrt_guest_reaches_of_the_monitor(run, tmp_path):
    out, _ = _gen(run, tmp_path)
    lines = (out / "report.txt").read_text().splitlines()
    i = lines.index("  0 motor: HRT on core 1, domain and ASID 1, image guests/motor  "
                    "[system.yaml:16]")
    assert lines[i + 1:i + 3] == [
        "      the monitor's memory: domain 0, denied by its DACR but inside its smc entry; "
        "smc page aliased read-only at 0xf0000000",
        "      reaches monitor device gicd: it shares a megabyte with the guest's own pages "
        "(one domain per L1 entry)"]


def test_report_txt_shows_utilisation_with_the_monitors_cost(run, tmp_path):
    out, _ = _gen(run, tmp_path)
    text = (out / "report.txt").read_text()
    # sensor: 2ms every 10ms, plus release + 2 switches + interrupt of the
    # platform's monitor_cost, converted at its cpu_hz.
    m = re.search(r"^      with the monitor's cost \((\d+) ns per job: release \+ 2 switches \+ "
                  r"interrupt, [^)]*\): utilisation (\d+\.\d)%, schedulable$", text, re.M)
    assert m, text
    ns = int(m.group(1))
    assert ns > 0 and m.group(2) == f"{(2_000_000 + ns) / 10_000_000:.1%}"[:-1]
