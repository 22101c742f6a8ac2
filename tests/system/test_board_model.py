"""Promela model of the boot hand-off (tests/models/boot_gate.pml), checked
with spin: core 1 always gets through the mailbox and the boot gate, and
each step of boot.c the model marks as needed really is (dropping it makes
spin find the hang). A minimal runner of this one model; a general runner
of tests/models/*.pml may run it too."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from qemu import ROOT

MODEL = ROOT / "tests" / "models" / "boot_gate.pml"


def verify(tmp_path, *defines: str) -> str:
    if not shutil.which("spin"):
        pytest.fail("spin is missing: run `make setup`")
    subprocess.run(["spin", *defines, "-a", str(MODEL)], cwd=tmp_path, check=True,
                   capture_output=True, timeout=60)
    subprocess.run(["gcc", "-O1", "-o", "pan", "pan.c"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=120)
    return subprocess.run(["./pan"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120).stdout


def test_core1_always_passes_the_gate(tmp_path):
    out = verify(tmp_path)
    assert "errors: 0" in out and "pan:1:" not in out, out


@pytest.mark.parametrize("missing", ["NO_CLEAN", "NO_L2_CLEAN", "NO_DSB"])
def test_each_step_is_needed(tmp_path, missing):
    out = verify(tmp_path, f"-D{missing}")
    assert "pan:1: invalid end state" in out and "errors: 1" in out, out
