"""Entity checks of how a guest's image is made: its sources (`image` and
`build`) or a prebuilt ELF (`elf`), and its float ABI. A mixin of
validate._Builder, like validate_io.

Build options live in system.yaml, beside the guest they build, rather than
in a file beside the sources: one file says everything about a guest, every
option is schema-checked and reported at its line, and two guests can share
one source folder with different defines (e.g. two iteration counts).
"""
from __future__ import annotations

import glob
import os
import re

from . import elfimage, rules
from .diag import Collector, Loc
from .load import MarkedDict
from .model import GuestBuild, Region

_PATH = re.compile(r"^[A-Za-z0-9_./+-]+$")   # what make and the shell take unquoted
_DEFINE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SOURCE_EXTS = (".c", ".S", ".cpp")
DEFAULT_SOURCES = ("*.c",)


class BuildChecks:
    """Needs: self.root, self.path, self.errors, self.error(), image_dir()."""

    root: str
    path: str
    errors: Collector

    def guest_build(self, node: MarkedDict, label: str, image_dir: str | None,
                    regions: tuple[Region, ...]) -> GuestBuild:
        hard = node.get("float", "soft") == "hard"
        size_loc = node["memory"][0].vloc("size") if node["memory"] else node.loc
        if "elf" in node:
            return self._prebuilt(node, label, hard, regions)
        opts = node.get("build", {})
        if image_dir is None:
            return GuestBuild(hard_float=hard, loc=size_loc)
        base = os.path.join(self.root, image_dir)
        sources: list[str] = []
        patterns = opts.get("sources", list(DEFAULT_SOURCES))
        for i, pat in enumerate(patterns):
            loc = patterns.iloc(i) if hasattr(patterns, "iloc") else node.vloc("image")
            if not self._inside(pat):
                self.error(rules.BUILD_OPTION, loc, f"source pattern '{pat}' of guest {label} "
                           f"leaves its folder {image_dir}")
                continue
            found = sorted(p for p in glob.glob(os.path.join(base, pat), recursive=True)
                           if os.path.isfile(p) and os.path.splitext(p)[1] in SOURCE_EXTS)
            if not found and "sources" in opts:
                self.error(rules.BUILD_OPTION, loc, f"source pattern '{pat}' of guest {label} "
                           f"matches no .c, .S or .cpp file in {image_dir}")
            for p in found:
                rel = os.path.normpath(os.path.relpath(p, self.root))
                if not _PATH.match(rel):
                    self.error(rules.BUILD_OPTION, loc, f"source file '{rel}' of guest {label} "
                               "has a character make cannot handle (letters, digits, _ . / + -)")
                    continue
                if rel not in sources:
                    sources.append(rel)
        include = []
        dirs = opts.get("include", [])
        for i, d in enumerate(dirs):
            loc = dirs.iloc(i)
            full = os.path.normpath(os.path.join(base, d))
            if not self._inside(d) or not os.path.isdir(full) or not _PATH.match(d):
                self.error(rules.BUILD_OPTION, loc, f"include folder '{d}' of guest {label} is "
                           f"not a folder inside {image_dir}")
                continue
            include.append(os.path.normpath(os.path.relpath(full, self.root)))
        defines = []
        dnode = opts.get("defines", {})
        for name, value in dnode.items():
            if not _DEFINE.match(name):
                self.error(rules.BUILD_OPTION, dnode.kloc(name), f"define '{name}' of guest "
                           f"{label} is not a C identifier")
                continue
            defines.append(name if value is None else f"{name}={value}")
        return GuestBuild(
            sources=tuple(sources), include=tuple(include), defines=tuple(defines),
            cflags=tuple(opts.get("cflags", [])), cxxflags=tuple(opts.get("cxxflags", [])),
            warnings=opts.get("warnings", "strict"),
            libs=tuple(opts.get("libs", [])), hard_float=hard, loc=size_loc)

    @staticmethod
    def _inside(rel: str) -> bool:
        parts = os.path.normpath(rel).split(os.sep)
        return not os.path.isabs(rel) and parts[0] != ".."

    def _prebuilt(self, node: MarkedDict, label: str, hard: bool,
                  regions: tuple[Region, ...]) -> GuestBuild:
        loc = node.vloc("elf")
        full = os.path.normpath(os.path.join(os.path.dirname(self.path) or ".", node["elf"]))
        rel = os.path.normpath(os.path.relpath(full, self.root))
        if not _PATH.match(rel):
            self.error(rules.ELF_INVALID, loc, f"prebuilt image '{rel}' of guest {label}: the path "
                       "has a character make cannot handle (letters, digits, _ . / + -)")
            return GuestBuild(hard_float=hard, loc=loc)
        try:
            elf = elfimage.read_elf(full)
        except elfimage.ElfError as e:
            self.error(rules.ELF_INVALID, loc, f"prebuilt image of guest {label}: {e}")
            return GuestBuild(hard_float=hard, elf=rel, loc=loc)
        if regions:
            target = elfimage.Target(node["name"], regions[0].va, regions[0].size, loc, hard,
                                     f"prebuilt ELF {rel}")
            self.errors.extend(elfimage.check(elf, target))
        return GuestBuild(hard_float=hard, elf=rel, entry=elf.entry, loc=loc)

    def image_source(self, node: MarkedDict, label: str) -> bool:
        """Whether the guest is built from sources (else a prebuilt ELF)."""
        has_image, has_elf = "image" in node, "elf" in node
        if has_image and has_elf:
            self.error(rules.IMAGE_SOURCE, node.kloc("elf"), f"guest {label} has both `image` "
                       f"(sources, {node.vloc('image')}) and `elf` (a prebuilt image): "
                       "keep one")
        elif not has_image and not has_elf:
            self.error(rules.IMAGE_SOURCE, node.loc, f"guest {label} has neither `image` (the "
                       "folder of its sources) nor `elf` (a prebuilt image)")
        elif has_elf and "build" in node:
            self.error(rules.IMAGE_SOURCE, node.kloc("build"), f"`build` options of guest "
                       f"{label} do not apply to its prebuilt image (`elf`, {node.vloc('elf')})")
        return has_image
