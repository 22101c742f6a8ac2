"""Exhaustive checks of the cross-core protocols' Promela models with
Debian's spin: every tests/models/*.pml must verify with no error (safety:
assertions, invalid end states, array bounds), and a model that keeps the
protocol before its fix under `#ifdef OLD_PROTOCOL` must fail with it, so
each model is shown to find the bug it is about."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
MODELS = sorted(HERE.glob("*.pml"))
DEPTH = "-m1000000"


def verify(model: Path, tmp: Path, defines: list[str]) -> str:
    """spin -a, gcc pan.c, ./pan: returns pan's report."""
    work = tmp / (model.stem + "".join(d.replace("-D", "_") for d in defines))
    work.mkdir()
    shutil.copy(model, work / model.name)
    subprocess.run(["spin", *defines, "-a", model.name], cwd=work, check=True,
                   capture_output=True, text=True, timeout=120)
    subprocess.run(["gcc", "-DSAFETY", "-o", "pan", "pan.c"], cwd=work,
                   check=True, capture_output=True, text=True, timeout=300)
    run = subprocess.run(["./pan", DEPTH], cwd=work, capture_output=True, text=True,
                         timeout=600)
    return run.stdout + run.stderr


def errors(report: str) -> int:
    m = re.search(r"errors: (\d+)", report)
    assert m, report
    return int(m.group(1))


def complete(report: str) -> bool:
    """The search covered every state (no depth or memory limit hit)."""
    return "max search depth too small" not in report and "out of memory" not in report


@pytest.mark.parametrize("model", MODELS, ids=[m.stem for m in MODELS])
def test_model_verifies(model, tmp_path):
    if shutil.which("spin") is None:
        pytest.fail("spin is not installed: run scripts/setup-host.sh")
    report = verify(model, tmp_path, [])
    assert errors(report) == 0, report
    assert complete(report), report


OLD = [m for m in MODELS if "OLD_PROTOCOL" in m.read_text()]


@pytest.mark.parametrize("model", OLD, ids=[m.stem for m in OLD])
def test_model_finds_the_old_protocols_bug(model, tmp_path):
    report = verify(model, tmp_path, ["-DOLD_PROTOCOL"])
    assert errors(report) > 0, report
