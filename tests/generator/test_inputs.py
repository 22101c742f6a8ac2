"""Malformed and hostile files: a clean diagnostic with a rule id, exit 1,
nothing written, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

NRT = b"  - {name: a, level: NRT, core: 0, image: logger, memory: [{guest: 0, size: 4K}]}\n"

CASES = {
    # name: (file bytes, expected diagnostics after "<path>")
    "syntax": (b"platform: zynq-7000\nguests: [\n", ":3:1: error[E002 yaml-syntax]: expected the "
               "node content, but found '<stream end>' (while parsing a flow node at line 3)"),
    "bad_indent": (b"platform: zynq-7000\n  guests: 1\n", ":2:9: error[E002 yaml-syntax]: "
                   "mapping values are not allowed here"),
    "tab_indent": (b"platform: zynq-7000\nguests:\n\t- x\n", ":3:1: error[E002 yaml-syntax]: "
                   "found character '\\t' that cannot start any token"),
    "unknown_key": (b"platform: zynq-7000\nguests: []\nfoo: 1\n",
                    ":2:9: error[E013 bad-value]: 'guests' must have at least 1 entry\n"
                    "{path}:3:1: error[E010 unknown-key]: unknown key 'foo' in the system"),
    "wrong_type": (b"platform: 7\nguests: {}\n",
                   ":1:11: error[E012 wrong-type]: 'platform' must be a string, not 7\n"
                   "{path}:2:9: error[E012 wrong-type]: 'guests' must be a list, not a mapping"),
    "empty": (b"", ": error[E001 input-file]: file is empty"),
    "only_comment": (b"# nothing\n", ": error[E001 input-file]: file is empty"),
    "only_whitespace": (b"\n   \n\n", ": error[E001 input-file]: file is empty"),
    "not_mapping": (b"- a\n- b\n", ":1:1: error[E012 wrong-type]: the system must be a mapping, "
                    "not a list"),
    "scalar": (b"hello\n", ":1:1: error[E012 wrong-type]: the system must be a mapping, not "
               "'hello'"),
    "non_utf8": (b"platform: zynq-7000\nguests: \xff\n",
                 ":2:9: error[E001 input-file]: not valid UTF-8 (byte 0xff)"),
    "utf16": (b"\xff\xfep\x00l\x00", ":1:1: error[E001 input-file]: not valid UTF-8 (byte 0xff)"),
    "control_char": (b"platform: \x07\n", ":1:11: error[E002 yaml-syntax]: character U+0007 is "
                     "not allowed"),
    "nul_byte": (b"platform: zynq\x00\n", ":1:15: error[E002 yaml-syntax]: character U+0000 is "
                 "not allowed"),
    "duplicate_key": (b"platform: zynq-7000\nplatform: x\n",
                      ":2:1: error[E003 yaml-duplicate-key]: duplicate key 'platform' (first at "
                      "{path}:1:1)"),
    "non_string_key": (b"platform: zynq-7000\n1: x\n",
                       ":2:1: error[E004 yaml-key-type]: mapping keys must be strings, not 1"),
    "list_key": (b"platform: zynq-7000\n? [a]\n: x\n",
                 ":2:3: error[E004 yaml-key-type]: mapping keys must be strings, not a list"),
    "python_tag": (b"platform: !!python/object/apply:os.system [ls]\n",
                   ":1:11: error[E002 yaml-syntax]: could not determine a constructor for the tag "
                   "'tag:yaml.org,2002:python/object/apply:os.system'"),
    "recursive_alias": (b"a: &x [*x]\n", ":1:4: error[E002 yaml-syntax]: found unconstructable "
                        "recursive node"),
    "two_documents": (b"a: 1\n---\nb: 2\n", ":2:1: error[E002 yaml-syntax]: expected a single "
                      "document in the stream (line 1), but found another document"),
    "deep_flow": (b"[" * 3000, ": error[E005 yaml-too-large]: nesting too deep"),
    "deep_block": (b"".join(b"  " * i + b"k:\n" for i in range(1200)),
                   ": error[E005 yaml-too-large]: nesting too deep"),
    "huge_integer": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core: "
                     b"99999999999999999999999, image: logger, memory: [{guest: 0, size: 4K}]}\n",
                     ":3:33: error[E013 bad-value]: 'core' must be at most 255, not "
                     "99999999999999999999999"),
    "huge_address": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core: 0, "
                     b"image: logger, memory: [{guest: 0x1000000000, size: 4K}]}\n",
                     ":3:68: error[E013 bad-value]: 'guest' must be at most 0xffffffff, not "
                     "68719476736"),
    "digits_bomb": (b"platform: zynq-7000\nguests: " + b"9" * 5000 + b"\n",
                    ": error[E005 yaml-too-large]: a value is too large (Exceeds the limit "
                    "(4300 digits) for integer string conversion: value has 5000 digits; use "
                    "sys.set_int_max_str_digits() to increase the limit)"),
    "negative_size": (b"platform: zynq-7000\nguests:\n" + NRT.replace(b"4K", b"-4096"),
                      ":3:77: error[E013 bad-value]: 'size' must be at least 1, not -4096"),
    "float_core": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core: 1.0, "
                   b"image: logger, memory: [{guest: 0, size: 4K}]}\n",
                   ":3:33: error[E012 wrong-type]: 'core' must be an integer, not 1.0"),
    "bool_core": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core: true, "
                  b"image: logger, memory: [{guest: 0, size: 4K}]}\n",
                  ":3:33: error[E012 wrong-type]: 'core' must be an integer, not true"),
    "null_value": (b"platform: zynq-7000\nguests:\n  - {name: a, level: NRT, core:, "
                   b"image: logger, memory: [{guest: 0, size: 4K}]}\n",
                   ":3:32: error[E012 wrong-type]: 'core' must be an integer, not empty"),
    "string_list": (b"platform: zynq-7000\nguests: hello\n",
                    ":2:9: error[E012 wrong-type]: 'guests' must be a list, not 'hello'"),
    "long_name": (b"platform: zynq-7000\nguests:\n" + NRT.replace(b"name: a", b"name: " + b"a" * 40),
                  ":3:12: error[E012 wrong-type]: 'name' must be a lowercase identifier of at "
                  "most 16 characters ([a-z][a-z0-9_]*), not '" + "a" * 40 + "'"),
    "bad_time": (b"platform: zynq-7000\ncores: [{id: 0, quantum: 10 minutes}]\nguests:\n" + NRT,
                 ":2:26: error[E012 wrong-type]: 'quantum' must be a time such as 10ms, 250us, "
                 "500ns or 1s, not '10 minutes'"),
}


def _laughs() -> bytes:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


CASES["billion_laughs"] = (_laughs(), ": error[E005 yaml-too-large]: document too large (more "
                           "than 200000 nodes once aliases are expanded)")


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
    assert stderr == [f"{tmp_path}/nope.yaml: error[E001 input-file]: cannot read: No such file "
                      "or directory"]
    assert not (tmp_path / "out").exists()


def test_unreadable_file(run, tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text("platform: zynq-7000\n")
    path.chmod(0)
    # Root (as CI runs) reads a mode-0 file anyway: the refusal the kernel
    # would give anyone else is simulated for this one path.
    real_open = open

    def guarded_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    status, _, stderr = run(str(path), str(tmp_path / "out"))
    assert status == 1
    assert stderr == [f"{path}: error[E001 input-file]: cannot read: Permission denied"]


def test_directory_instead_of_file(run, tmp_path):
    status, _, stderr = run(str(tmp_path), str(tmp_path / "out"))
    assert status == 1
    assert stderr == [f"{tmp_path}: error[E001 input-file]: is a directory, not a file"]


def test_out_is_a_file(run, tmp_path):
    (tmp_path / "out").write_text("x")
    status, _, stderr = run("system.yaml", str(tmp_path / "out"))
    assert status == 1
    assert stderr == [f"{tmp_path}/out: error[E120 output]: --out exists and is not a directory"]


def test_bad_overlay_files(run, tmp_path):
    status, _, stderr = run("system.yaml", str(tmp_path / "out"),
                            overlays=[str(tmp_path / "missing.yaml")])
    assert status == 1
    assert stderr == [f"{tmp_path}/missing.yaml: error[E001 input-file]: cannot read: No such "
                      "file or directory"]
    lst = tmp_path / "list.yaml"
    lst.write_text("- a\n")
    status, _, stderr = run("system.yaml", str(tmp_path / "out"), overlays=[str(lst)])
    assert stderr == [f"{lst}:1:1: error[E110 overlay]: an overlay must be a mapping, not a list"]
    assert not (tmp_path / "out").exists()


def _cli(*args: str, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd,
                          capture_output=True, text=True, env=env)


def test_cli_exit_status(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xfe\xff{")
    r = _cli("--root", ".", "--system", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr == f"{bad}:1:1: error[E001 input-file]: not valid UTF-8 (byte 0xfe)\n"
    r = _cli("--root", ".", "--system", "system.yaml", "--variant", "default",
             "--out", str(tmp_path / "o"))
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("generated 13 files in")


@pytest.mark.parametrize("args", [
    ["--root", "."],                                               # no --system/--out
    ["--system", "system.yaml", "--out", "x", "--variant", "a b"],  # bad variant name
    ["--system", "system.yaml", "--out", "x", "--bogus"],
])
def test_cli_usage_errors(args):
    r = _cli(*args)
    assert r.returncode == 2 and "usage:" in r.stderr and "Traceback" not in r.stderr
