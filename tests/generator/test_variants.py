"""Variant overlays: the merge rules of docs/variants.md, provenance of
diagnostics and report lines, and the example variants."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT
from generator import canon, validate
from generator.diag import Collector
from generator.load import load_yaml
from generator.merge import merge
from test_generate import CC


def _merged(tmp_path, base: str, over: str):
    (tmp_path / "base.yaml").write_text(base)
    (tmp_path / "over.yaml").write_text(over)
    errors = Collector()
    doc = merge(load_yaml(str(tmp_path / "base.yaml")), load_yaml(str(tmp_path / "over.yaml")),
                errors)
    return doc, [str(d) for d in errors.items]


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def test_merge_rules(tmp_path):
    doc, errors = _merged(tmp_path, """\
platform: zynq-7000
monitor: {console: uart0}
cores: [{id: 0, quantum: 2ms}, {id: 1, quantum: 5ms}]
guests:
  - {name: a, level: NRT, core: 0, memory: [{guest: 0, size: 4K}], irqs: [1, 2],
     devices: [{name: uart1}, {name: ttc0}]}
  - {name: b, level: NRT, core: 0, memory: [{guest: 0, size: 4K}]}
  - {name: c, level: NRT, core: 1, memory: [{guest: 0, size: 4K}]}
channels: [{name: x, writer: a, reader: b, size: 4K}]
""", """\
monitor: {console_input: a}
cores: [{id: 1, quantum: 1ms}]
guests:
  - {name: a, memory: [{guest: 0, size: 8K}], irqs: [3],
     devices: [{name: ttc0, access: mediated}, {name: uart1, remove: true}, {name: gpio}]}
  - {name: b, remove: true}
  - {name: d, level: SRT, core: 0}
  - {name: c, core: ~}
channels: ~
""")
    assert errors == []
    assert _plain(doc) == {
        "platform": "zynq-7000",
        "monitor": {"console": "uart0", "console_input": "a"},        # maps merge
        "cores": [{"id": 0, "quantum": "2ms"}, {"id": 1, "quantum": "1ms"}],   # by id
        "guests": [
            {"name": "a", "level": "NRT", "core": 0,
             "memory": [{"guest": 0, "size": "8K"}],                 # other lists replaced
             "irqs": [3],
             "devices": [{"name": "ttc0", "access": "mediated"}, {"name": "gpio"}]},
            {"name": "c", "level": "NRT", "memory": [{"guest": 0, "size": "4K"}]},   # null deletes
            {"name": "d", "level": "SRT", "core": 0},               # appended
        ],
    }
    # Provenance: each value keeps the file that set it.
    a = doc["guests"][0]
    assert a.loc.file.endswith("base.yaml")
    assert a.vloc("memory").file.endswith("over.yaml") and a.vloc("level").file.endswith("base.yaml")


def test_merge_errors(tmp_path):
    _, errors = _merged(tmp_path, "guests: [{name: a}]\n",
                        "guests: [{name: z, remove: true}, {level: NRT}, 7]\n")
    over = f"{tmp_path}/over.yaml"
    assert errors == [
        f"{over}:1:20: error[E110 overlay]: overlay removes 'guests' entry name 'z', which the "
        "base system does not have",
        f"{over}:1:35: error[E110 overlay]: overlay entry 2 of 'guests' has no 'name': it cannot "
        "be merged",
        f"{over}:1:49: error[E110 overlay]: overlay entry 3 of 'guests' has no 'name': it cannot "
        "be merged",
    ]


def test_errors_name_the_overlay_line(run, tmp_path):
    over = tmp_path / "bad.yaml"
    over.write_text("guests:\n  - name: sensor\n    schedule: {period: 10ms, budget: 12ms, "
                    "deadline: 10ms}\n")
    status, _, stderr = run("system.yaml", str(tmp_path / "gen"), overlays=[str(over)])
    assert status == 1
    assert stderr == [f"{over}:3:38: error[E091 schedule-order]: budget 12ms of guest 'sensor' "
                      "exceeds its deadline 10ms"]


def test_report_names_the_overlay_line(run, tmp_path):
    out = tmp_path / "gen"
    status, _, _ = run("system.yaml", str(out), variant="fast-sensor",
                       overlays=["variants/fast-sensor.yaml"])
    assert status == 0
    report = (out / "report.txt").read_text()
    assert "Inputs: system.yaml (base), variants/fast-sensor.yaml (overlay), " \
           "platforms/zynq-7000.yaml (platform)" in report
    assert ("SRT sensor: budget 1ms, deadline 4ms, period 5ms (20.0%)  "
            "[variants/fast-sensor.yaml:9]") in report
    assert "0x02000000-0x020fffff  1M     sensor               [system.yaml:32]" in report
    assert "EDF test: processor demand dbf(t) <= t at all 1 absolute deadlines" in report


@pytest.mark.parametrize("variant", sorted(p.stem for p in (ROOT / "variants").glob("*.yaml")))
def test_example_variants_generate(variant, run, tmp_path):
    out = tmp_path / "gen"
    status, stdout, stderr = run("system.yaml", str(out), variant=variant,
                                 overlays=[f"variants/{variant}.yaml"])
    assert (status, stderr) == (0, [])
    c = (out / "config_gen.c").read_text()
    assert f'.variant = "{variant}",' in c
    if shutil.which("arm-none-eabi-gcc"):
        subprocess.run(CC + [str(out / "config_gen.c"), "-o", str(tmp_path / "c.o")], check=True)


def test_no_logger_variant_drops_the_guest():
    system, _ = validate.load_system(str(ROOT), str(ROOT / "system.yaml"), "no-logger",
                                     [str(ROOT / "variants/no-logger.yaml")])
    assert [g.name for g in system.guests] == ["motor", "sensor"]


def test_overlay_that_changes_nothing_keeps_the_hash(tmp_path):
    base, _ = validate.load_system(str(ROOT), str(ROOT / "system.yaml"), "a")
    same = tmp_path / "same.yaml"
    same.write_text("guests:\n  - {name: sensor, schedule: {period: 10ms, budget: 2000us, "
                    "deadline: 10000000ns}}\n")
    other, _ = validate.load_system(str(ROOT), str(ROOT / "system.yaml"), "b", [str(same)])
    assert canon.config_hash(base) == canon.config_hash(other)
