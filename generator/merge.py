"""Variant overlays: merge variants/<name>.yaml onto the base system.

The rules (docs/variants.md):

1. Mappings merge key by key, recursively. A key only in the base stays, a
   key only in the overlay is added, a key in both takes the overlay's value
   (merged again if both values are mappings or keyed lists).
2. A key set to null (`key: ~` or `key:`) in the overlay deletes it.
3. Keyed lists merge entry by entry: `guests`, `channels` and a guest's
   `devices`, `io` and `proxied` by `name`; `cores` by `id`. An overlay
   entry whose key matches a base entry is merged into it (rule 1); an entry
   with `remove: true` deletes the matching entry; any other entry is
   appended, in overlay order. Base order is kept.
4. Every other list (`memory`, `irqs`, ...) and every scalar is replaced.

Nodes keep the location of the file that set them, so diagnostics and the
report name the base or the overlay line (a merged mapping is located in
the overlay if the overlay replaced all of its keys, else in the base). The merged tree is then checked
exactly like a single file.
"""
from __future__ import annotations

from typing import Any

from . import rules
from .diag import Collector, Loc
from .load import MarkedDict, MarkedList

# Path patterns of keyed lists: the key that identifies an entry.
_KEYED = {("guests",): "name", ("channels",): "name", ("cores",): "id",
          ("guests", "*", "devices"): "name", ("guests", "*", "io"): "name",
          ("guests", "*", "proxied"): "name"}


def _key_of(path: tuple) -> str | None:
    return _KEYED.get(tuple("*" if isinstance(p, int) else p for p in path))


def _dict(loc: Loc) -> MarkedDict:
    d = MarkedDict()
    d.loc, d.key_locs, d.value_locs = loc, {}, {}
    return d


def _list(loc: Loc) -> MarkedList:
    lst = MarkedList()
    lst.loc, lst.item_locs = loc, []
    return lst


def _merge_map(base: MarkedDict, over: MarkedDict, path: tuple, errors: Collector) -> MarkedDict:
    # The merged mapping is located where its content comes from: the
    # overlay if it replaces every key of the base mapping, else the base.
    out = _dict(over.loc if set(base) <= set(over) else base.loc)
    for key, value in base.items():
        out[key] = value
        out.key_locs[key], out.value_locs[key] = base.kloc(key), base.vloc(key)
    for key, value in over.items():
        if value is None:
            if key in out:
                del out[key]
                del out.key_locs[key], out.value_locs[key]
            continue
        if key in out:
            value = _merge_value(out[key], value, path + (key,), errors)
        out[key] = value
        out.key_locs[key], out.value_locs[key] = over.kloc(key), over.vloc(key)
    return out


def _merge_value(base: Any, over: Any, path: tuple, errors: Collector) -> Any:
    if isinstance(base, MarkedDict) and isinstance(over, MarkedDict):
        return _merge_map(base, over, path, errors)
    key = _key_of(path)
    if key and isinstance(base, MarkedList) and isinstance(over, MarkedList):
        return _merge_keyed(base, over, path, key, errors)
    return over


def _merge_keyed(base: MarkedList, over: MarkedList, path: tuple, key: str,
                 errors: Collector) -> MarkedList:
    entries = list(zip(base, base.item_locs))
    where = ".".join(str(p) for p in path)
    for i, entry in enumerate(over):
        loc = over.iloc(i)
        if not isinstance(entry, MarkedDict) or not isinstance(entry.get(key), (str, int)):
            errors.error(rules.OVERLAY, loc, f"overlay entry {i + 1} of '{where}' has no '{key}': "
                                             f"it cannot be merged")
            continue
        name = entry[key]
        found = next((j for j, (e, _) in enumerate(entries)
                      if isinstance(e, dict) and e.get(key) == name), None)
        if entry.get("remove") is True:
            if found is None:
                errors.error(rules.OVERLAY, entry.kloc("remove"),
                             f"overlay removes '{where}' entry {key} {name!r}, which the base "
                             f"system does not have")
            else:
                del entries[found]
            continue
        if found is None:
            entries.append((entry, loc))
        else:
            base_entry, base_loc = entries[found]
            merged = (_merge_map(base_entry, entry, path + (found,), errors)
                      if isinstance(base_entry, MarkedDict) else entry)
            entries[found] = (merged, base_loc)
    out = _list(base.loc)
    for entry, loc in entries:
        out.append(entry)
        out.item_locs.append(loc)
    return out


def merge(base: MarkedDict, overlay: MarkedDict, errors: Collector) -> MarkedDict:
    """The base system with `overlay` applied; merge errors go to `errors`."""
    return _merge_map(base, overlay, (), errors)
