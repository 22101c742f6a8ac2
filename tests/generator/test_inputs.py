"""Malformed and hostile files: a clean diagnostic, exit 1, nothing written."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

CASES = {
    # name: (file bytes, expected diagnostic after "<path>")
    "syntax": (b"platform: zynq-7000\nguests: [\n", ":3:1: error: YAML syntax: expected the node "
               "content, but found '<stream end>' (while parsing a flow node at line 3)"),
    "bad_indent": (b"platform: zynq-7000\n  guests: 1\n", ":2:9: error: YAML syntax: mapping "
                   "values are not allowed here"),
    "unknown_key": (b"platform: zynq-7000\nguests: []\nfoo: 1\n",
                    ":2:9: error: 'guests' must have at least 1 entry\n"
                    "{path}:3:1: error: unknown key 'foo' in the system"),
    "wrong_type": (b"platform: 7\nguests: {}\n", ":1:11: error: 'platform' must be a string, not 7\n"
                   "{path}:2:9: error: 'guests' must be a list, not a mapping"),
    "empty": (b"", ": error: file is empty"),
    "only_comment": (b"# nothing\n", ": error: file is empty"),
    "not_mapping": (b"- a\n- b\n", ":1:1: error: the system must be a mapping, not a list"),
    "scalar": (b"hello\n", ":1:1: error: the system must be a mapping, not 'hello'"),
    "non_utf8": (b"platform: zynq-7000\nguests: \xff\n",
                 ":2:9: error: not valid UTF-8 (byte 0xff)"),
    "control_char": (b"platform: \x07\n", ":1:11: error: YAML syntax: character U+0007 is not allowed"),
    "duplicate_key": (b"platform: zynq-7000\nplatform: x\n",
                      ":2:1: error: duplicate key 'platform' (first at {path}:1:1)"),
    "non_string_key": (b"platform: zynq-7000\n1: x\n",
                       ":2:1: error: mapping keys must be strings, not 1"),
    "python_tag": (b"platform: !!python/object/apply:os.system [ls]\n",
                   ":1:11: error: YAML syntax: could not determine a constructor for the tag "
                   "'tag:yaml.org,2002:python/object/apply:os.system'"),
    "recursive_alias": (b"a: &x [*x]\n", ":1:4: error: YAML syntax: found unconstructable "
                        "recursive node"),
    "two_documents": (b"a: 1\n---\nb: 2\n", ":2:1: error: YAML syntax: expected a single "
                      "document in the stream (line 1), but found another document"),
    "deep": (b"[" * 3000, ": error: nesting too deep"),
    "float_core": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core: 1.0, "
                   b"image: logger, memory: [{guest: 0, size: 4K}]}\n",
                   ":3:33: error: 'core' must be an integer, not 1.0"),
    "null_value": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core:, "
                   b"image: logger, memory: [{guest: 0, size: 4K}]}\n",
                   ":3:32: error: 'core' must be an integer, not empty"),
}


def _laughs() -> bytes:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


CASES["billion_laughs"] = (_laughs(), ": error: document too large (more than 200000 nodes "
                           "once aliases are expanded)")


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file(name, run, tmp_path):
    data, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep").write_text("old")
    status, stdout, stderr = run(str(path), str(out))
    assert "\n".join(stderr) == str(path) + expected.format(path=path)
    assert (status, stdout) == (1, "")
    assert [p.name for p in out.iterdir()] == ["keep"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "out"])


def test_missing_file(run, tmp_path):
    status, _, stderr = run(str(tmp_path / "nope.yaml"), str(tmp_path / "out"))
    assert status == 1
    assert stderr == [f"{tmp_path}/nope.yaml: error: cannot read: No such file or directory"]
    assert not (tmp_path / "out").exists()


def test_directory_instead_of_file(run, tmp_path):
    status, _, stderr = run(str(tmp_path), str(tmp_path / "out"))
    assert status == 1
    assert stderr == [f"{tmp_path}: error: is a directory, not a file"]


def test_out_is_a_file(run, tmp_path):
    (tmp_path / "out").write_text("x")
    status, _, stderr = run("system.yaml", str(tmp_path / "out"))
    assert status == 1
    assert stderr == [f"{tmp_path}/out: error: --out exists and is not a directory"]


def _cli(*args: str, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_cli_exit_status(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xfe\xff{")
    r = _cli("--root", ".", "--system", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr == f"{bad}:1:1: error: not valid UTF-8 (byte 0xfe)\n"
    r = _cli("--root", ".", "--system", "system.yaml", "--variant", "default",
             "--out", str(tmp_path / "o"))
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("generated 8 files in")


@pytest.mark.parametrize("args", [
    ["--root", "."],                                               # no --system/--out
    ["--system", "system.yaml", "--out", "x", "--variant", "a b"],  # bad variant name
    ["--system", "system.yaml", "--out", "x", "--bogus"],
])
def test_cli_usage_errors(args):
    r = _cli(*args)
    assert r.returncode == 2 and "usage:" in r.stderr and "Traceback" not in r.stderr
