"""Shared helpers of the generator tests: run the CLI in-process."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.__main__ import main  # noqa: E402


def pytest_sessionstart(session):
    """The prebuilt-ELF fixtures are made by fixtures/elf/make_elfs.py, not
    committed: write them before any test reads them."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_elfs", FIXTURES / "elf" / "make_elfs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.main()


@pytest.fixture
def run(capsys, monkeypatch):
    """run(system, out, root='.', variant='default', overlays=(), extra=()) ->
    (status, stdout, stderr lines).

    Runs from the project root so paths in diagnostics are relative."""
    monkeypatch.chdir(ROOT)

    def _run(system: str, out: str, root: str = ".", variant: str = "default",
             overlays=(), extra=()):
        argv = ["--root", root, "--system", system, "--variant", variant, "--out", out]
        for o in overlays:
            argv += ["--overlay", o]
        status = main(argv + list(extra))
        captured = capsys.readouterr()
        return status, captured.out, captured.err.splitlines()
    return _run


def make_root(tmp_path: Path, platform_name: str, platform_text: str) -> Path:
    """A project root with the real schema/templates/guests and one platform."""
    root = tmp_path / "root"
    (root / "platforms").mkdir(parents=True)
    for name in ("schema", "templates", "guests"):
        os.symlink(ROOT / name, root / name)
    (root / "platforms" / f"{platform_name}.yaml").write_text(platform_text)
    return root
