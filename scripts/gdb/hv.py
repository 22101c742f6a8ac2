"""gdb commands for the partitioning monitor (`make debug`, docs/debugging.md).

Loaded by build/<variant>/debug.gdb into gdb-multiarch. The monitor's
symbols are the main file (it is identity-mapped, the same in every
translation table); each HRT guest's symbols are loaded at their
straight-mapped addresses; the User-mode (SRT/NRT) guests share virtual
addresses (each has its own table and ASID), so one of them at a time has
its symbols loaded: `hv guest NAME` chooses it, and a stop in another
User-mode guest switches to that guest's symbols by itself.

    hv guests               every guest: index, level, core, state, symbols
    hv guest NAME           load NAME's symbols (the one User-mode guest loaded)
    hv break NAME LOCATION  a breakpoint that stops only in guest NAME
    hv current              the guest the selected CPU runs
    hv stats                the monitor's per-guest counters

gdb's CPUs are QEMU's threads (thread 1 = core 0). The monitor's memory is
privileged-only: while a CPU is stopped in a User-mode guest, gdb cannot
read it through that CPU's translation, so these commands read the
monitor's run-time state physically (QEMU's `monitor xp`; the monitor's
memory is identity-mapped, so its addresses are physical). Its constant
tables are read from the ELF (`set trust-readonly-sections on`).
"""
from __future__ import annotations

import os
import re

import gdb

LEVELS = {0: "HRT", 1: "SRT", 2: "NRT"}


class _State:
    build_dir = ""
    user_loaded: str | None = None     # User-mode guest whose symbols are loaded
    auto = True


def _phys_read32(addr: int) -> int:
    """A physical word, through the gdb server's own command: QEMU's `xp`,
    or OpenOCD's `mdw phys` on a board (docs/debugging.md)."""
    for cmd, pat in ((f"monitor xp /1wx {addr:#x}", r":\s*0x([0-9a-fA-F]+)"),
                     (f"monitor mdw phys {addr:#x}", r":\s*([0-9a-fA-F]{8})")):
        try:
            out = gdb.execute(cmd, to_string=True)
        except gdb.error:
            continue
        m = re.search(pat, out)
        if m:
            return int(m.group(1), 16)
    raise gdb.GdbError(f"hv: cannot read physical 0x{addr:08x} through the gdb server")


def _addr(expr: str) -> int:
    return int(gdb.parse_and_eval(expr).cast(gdb.lookup_type("unsigned int")))


def _offset(struct: str, field: str) -> int:
    for f in gdb.lookup_type(struct).fields():
        if f.name == field:
            return f.bitpos // 8
    raise gdb.GdbError(f"hv: no field {field} in {struct}")


def _guests() -> list[dict]:
    sc = gdb.parse_and_eval("system_config")
    out = []
    for i in range(int(sc["n_guests"])):
        g = sc["guests"][i]
        name = g["name"].string()
        out.append({"index": i, "name": name, "level": int(g["level"]),
                    "core": int(g["core"]),
                    "elf": os.path.join(_State.build_dir, "guests", f"{name}.elf")})
    return out


def _guest(name: str) -> dict:
    for g in _guests():
        if g["name"] == name:
            return g
    raise gdb.GdbError(f"hv: no guest '{name}' (hv guests lists them)")


def _cpu() -> int:
    t = gdb.selected_thread()
    if t is None:
        raise gdb.GdbError("hv: no CPU selected")
    return t.ptid[1] - 1 if t.ptid[1] > 0 else t.num - 1


def _current_index(cpu: int) -> int | None:
    """Index of the guest whose context core `cpu` holds, or None."""
    cur = _phys_read32(_addr(f"&pcpus[{cpu}].current"))
    if cur == 0:
        return None
    base = _addr("&vcpus[0]")
    size = gdb.lookup_type("struct vcpu").sizeof
    return (cur - base) // size


def _load_symbols(g: dict) -> None:
    if not os.path.exists(g["elf"]):
        raise gdb.GdbError(f"hv: {g['elf']} does not exist (build the variant first)")
    gdb.execute(f"add-symbol-file {g['elf']}", to_string=True)


def _select_user(g: dict, quiet: bool = False) -> None:
    if _State.user_loaded == g["name"]:
        return
    if _State.user_loaded is not None:
        old = os.path.join(_State.build_dir, "guests", f"{_State.user_loaded}.elf")
        gdb.execute(f"remove-symbol-file {old}", to_string=True)
    _load_symbols(g)
    _State.user_loaded = g["name"]
    if not quiet:
        print(f"hv: symbols of guest '{g['name']}' loaded")


def _resolve(g: dict, location: str) -> int:
    """Address of LOCATION (a function name, FILE:LINE, or *ADDR) in guest
    g's own symbols: every guest has a `main`."""
    if location.startswith("*"):
        return int(gdb.parse_and_eval(location[1:]))
    objfile = gdb.lookup_objfile(os.path.abspath(g["elf"]))
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", location):
        sym = objfile.lookup_global_symbol(location) or objfile.lookup_static_symbol(location)
        if sym is None or sym.type.code != gdb.TYPE_CODE_FUNC:
            raise gdb.GdbError(f"hv: no function '{location}' in guest '{g['name']}'")
        return int(sym.value().address)          # its first instruction
    sals = gdb.decode_line(location)[1] or ()
    for sal in sals:
        if sal.symtab is not None and sal.symtab.objfile == objfile:
            return sal.pc
    raise gdb.GdbError(f"hv: no location '{location}' in guest '{g['name']}'")


