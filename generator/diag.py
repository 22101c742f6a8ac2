"""Diagnostics: the one error class for user mistakes, rule ids, warnings.

A diagnostic reads like a compiler's, with the rule that produced it:

    system.yaml:42:7: error[E052 memory-overlap]: guest 'app' memory ... (system.yaml:31:7)
      hint: 0x03000000 is the first free 1 MB-aligned address with room for 1M

`file: error[...]` when there is no position. Every rule (rules.py) has a
stable id and name; `ConfigError` carries all diagnostics of a run (errors
and the warnings found before them), printed sorted by file, line, column.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING = "error", "warning"


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
class Rule:
    """A check: `id` is E<nnn> (error) or W<nnn> (warning), never reused."""

    id: str
    name: str
    summary: str = field(compare=False)
    fixture: str = field(compare=False)      # tests/generator/fixtures/<fixture>.yaml

    @property
    def severity(self) -> str:
        return WARNING if self.id.startswith("W") else ERROR


@dataclass(frozen=True, order=True)
class Diagnostic:
    loc: Loc
    message: str
    rule: Rule
    hint: str = ""
    severity: str = ""       # "" = the rule's own; --werror sets "error"

    @property
    def level(self) -> str:
        return self.severity or self.rule.severity

    def __str__(self) -> str:
        text = f"{self.loc}: {self.level}[{self.rule.id} {self.rule.name}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def is_error(d: Diagnostic) -> bool:
    return d.level == ERROR


class ConfigError(Exception):
    """One or more user mistakes in the inputs (plus any warnings found)."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        assert diagnostics, "ConfigError without a diagnostic"
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def fail(rule: Rule, loc: Loc, message: str, hint: str = "") -> ConfigError:
    """A ConfigError of one diagnostic, for `raise fail(...)`."""
    return ConfigError(Diagnostic(loc, message, rule, hint))


class Collector:
    """Gathers diagnostics so that every error and warning of a run is reported."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, rule: Rule, loc: Loc, message: str, hint: str = "") -> None:
        assert rule.severity == ERROR, rule
        self.items.append(Diagnostic(loc, message, rule, hint))

    def warn(self, rule: Rule, loc: Loc, message: str, hint: str = "") -> None:
        assert rule.severity == WARNING, rule
        self.items.append(Diagnostic(loc, message, rule, hint))

    def extend(self, err: ConfigError | list[Diagnostic]) -> None:
        self.items.extend(err.diagnostics if isinstance(err, ConfigError) else err)

    def has_errors(self) -> bool:
        return any(is_error(d) for d in self.items)

    def check(self) -> None:
        """Raise ConfigError (with the warnings too) if an error was collected."""
        if self.has_errors():
            raise ConfigError(self.items)

    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not is_error(d)]
