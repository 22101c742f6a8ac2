"""JSON Schema validation with messages about the user's own words.

jsonschema's messages speak of instances and properties; these are rewritten
into `unknown key 'foo' in guest 'sensor'`, `'core' must be an integer, not
'abc'`, ... each at the line and column of the offending key or value.
"""
from __future__ import annotations

import difflib
import json
import os
from typing import Any

import jsonschema
from jsonschema import validators

from . import rules
from .diag import ConfigError, Diagnostic, Loc, fail
from .load import MarkedDict, MarkedList, read_text

# How a titled schema definition is named in "must be ..." messages.
_PHRASES = {
    "size": "a size such as 4096, 0x1000, 4K, 512K, 1M or 1G",
    "time": "a time such as 10ms, 250us, 500ns or 1s",
    "address": "a 32-bit address (an integer such as 0x01000000)",
    "identifier": "a lowercase identifier of at most 16 characters ([a-z][a-z0-9_]*)",
    "device name": "a device name",
}
_TYPES = {
    "integer": "an integer", "string": "a string", "boolean": "true or false",
    "array": "a list", "object": "a mapping", "number": "a number",
    "null": "empty",
}


def _is_int(_checker: Any, value: Any) -> bool:
    # YAML `1.0` is a float: an integer field must be written as an integer.
    return isinstance(value, int) and not isinstance(value, bool)


_Validator = validators.extend(
    jsonschema.Draft7Validator,
    type_checker=jsonschema.Draft7Validator.TYPE_CHECKER.redefine("integer", _is_int),
)


def load_schema(path: str) -> dict:
    """Read a JSON Schema file of the project (a setup error if broken)."""
    try:
        st = os.stat(path)
        key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _SCHEMAS:
        return _SCHEMAS[key]
    schema = _load_schema(path)
    if key is not None:
        _SCHEMAS[key] = schema
    return schema


# Checked schemas by (path, mtime, size): checking a schema costs more than
# using it. A cache of immutable inputs, not configuration state.
_SCHEMAS: dict[tuple, dict] = {}


def _load_schema(path: str) -> dict:
    text = read_text(path)
    try:
        schema = json.loads(text)
        _Validator.check_schema(schema)
    except (ValueError, jsonschema.SchemaError) as e:
        raise fail(rules.SETUP, Loc(path), f"broken schema: {e}") from None
    return schema


def show(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _node_loc(doc: Any, path: list) -> Loc:
    node, loc = doc, getattr(doc, "loc", None)
    for step in path:
        if isinstance(node, MarkedDict):
            loc = node.vloc(step)
        elif isinstance(node, MarkedList):
            loc = node.iloc(step)
        node = node[step]
    assert loc is not None
    return loc


def _label(doc: Any, key: str, index: int, what: str) -> str:
    entry = doc[key][index]
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"{what} '{name}'" if isinstance(name, str) else f"{what} {index + 1}"


_PARTS = {"memory": "memory region", "devices": "device", "io": "io window",
          "proxied": "proxied device"}


def describe(doc: Any, path: list, kind: str) -> str:
    """Name the mapping at `path` the way a user thinks of it."""
    if not path:
        return f"the {kind}"
    if kind == "system" and len(path) >= 2 and path[0] in ("guests", "channels"):
        owner = _label(doc, path[0], path[1], "guest" if path[0] == "guests" else "channel")
        rest = path[2:]
        if not rest:
            return owner
        if len(rest) == 2 and rest[0] in _PARTS:
            return f"{_PARTS[rest[0]]} {rest[1] + 1} of {owner}"
        if rest == ["schedule"]:
            return f"the schedule of {owner}"
        if rest == ["schedule", "limits"]:
            return f"the schedule limits of {owner}"
        if rest == ["vuart"]:
            return f"the vuart of {owner}"
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return f"'{text}'"


def _name(path: list, kind: str) -> str:
    """The key (or key[index]) whose value is wrong."""
    if not path:
        return f"the {kind} file's top level"
    if isinstance(path[-1], int):
        key = next((s for s in reversed(path) if isinstance(s, str)), "")
        return f"'{key}[{path[-1]}]'"
    return f"'{path[-1]}'"


def _entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def _messages(err: jsonschema.ValidationError, doc: Any, kind: str) -> list[Diagnostic]:
    path = list(err.absolute_path)
    loc = _node_loc(doc, path)
    name = _name(path, kind)
    value = err.instance
    schema = err.schema if isinstance(err.schema, dict) else {}
    phrase = _PHRASES.get(schema.get("title", ""))
    v = err.validator
    V = rules.SCHEMA_VALUE
    if v == "additionalProperties":
        known = list(schema.get("properties", {}))
        out = []
        for key in value:
            if key in known:
                continue
            msg = f"unknown key '{key}' in {describe(doc, path, kind)}"
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                msg += f" (did you mean '{close[0]}'?)"
            out.append(Diagnostic(value.kloc(key), msg, rules.SCHEMA_UNKNOWN_KEY))
        return out
    if v == "required":
        return [Diagnostic(loc, f"{describe(doc, path, kind)} is missing required key '{key}'",
                           rules.SCHEMA_MISSING_KEY)
                for key in err.validator_value if key not in value]
    if phrase and v in ("type", "pattern", "maxLength"):
        return [Diagnostic(loc, f"{name} must be {phrase}, not {show(value)}", rules.SCHEMA_TYPE)]
    if v == "type":
        types = err.validator_value
        types = [types] if isinstance(types, str) else types
        want = " or ".join(_TYPES.get(t, t) for t in types)
        return [Diagnostic(loc, f"{name} must be {want}, not {show(value)}", rules.SCHEMA_TYPE)]
    if v == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return [Diagnostic(loc, f"{name} must be one of {choices}, not {show(value)}", V)]
    if v == "minimum":
        return [Diagnostic(loc, f"{name} must be at least {err.validator_value}, not {show(value)}", V)]
    if v == "maximum":
        limit = err.validator_value
        shown = hex(limit) if limit > 0xffff else str(limit)
        return [Diagnostic(loc, f"{name} must be at most {shown}, not {show(value)}", V)]
    if v == "minItems":
        return [Diagnostic(loc, f"{name} must have at least {_entries(err.validator_value)}", V)]
    if v == "maxItems":
        return [Diagnostic(loc, f"{name} must have at most {_entries(err.validator_value)}, "
                                f"not {len(value)}", V)]
    if v == "pattern":
        return [Diagnostic(loc, f"{name} must match {err.validator_value}, not {show(value)}", V)]
    if v == "maxLength":
        return [Diagnostic(loc, f"{name} must be at most {err.validator_value} characters long",
                           V)]
    return [Diagnostic(loc, f"{name}: {err.message}", V)]


def check(doc: Any, schema: dict, kind: str) -> None:
    """Validate `doc` (from load_yaml) against `schema`; raise every error."""
    validator = _Validator(schema)
    diags: list[Diagnostic] = []
    for err in validator.iter_errors(doc):
        diags.extend(_messages(err, doc, kind))
    if diags:
        raise ConfigError(diags)