class Hv(gdb.Command):
    """The partitioning monitor's commands: hv guests|guest|break|current|stats."""

    def __init__(self) -> None:
        super().__init__("hv", gdb.COMMAND_USER, prefix=True)


class HvSetup(gdb.Command):
    """hv setup BUILD_DIR: load the HRT guests' symbols (debug.gdb calls it)."""

    def __init__(self) -> None:
        super().__init__("hv setup", gdb.COMMAND_USER)

    def invoke(self, arg: str, from_tty: bool) -> None:
        _State.build_dir = arg.strip()
        for g in _guests():
            if g["level"] == 0:
                _load_symbols(g)


class HvGuests(gdb.Command):
    """hv guests: every guest with its level, core, state and symbol file."""

    def __init__(self) -> None:
        super().__init__("hv guests", gdb.COMMAND_USER)

    def invoke(self, arg: str, from_tty: bool) -> None:
        state_off = _offset("struct vcpu", "state")
        for g in _guests():
            a = _addr(f"&vcpus[{g['index']}]") + state_off      # a byte
            st = _phys_read32(a & ~3) >> (8 * (a & 3)) & 0xff
            loaded = g["level"] == 0 or _State.user_loaded == g["name"]
            print(f"{g['index']:2} {g['name']:<12} {LEVELS.get(g['level'], '?')} core {g['core']}"
                  f"  {'stopped' if st else 'ready  '}  {g['elf']}{'  (symbols loaded)' if loaded else ''}")


class HvGuest(gdb.Command):
    """hv guest NAME: load NAME's symbols (one User-mode guest at a time)."""

    def __init__(self) -> None:
        super().__init__("hv guest", gdb.COMMAND_USER)

    def invoke(self, arg: str, from_tty: bool) -> None:
        g = _guest(arg.strip())
        if g["level"] == 0:
            print(f"hv: '{g['name']}' is an HRT guest: its symbols are always loaded")
            return
        _select_user(g)


class HvBreak(gdb.Command):
    """hv break NAME LOCATION: break at LOCATION of guest NAME, only when NAME runs there."""

    def __init__(self) -> None:
        super().__init__("hv break", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg: str, from_tty: bool) -> None:
        parts = arg.split(None, 1)
        if len(parts) != 2:
            raise gdb.GdbError("usage: hv break NAME LOCATION")
        g = _guest(parts[0])
        if g["level"] != 0:
            _select_user(g)
        pc = _resolve(g, parts[1])
        # Another guest may have code at the same virtual address: stop
        # only when the CPU holds this guest's context.
        bp = gdb.Breakpoint(f"*{pc:#x}")
        bp.condition = f"$hv_running({g['index']})"
        print(f"hv: breakpoint {bp.number} at 0x{pc:08x} ({parts[1]}) in guest '{g['name']}'")


class HvCurrent(gdb.Command):
    """hv current: the guest whose context the selected CPU holds."""

    def __init__(self) -> None:
        super().__init__("hv current", gdb.COMMAND_USER)

    def invoke(self, arg: str, from_tty: bool) -> None:
        cpu = _cpu()
        i = _current_index(cpu)
        if i is None:
            print(f"core {cpu}: no guest (the monitor)")
            return
        g = _guests()[i]
        print(f"core {cpu}: guest '{g['name']}' ({LEVELS.get(g['level'], '?')}, index {i})")


class HvStats(gdb.Command):
    """hv stats: jobs, deadline misses, overruns and faults of every guest."""

    def __init__(self) -> None:
        super().__init__("hv stats", gdb.COMMAND_USER)

    def invoke(self, arg: str, from_tty: bool) -> None:
        ev_off = _offset("struct vcpu", "ev")
        faults_off = _offset("struct vcpu", "faults")
        for g in _guests():
            base = _addr(f"&vcpus[{g['index']}]")
            ev = _phys_read32(base + ev_off)
            faults = _phys_read32(base + faults_off)
            line = f"{g['name']:<12} faults {faults}"
            if ev:
                jobs = _phys_read32(ev + _offset("struct edf_vcpu", "jobs"))
                misses = _phys_read32(ev + _offset("struct edf_vcpu", "misses"))
                overruns = _phys_read32(ev + _offset("struct edf_vcpu", "overruns"))
                line += f", jobs {jobs}, misses {misses}, overruns {overruns}"
            print(line)


class HvRunning(gdb.Function):
    """$hv_running(INDEX): 1 if the selected CPU holds guest INDEX's context."""

    def __init__(self) -> None:
        super().__init__("hv_running")

    def invoke(self, index) -> int:
        return int(_current_index(_cpu()) == int(index))


def _on_stop(event) -> None:
    if not _State.auto or not _State.build_dir:
        return
    try:
        i = _current_index(_cpu())
        if i is None:
            return
        g = _guests()[i]
        if g["level"] != 0 and _State.user_loaded != g["name"]:
            _select_user(g, quiet=True)
            print(f"hv: stopped in guest '{g['name']}': its symbols are loaded")
    except gdb.error:
        pass


for cls in (Hv, HvSetup, HvGuests, HvGuest, HvBreak, HvCurrent, HvStats):
    cls()
HvRunning()
gdb.events.stop.connect(_on_stop)
