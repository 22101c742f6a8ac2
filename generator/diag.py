"""Diagnostics: the one error class for user mistakes.

A diagnostic reads like a compiler's: `file:line:col: error: message`, or
`file: error: message` when there is no position. `ConfigError` carries all
diagnostics of a run; they are printed sorted by (file, line, column).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Loc:
    """A position in an input file; line and col are 1-based, 0 = unknown."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: error: {self.message}"


class ConfigError(Exception):
    """One or more user mistakes in the inputs."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        assert diagnostics, "ConfigError without a diagnostic"
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Collector:
    """Gathers diagnostics so that every error of a run is reported."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, loc: Loc, message: str) -> None:
        self.items.append(Diagnostic(loc, message))

    def extend(self, err: ConfigError) -> None:
        self.items.extend(err.diagnostics)

    def check(self) -> None:
        """Raise ConfigError if anything was collected."""
        if self.items:
            raise ConfigError(self.items)
