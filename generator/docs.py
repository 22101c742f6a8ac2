"""docs/checks.md: the reference of every rule, generated from rules.py.

For each rule: its id, name, severity and summary, the fixture that
triggers it (tests/generator/fixtures/<fixture>.yaml) and the diagnostics
the generator prints for that fixture, produced by running it here. The
tests check that the file is up to date:

    python3 -m generator --list-rules > docs/checks.md
"""
from __future__ import annotations

import os
import shutil
import tempfile

from . import rules
from .diag import ConfigError

FIXTURES = os.path.join("tests", "generator", "fixtures")


def fixture_args(root: str, name: str, out: str) -> dict:
    """How a fixture is run: its system file, overlays and output directory.

    fixtures/overlays/<name>.yaml, if present, is merged as an overlay; the
    fixture `output_file` is given itself as --out (a file, not a directory)."""
    path = os.path.normpath(os.path.join(root, FIXTURES, f"{name}.yaml"))
    overlay = os.path.normpath(os.path.join(root, FIXTURES, "overlays", f"{name}.yaml"))
    return {"system_path": path, "overlays": [overlay] if os.path.isfile(overlay) else [],
            "out": path if name == "output_file" else out}


def run_fixture(root: str, name: str) -> list[str]:
    """The diagnostics the generator prints for a fixture, one line each."""
    from .__main__ import generate
    tmp = tempfile.mkdtemp(prefix="checks-")
    try:
        args = fixture_args(root, name, os.path.join(tmp, "gen"))
        try:
            _, warnings = generate(root, args["system_path"], "default", args["out"],
                                   args["overlays"])
        except ConfigError as e:
            return "\n".join(str(d) for d in e.diagnostics).splitlines()
        return "\n".join(str(w) for w in warnings).splitlines()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _fixture_text(root: str, name: str) -> str:
    path = os.path.join(root, FIXTURES, f"{name}.yaml")
    if os.path.isdir(path):
        return f"({FIXTURES}/{name}.yaml is a directory)"
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    overlay = os.path.join(root, FIXTURES, "overlays", f"{name}.yaml")
    if os.path.isfile(overlay):
        with open(overlay, encoding="utf-8") as f:
            text += f"\n# overlay {FIXTURES}/overlays/{name}.yaml:\n" + f.read()
    return text.rstrip("\n")


def checks_md(root: str) -> str:
    out = ["# Checks of the generator",
           "",
           "Generated from `generator/rules.py` by `python3 -m generator --list-rules`;",
           "do not edit (the tests check that this file is up to date).",
           "",
           "Every diagnostic names its rule: `file:line:col: error[E052 memory-overlap]: ...`,",
           "followed by `  hint: ...` where a fix can be suggested. Errors stop the build;",
           "warnings (W) do not, unless the generator runs with `--werror`. Every error and",
           "warning of a run is printed, sorted by file, line and column. Rule ids never",
           "change meaning.",
           "",
           "| id | name | severity | summary |",
           "|---|---|---|---|"]
    for r in rules.ALL:
        out.append(f"| [{r.id}](#{r.id.lower()}-{r.name}) | {r.name} | {r.severity} | "
                   f"{r.summary} |")
    for r in rules.ALL:
        out += ["", f"## {r.id} {r.name}", "", f"{r.severity.capitalize()}. {r.summary}", ""]
        if not r.fixture:
            out.append(f"Not reachable from a system file; triggered by "
                       f"`{rules.TESTED_ELSEWHERE[r.id]}`.")
            continue
        out += [f"Fixture `{FIXTURES}/{r.fixture}.yaml`:", "", "```yaml",
                _fixture_text(root, r.fixture), "```", "", "Output:", "", "```"]
        out += run_fixture(root, r.fixture)
        out.append("```")
    return "\n".join(out) + "\n"
