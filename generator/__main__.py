"""Command line: python3 -m generator --root . --system system.yaml
--variant default --out build/default/gen

Exit status: 0 written, 1 errors in the inputs (diagnostics on stderr,
nothing written), 2 bad command line.
"""
from __future__ import annotations

import argparse
import os
import re
import sys

from . import allocate, emit, validate
from .diag import ConfigError, Diagnostic, Loc

_VARIANT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _variant(text: str) -> str:
    if not _VARIANT.match(text):
        raise argparse.ArgumentTypeError(f"invalid variant name {text!r} "
                                         "(letters, digits, '_', '.', '-')")
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python3 -m generator",
                                 description="Generate the monitor's configuration tables.")
    ap.add_argument("--root", default=".", help="project root (platforms/, schema/, templates/)")
    ap.add_argument("--system", required=True, help="the system description (system.yaml)")
    ap.add_argument("--variant", default="default", type=_variant, help="variant name")
    ap.add_argument("--out", required=True, help="output directory, replaced as a whole")
    return ap.parse_args(argv)


def generate(root: str, system_path: str, variant: str, out: str) -> str:
    """Run every layer; return a summary line. Raises ConfigError."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise ConfigError(Diagnostic(Loc(out), "--out exists and is not a directory"))
    system = validate.load_system(root, system_path, variant)
    layout = allocate.allocate(system)
    template_dir = os.path.join(root, "templates")
    inputs = list(system.inputs)
    inputs += [os.path.normpath(os.path.join(root, "schema", n))
               for n in ("system.schema.json", "platform.schema.json")]
    inputs += emit.template_paths(template_dir)
    files = emit.render(layout, template_dir, out, inputs)
    try:
        emit.write_atomically(out, files)
    except OSError as e:
        raise ConfigError(Diagnostic(Loc(out), f"cannot write: {e.strerror or e}")) from None
    return f"generated {len(files)} files in {out} ({len(system.guests)} guests)"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = generate(args.root, args.system, args.variant, args.out)
    except ConfigError as e:
        for d in e.diagnostics:
            print(d, file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
