"""Entity checks of a Non-secure guest (world: non-secure): an unmodified OS
in the TrustZone Non-secure world, what it boots and what it owns. A mixin
of validate._Builder, like validate_io.py. Cross-guest checks (one per core,
the TrustZone partition) are in checks_ns.py.
"""
from __future__ import annotations

import os

from . import rules
from .diag import Collector, Loc
from .load import MarkedDict
from .model import (NON_SECURE, NRT, PASSTHROUGH, SECURE, DeviceUse, Linux, Platform,
                    Region)
from .units import show_size

NS_ALIGN = 0x200000          # Linux on ARM: PHYS_OFFSET 2 MB aligned (arch/arm/kernel/head.S)
NS_SIZE_ALIGN = 0x100000
BOOTARGS_MAX = 1023          # COMMAND_LINE_SIZE 1024 on ARM, with its NUL
SBSA_COMPATIBLE = "arm,sbsa-uart"
SBSA_OFFSET = 0x30           # the Cadence UART's TX/RX FIFO (shared/LINUX-GUEST.md)


class NsChecks:
    """Needs: self.root, self.platform, self.errors, self.error()."""

    root: str
    platform: Platform
    errors: Collector

    def world(self, node: MarkedDict, level: str, label: str, regions: tuple[Region, ...],
              uses: tuple[DeviceUse, ...]) -> tuple[str, Loc | None, Linux | None]:
        world = node.get("world", SECURE)
        wloc = node.vloc("world") if "world" in node else None
        if world != NON_SECURE:
            if "linux" in node:
                self.error(rules.NS_GUEST, node.kloc("linux"),
                           f"'linux' is only for Non-secure guests: guest {label} is in the "
                           "Secure world", hint="add world: non-secure")
            return world, wloc, None
        if level != NRT:
            self.error(rules.NS_GUEST, wloc,
                       f"Non-secure guest {label} must be NRT, not {level}: it runs in the "
                       "slack of its core, preempted by every Secure interrupt")
        for key in ("image", "io", "vuart", "proxied", "scatter", "info"):
            if key in node:
                self.error(rules.NS_GUEST, node.kloc(key),
                           f"'{key}' is not for Non-secure guest {label}: it runs its own "
                           "kernel at PL1, which the monitor neither builds nor traps")
        self.ns_memory(node, label, regions)
        for u in uses:
            if u.access != PASSTHROUGH:
                self.error(rules.NS_GUEST, u.loc,
                           f"device '{u.device.name}' of Non-secure guest {label} must be "
                           "passthrough: the monitor cannot trap a Non-secure guest's accesses")
            elif u.va != u.device.page_span[0]:
                self.error(rules.NS_GUEST, u.loc,
                           f"device '{u.device.name}' of Non-secure guest {label} must be at "
                           f"its physical address 0x{u.device.page_span[0]:08x}: the guest "
                           "runs its own MMU")
        return world, wloc, self.linux(node, label, uses)

    def ns_cores(self, node: MarkedDict, label: str, core: int,
                 ns: bool) -> tuple[tuple[int, ...], tuple[Loc, ...]]:
        """`cores` of a Non-secure guest on several cores: (cores, their locations)."""
        if "cores" not in node:
            return (), ()
        cores = node["cores"]
        if not ns:
            self.error(rules.NS_CORES, node.kloc("cores"),
                       f"'cores' is only for Non-secure guests: guest {label} runs on one core, "
                       f"its 'core' {core}", hint="add world: non-secure, or remove 'cores'")
            return (), ()
        locs = tuple(cores.iloc(i) for i in range(len(cores)))
        ok = True
        for c, loc in zip(cores, locs):
            if c >= self.platform.cores:
                self.error(rules.CORE_MISSING, loc, self.no_core(c))
                ok = False
        if core not in cores:
            self.error(rules.NS_CORES, node.vloc("cores"),
                       f"'cores' of Non-secure guest {label} does not include its 'core' {core} "
                       f"({node.vloc('core')}), the core its kernel boots on",
                       hint="cores: [" + ", ".join(
                           str(c) for c in [core] + [c for c in cores
                                                     if c < self.platform.cores]) + "]")
            ok = False
        return (tuple(cores), locs) if ok else ((), ())

    def ns_memory(self, node: MarkedDict, label: str, regions: tuple[Region, ...]) -> None:
        mem = node["memory"]
        if len(regions) != 1:
            self.error(rules.NS_MEMORY, mem.iloc(1) if len(regions) > 1 else node.loc,
                       f"Non-secure guest {label} has {len(regions)} memory regions: its RAM "
                       "is one contiguous physical range, given whole")
        for r, rnode in zip(regions, mem):
            if r.base is None:
                continue          # reported as E054 (its guest address is not its base)
            if "guest" in rnode and rnode["guest"] != r.base:
                self.error(rules.NS_MEMORY, rnode.vloc("guest"),
                           f"Non-secure guest {label} memory is physical: guest address "
                           f"0x{rnode['guest']:08x} differs from base 0x{r.base:08x}")
            if r.base % NS_ALIGN:
                self.error(rules.NS_MEMORY, rnode.vloc("base"),
                           f"base 0x{r.base:08x} of Non-secure guest {label} is not 2 MB "
                           "aligned (Linux derives its PHYS_OFFSET from the load address)")
            if r.size % NS_SIZE_ALIGN:
                self.error(rules.NS_MEMORY, rnode.vloc("size"),
                           f"size {show_size(r.size)} of Non-secure guest {label} is not a "
                           "multiple of 1M")

    def _file(self, lnode: MarkedDict, key: str, label: str) -> tuple[str, int]:
        path = lnode[key]
        full = path if os.path.isabs(path) else os.path.join(self.root, path)
        try:
            size = os.path.getsize(full) if os.path.isfile(full) else -1
        except OSError:
            size = -1
        if size <= 0:
            what = "kernel Image" if key == "kernel" else "initramfs"
            self.error(rules.LINUX_FILE, lnode.vloc(key),
                       f"{what} '{path}' of guest {label} "
                       + ("is empty" if size == 0 else "does not exist"),
                       hint="make linux-assets fetches Debian's kernel and builds the initramfs")
            return path, 0
        return path, size

    def linux(self, node: MarkedDict, label: str, uses: tuple[DeviceUse, ...]) -> Linux | None:
        if "linux" not in node:
            return None           # the schema reports it
        ln = node["linux"]
        kernel, ksize = self._file(ln, "kernel", label)
        initrd, isize = self._file(ln, "initrd", label)
        bootargs = ln["bootargs"]
        if len(bootargs.encode()) > BOOTARGS_MAX:
            self.error(rules.BOOTARGS, ln.vloc("bootargs"),
                       f"the command line of guest {label} is {len(bootargs.encode())} bytes; "
                       f"Linux keeps at most {BOOTARGS_MAX} (COMMAND_LINE_SIZE)")
        cn = ln["console"]
        dname = cn["device"]
        use = next((u for u in uses if u.device.name == dname), None)
        if use is None:
            self.error(rules.NS_GUEST, cn.vloc("device"),
                       f"console device '{dname}' of guest {label} is not one of its devices",
                       hint=f"give it the device: devices: [{{name: {dname}}}]")
            return None
        compatible = cn.get("compatible", SBSA_COMPATIBLE)
        offset = cn.get("offset", SBSA_OFFSET if compatible == SBSA_COMPATIBLE else 0)
        return Linux(kernel, initrd, ksize, isize, bootargs, use, compatible, offset, ln.loc)
