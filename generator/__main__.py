"""Command line:

    python3 -m generator --root . --system system.yaml [--overlay variants/x.yaml]
                         --variant default --out build/default/gen [--werror]
    python3 -m generator --list-rules          # docs/checks.md, from rules.py

Exit status: 0 written (warnings may have been printed), 1 errors in the
inputs (diagnostics on stderr, nothing written), 2 bad command line,
3 internal error (the generated tables failed their own check: a bug).
"""
from __future__ import annotations

import argparse
import os
import re
import sys

_VARIANT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_MODULES = {"yaml": "python3-yaml", "jinja2": "python3-jinja2",
            "jsonschema": "python3-jsonschema"}


def _variant(text: str) -> str:
    if not _VARIANT.match(text):
        raise argparse.ArgumentTypeError(f"invalid variant name {text!r} "
                                         "(letters, digits, '_', '.', '-')")
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python3 -m generator",
                                 description="Generate the monitor's configuration tables.")
    ap.add_argument("--root", default=".", help="project root (platforms/, schema/, templates/)")
    ap.add_argument("--system", help="the system description (system.yaml)")
    ap.add_argument("--overlay", action="append", default=[],
                    help="a variant overlay merged onto the system (docs/variants.md); repeatable")
    ap.add_argument("--variant", default="default", type=_variant, help="variant name")
    ap.add_argument("--out", help="output directory, replaced as a whole")
    ap.add_argument("--werror", action="store_true", help="treat warnings as errors")
    ap.add_argument("--list-rules", action="store_true",
                    help="print the reference of every check (docs/checks.md) and exit")
    args = ap.parse_args(argv)
    if not args.list_rules and (not args.system or not args.out):
        ap.error("--system and --out are required")
    return args


class InternalError(Exception):
    """The generator contradicts itself (a bug, not a user mistake)."""


def generate(root: str, system_path: str, variant: str, out: str,
             overlays: list[str] | None = None, werror: bool = False):
    """Run every layer and write `out`. Returns (summary line, warnings).
    Raises ConfigError (user mistakes) or InternalError (a bug)."""
    from . import allocate, emit, rules, validate, verify
    from .diag import ConfigError, Diagnostic, Loc, fail

    if os.path.exists(out) and not os.path.isdir(out):
        raise fail(rules.OUTPUT, Loc(out), "--out exists and is not a directory")
    system, warnings = validate.load_system(root, system_path, variant, overlays)
    if werror and warnings:
        raise ConfigError([Diagnostic(w.loc, w.message, w.rule, w.hint, "error")
                           for w in warnings])
    try:
        layout = allocate.allocate(system)
    except ConfigError as e:
        raise ConfigError(e.diagnostics + warnings) from None
    template_dir = os.path.join(root, "templates")
    inputs = list(system.inputs)
    inputs += [os.path.normpath(os.path.join(root, "schema", n))
               for n in ("system.schema.json", "platform.schema.json")]
    inputs += emit.template_paths(template_dir)
    files = emit.render(layout, template_dir, out, inputs)
    problems = verify.check_output(layout, files["config_gen.c"])
    if problems:
        raise InternalError("the generated translation tables disagree with the model:\n  "
                            + "\n  ".join(problems[:20]))
    try:
        emit.write_atomically(out, files)
    except OSError as e:
        raise ConfigError([Diagnostic(Loc(out), f"cannot write: {e.strerror or e}", rules.OUTPUT)]
                          + warnings) from None
    summary = (f"generated {len(files)} files in {out} ({len(system.guests)} guests, "
               f"configuration {layout.config_hash})\n" + emit.timing_summary(layout))
    return summary, warnings


def _missing_module(e: ModuleNotFoundError) -> int:
    name = (e.name or "").split(".")[0]
    pkg = _MODULES.get(name, f"python3-{name}")
    print(f"generator: error[E121 setup]: the Python module '{name}' is missing: install "
          f"{pkg} (make setup)", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        from .diag import ConfigError
        if args.list_rules:
            from . import docs
            sys.stdout.write(docs.checks_md(args.root))
            return 0
        summary, warnings = generate(args.root, args.system, args.variant, args.out,
                                     args.overlay, args.werror)
    except ModuleNotFoundError as e:
        return _missing_module(e)
    except ConfigError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        return 1
    except InternalError as e:
        print(f"generator: internal error: {e}", file=sys.stderr)
        return 3
    for w in warnings:
        print(w, file=sys.stderr)
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
