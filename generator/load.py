"""Load a YAML file into dicts and lists that remember where each node was.

`MarkedDict` and `MarkedList` are plain dict/list subclasses carrying the
location of the container itself (`loc`), of each key (`key_locs`) and of each
value or item (`value_locs`, `item_locs`). Scalars stay plain Python values.
Every problem of the file (unreadable, not UTF-8, YAML syntax, duplicate or
non-string keys, recursive aliases) becomes a ConfigError, never a traceback.
"""
from __future__ import annotations

from typing import Any

import yaml

from .diag import Collector, ConfigError, Diagnostic, Loc

# Expanded-size limit: aliases may share nodes, and a "billion laughs"
# document must not make the schema check run forever.
MAX_NODES = 200_000


class MarkedDict(dict):
    """A YAML mapping with the location of itself, its keys and its values."""

    loc: Loc
    key_locs: dict[str, Loc]
    value_locs: dict[str, Loc]

    def kloc(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)

    def vloc(self, key: str) -> Loc:
        return self.value_locs.get(key, self.loc)


class MarkedList(list):
    """A YAML sequence with the location of itself and of each item."""

    loc: Loc
    item_locs: list[Loc]

    def iloc(self, index: int) -> Loc:
        return self.item_locs[index] if index < len(self.item_locs) else self.loc


class _Loader(yaml.SafeLoader):
    def __init__(self, text: str, filename: str) -> None:
        super().__init__(text)
        self.filename = filename
        self.collector = Collector()

    def loc(self, mark: yaml.Mark) -> Loc:
        return Loc(self.filename, mark.line + 1, mark.column + 1)


def _describe_key(key: Any) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, (list, dict)):
        return "a list" if isinstance(key, list) else "a mapping"
    return repr(key) if isinstance(key, str) else str(key)


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    data = MarkedDict()
    data.loc = loader.loc(node.start_mark)
    data.key_locs = {}
    data.value_locs = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        kloc = loader.loc(key_node.start_mark)
        if not isinstance(key, str):
            loader.collector.error(
                kloc, f"mapping keys must be strings, not {_describe_key(key)}")
            continue
        if key in data:
            loader.collector.error(
                kloc, f"duplicate key '{key}' (first at {data.key_locs[key]})")
            continue
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_locs[key] = kloc
        data.value_locs[key] = loader.loc(value_node.start_mark)


def _construct_seq(loader: _Loader, node: yaml.SequenceNode):
    data = MarkedList()
    data.loc = loader.loc(node.start_mark)
    data.item_locs = []
    yield data
    for child in node.value:
        data.append(loader.construct_object(child, deep=True))
        data.item_locs.append(loader.loc(child.start_mark))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _check_shape(doc: Any, filename: str) -> None:
    """Refuse recursive aliases and documents that explode when expanded."""
    count = 0
    stack: list[tuple[Any, frozenset[int]]] = [(doc, frozenset())]
    while stack:
        node, ancestors = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ConfigError(Diagnostic(
                Loc(filename), f"document too large (more than {MAX_NODES} "
                "nodes once aliases are expanded)"))
        if isinstance(node, (dict, list)):
            if id(node) in ancestors:
                raise ConfigError(Diagnostic(
                    node.loc, "recursive alias: a node contains itself"))
            inner = ancestors | {id(node)}
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, inner) for child in children)


def read_text(path: str) -> str:
    """Read a UTF-8 file, or raise ConfigError saying why it cannot be."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise ConfigError(Diagnostic(Loc(path), "is a directory, not a file")) from None
    except OSError as e:
        raise ConfigError(Diagnostic(
            Loc(path), f"cannot read: {e.strerror or e}")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ConfigError(Diagnostic(
            Loc(path, line, col),
            f"not valid UTF-8 (byte 0x{data[e.start]:02x})")) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: str) -> MarkedDict | Any:
    """Parse the YAML file at `path`; the result is None only if it raises."""
    text = read_text(path)
    loader = None
    try:
        loader = _Loader(text, path)
        doc = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = e.problem or e.context or "invalid YAML"
        if e.context and e.problem and e.context_mark:
            if e.context.startswith("while "):
                msg = f"{msg} ({e.context} at line {e.context_mark.line + 1})"
            else:
                msg = f"{e.context} (line {e.context_mark.line + 1}), {e.problem}"
        loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path)
        raise ConfigError(Diagnostic(loc, f"YAML syntax: {msg}")) from None
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        raise ConfigError(Diagnostic(
            Loc(path, line, col),
            f"YAML syntax: character U+{e.character:04X} is not allowed" if isinstance(e.character, int) else f"YAML syntax: {e.reason}")) from None
    except yaml.YAMLError as e:
        raise ConfigError(Diagnostic(Loc(path), f"YAML syntax: {e}")) from None
    except RecursionError:
        raise ConfigError(Diagnostic(Loc(path), "nesting too deep")) from None
    finally:
        if loader is not None:
            loader.dispose()
    loader.collector.check()
    if doc is None:
        raise ConfigError(Diagnostic(Loc(path), "file is empty"))
    _check_shape(doc, path)
    return doc
