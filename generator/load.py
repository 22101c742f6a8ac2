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

from . import rules
from .diag import Collector, Loc, fail

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
    """The pure-Python loader: slow, but its error messages are the reference."""

    def __init__(self, text: str, filename: str) -> None:
        super().__init__(text)
        self.filename = filename
        self.collector = Collector()

    def loc(self, mark: yaml.Mark) -> Loc:
        return Loc(self.filename, mark.line + 1, mark.column + 1)


# libyaml parses about ten times faster; a file it refuses is parsed again by
# _Loader, so every message stays the same whichever is installed.
_FastBase = getattr(yaml, "CSafeLoader", None)
if _FastBase is not None:
    class _FastLoader(_FastBase):   # type: ignore[valid-type, misc]
        def __init__(self, text: str, filename: str) -> None:
            super().__init__(text)
            self.filename = filename
            self.collector = Collector()

        loc = _Loader.loc


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
                rules.YAML_KEY_TYPE, kloc,
                f"mapping keys must be strings, not {_describe_key(key)}")
            continue
        if key in data:
            loader.collector.error(
                rules.YAML_DUPLICATE_KEY, kloc,
                f"duplicate key '{key}' (first at {data.key_locs[key]})")
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


for _cls in (_Loader,) + ((_FastLoader,) if _FastBase is not None else ()):
    _cls.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _cls.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


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
            raise fail(rules.YAML_TOO_LARGE, Loc(filename),
                       f"document too large (more than {MAX_NODES} nodes once aliases "
                       "are expanded)")
        if isinstance(node, (dict, list)):
            if id(node) in ancestors:
                raise fail(rules.YAML_TOO_LARGE, node.loc,
                           "recursive alias: a node contains itself")
            inner = ancestors | {id(node)}
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, inner) for child in children)


def read_text(path: str) -> str:
    """Read a UTF-8 file, or raise ConfigError saying why it cannot be."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise fail(rules.INPUT_FILE, Loc(path), "is a directory, not a file") from None
    except OSError as e:
        raise fail(rules.INPUT_FILE, Loc(path), f"cannot read: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise fail(rules.INPUT_FILE, Loc(path, line, col),
                   f"not valid UTF-8 (byte 0x{data[e.start]:02x})") from None
    return text.removeprefix("\ufeff")


def _fast(text: str, path: str):
    """(document, loader) from libyaml, or None if it is absent or refuses the file."""
    if _FastBase is None:
        return None
    loader = _FastLoader(text, path)
    try:
        return loader.get_single_data(), loader
    except (yaml.YAMLError, ValueError):
        return None
    finally:
        loader.dispose()


def load_yaml(path: str) -> MarkedDict | Any:
    """Parse the YAML file at `path`; the result is None only if it raises."""
    text = read_text(path)
    try:
        fast = _fast(text, path)
    except RecursionError:
        raise fail(rules.YAML_TOO_LARGE, Loc(path), "nesting too deep") from None
    if fast is not None:
        doc, loader = fast
        loader.collector.check()
        if doc is None:
            raise fail(rules.INPUT_FILE, Loc(path), "file is empty")
        _check_shape(doc, path)
        return doc
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
        raise fail(rules.YAML_SYNTAX, loc, msg) from None
    except yaml.reader.ReaderError as e:
        line, col = _line_col(text, e.position)
        msg = (f"character U+{e.character:04X} is not allowed"
               if isinstance(e.character, int) else str(e.reason))
        raise fail(rules.YAML_SYNTAX, Loc(path, line, col), msg) from None
    except yaml.YAMLError as e:
        raise fail(rules.YAML_SYNTAX, Loc(path), str(e)) from None
    except RecursionError:
        raise fail(rules.YAML_TOO_LARGE, Loc(path), "nesting too deep") from None
    except ValueError as e:
        # Python refuses to convert integers of more than 4300 digits.
        raise fail(rules.YAML_TOO_LARGE, Loc(path), f"a value is too large ({e})") from None
    finally:
        if loader is not None:
            loader.dispose()
    loader.collector.check()
    if doc is None:
        raise fail(rules.INPUT_FILE, Loc(path), "file is empty")
    _check_shape(doc, path)
    return doc
