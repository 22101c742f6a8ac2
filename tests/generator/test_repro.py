"""Reproducible and fail-closed: byte-identical output whatever the hash seed
or environment, a hash of the normalised configuration, a clean error for a
missing module, and no half-written output when generation is interrupted."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from generator import canon, emit, validate
from test_generate import FULL, read_all


def _cli(out, *extra, env=None, system=FULL):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "generator", "--root", ".", "--system", system,
                           "--out", str(out), *extra], cwd=ROOT, capture_output=True, text=True,
                          env=e)


def test_output_independent_of_hash_seed_and_environment(tmp_path):
    outs = []
    envs = [{"PYTHONHASHSEED": "0"}, {"PYTHONHASHSEED": "1", "LC_ALL": "C", "TZ": "Asia/Tokyo"},
            {"PYTHONHASHSEED": "4242", "LANG": "de_DE.UTF-8", "TZ": "UTC"}]
    for i, env in enumerate(envs):
        out = tmp_path / f"gen{i}" / "gen"
        r = _cli(out, env=env)
        assert r.returncode == 0, r.stderr
        outs.append(read_all(out))
    # The output directory's name appears in build.mk, images.S and the .ld
    # paths; make them comparable.
    norm = [{k: v.replace(f"gen{i}".encode(), b"genX") for k, v in o.items()}
            for i, o in enumerate(outs)]
    assert norm[0] == norm[1] == norm[2]


def _hash(path) -> str:
    system, _ = validate.load_system(str(ROOT), str(path), "v")
    return canon.config_hash(system)


def test_config_hash_ignores_formatting(tmp_path):
    same = tmp_path / "same.yaml"
    same.write_text("""\
# The default system, written differently: flow style, other key order,
# other units, comments, defaults spelled out.
guests:
  - {memory: [{size: 0x100000, base: 16777216}], core: 1, level: HRT, name: motor,
     image: motor, devices: [{access: passthrough, name: cpu_private}], irqs: [29]}
  - name: sensor    # comment
    schedule: {deadline: 10000us, budget: 2000000ns, period: 10ms,
               limits: {max_budget: 2ms, min_period: 10ms}}
    image: sensor
    memory: [{size: 1M, guest: 0, base: 0x2000000}]
    core: 0
    level: SRT
    info: false
  - {name: logger, level: NRT, core: 0, image: logger, scatter: false,
     memory: [{guest: 0x0, size: 524288}]}
cores: [{quantum: 2000us, id: 0}, {id: 1, quantum: 10ms}]
build: {bench: false}
platform: zynq-7000
""")
    assert _hash(same) == _hash(ROOT / "system.yaml")
    changed = tmp_path / "changed.yaml"
    changed.write_text(same.read_text().replace("budget: 2000000ns", "budget: 1999999ns"))
    assert _hash(changed) != _hash(ROOT / "system.yaml")


def test_config_hash_covers_the_platform_and_build():
    system, _ = validate.load_system(str(ROOT), str(ROOT / "system.yaml"), "v")
    data = canon.normalise(system)
    assert data["platform"]["private_timer_hz"] == 100000000
    assert data["build"] == {"test_hypercalls": False, "bench": False}
    assert data["guests"][1]["schedule"]["period_ns"] == 10_000_000
    assert "system.yaml" not in canon.canonical_json(system)      # no paths, no lines


@pytest.mark.parametrize("module,package", [("jinja2", "python3-jinja2"), ("yaml", "python3-yaml"),
                                            ("jsonschema", "python3-jsonschema")])
def test_missing_dependency(module, package, tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / f"{module}.py").write_text(
        f"raise ModuleNotFoundError(\"No module named '{module}'\", name='{module}')\n")
    out = tmp_path / "out"
    r = _cli(out, env={"PYTHONPATH": str(fake)}, system="system.yaml")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == (f"generator: error[E121 setup]: the Python module '{module}' is "
                        f"missing: install {package} (make setup)\n")
    assert not out.exists()


def test_interrupted_generation_leaves_no_output(run, tmp_path, monkeypatch):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    before = read_all(out)
    calls = []

    def failing_open(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return open(path, *args, **kwargs)

    monkeypatch.setattr(emit, "open", failing_open, raising=False)
    with pytest.raises(KeyboardInterrupt):
        run(FULL, str(out))
    assert read_all(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["gen"]       # temporary removed


def test_disk_full_is_a_clean_error(run, tmp_path, monkeypatch):
    def full(path, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(emit, "open", full, raising=False)
    status, stdout, stderr = run("system.yaml", str(tmp_path / "gen"))
    assert (status, stdout) == (1, "")
    assert stderr == [f"{tmp_path}/gen: error[E120 output]: cannot write: No space left on device"]
    assert list(tmp_path.iterdir()) == []
