"""The isolation matrix of a system: what every User-mode guest must not be
able to do, as a list of probes, each with the fault it must take.

For every SRT and NRT guest: a read and a write of the first word of the
first and the last physical run of every memory region of every other
guest, a read of the first word of every channel it is not
an end of (at that address in its own address space, where nothing of it is
mapped), a read, a write and an execution of the monitor's memory, a read of
every device (and monitor device) it was not given, and every class of
privileged instruction that must be undefined in User mode. The expected
fault comes from the guest's own translation table and DACR, decoded as the
MMU would (ARM ARM B3.12, the MMU fault-checking sequence of the
short-descriptor format: translation, then domain, then permission).

Not probed, because in User mode they do not fault: CPS (a NOP in User
mode), MSR to CPSR_c (User writes to the mode and mask bits are ignored),
WFI/WFE (allowed in User without the Virtualization Extensions);
and not probed because they are UNPREDICTABLE in User mode (so "must fault"
cannot be asserted): MSR/MRS SPSR, SRS, RFE, LDM/STM with ^ (User registers
from User mode), SUBS PC, LR.

A test build (build: {test_probes: true}) emits guest_<name>/probes.h for
the prober image of tests/system/guests/prober and probes.json for the test
that checks what the monitor reported.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from . import mmu
from .allocate import Layout
from .model import HRT

READ, WRITE, EXEC, INSN = "read", "write", "exec", "insn"
DABT, PABT, UNDEF = "data abort", "prefetch abort", "undefined instruction"

# Privileged instruction classes that are UNDEFINED from User mode on an
# ARMv7-A with the Security Extensions and without the Virtualization
# Extensions (ARM ARM: CP15 registers and operations without PL0 access,
# SMC from PL0, HVC without the Virtualization Extensions, VFP while
# CPACR/FPEXC leave it disabled). ARM encodings, condition AL.
INSTRUCTIONS = (
    ("MRC p15 SCTLR (system control, read)", 0xEE110F10),
    ("MCR p15 TTBR0 (translation table base, write)", 0xEE020F10),
    ("MCR p15 DACR (domain access control, write)", 0xEE030F10),
    ("MCR p15 CONTEXTIDR (ASID, write)", 0xEE0D0F30),
    ("MCR p15 VBAR (vector base, write)", 0xEE0C0F10),
    ("MCR p15 TLBIALL (TLB maintenance)", 0xEE080F17),
    ("MCR p15 ICIALLU (cache maintenance)", 0xEE070F15),
    ("SMC #0 (Secure Monitor Call)", 0xE1600070),
    ("HVC #0 (no Virtualization Extensions)", 0xE1400070),
    ("VMRS r0, FPSCR (VFP not enabled)", 0xEEF10A10),
    ("VADD.F32 s0, s0, s0 (VFP not enabled)", 0xEE300A00),
)
# Readable from User mode only in bench images (PMUSERENR.EN).
PMCCNTR = ("MRC p15 PMCCNTR (cycle counter, read)", 0xEE190F1D)


@dataclass(frozen=True)
class Probe:
    index: int
    what: str          # for the console and the report
    op: str            # READ, WRITE, EXEC, INSN
    address: int       # READ/WRITE/EXEC: the guest virtual address; INSN: 0
    insn: int          # INSN: the ARM encoding; else 0
    kind: str          # DABT, PABT, UNDEF
    fault: str         # the monitor's name of the fault (health_fault_name), "" for UNDEF


@dataclass(frozen=True)
class _Walk:
    level: str         # "section" or "page"
    mapped: bool
    domain: int
    ap: int
    xn: int


def _walk(table: mmu.Table, va: int) -> _Walk:
    slot = va >> 20
    l1 = next((e for e in table.l1 if e.index == slot), None)
    if l1 is None:
        return _Walk("section", False, 0, 0, 0)
    if l1.l2 is None:
        d = mmu.decode_l1(l1.value)
        return _Walk("section", True, d["domain"], d["ap"], d["xn"])
    domain = mmu.decode_l1(l1.value)["domain"]
    l2 = table.l2_by_slot(slot)
    e = next((x for x in l2.entries if x.index == (va >> 12) & 0xff), None)
    if e is None:
        return _Walk("page", False, domain, 0, 0)
    d = mmu.decode_l2(e.value)
    return _Walk("page", True, domain, d["ap"], d["xn"])


def expected_fault(table: mmu.Table, dacr: int, va: int, op: str) -> str | None:
    """The fault a User-mode `op` at `va` takes, or None if it is allowed."""
    w = _walk(table, va)
    if not w.mapped:
        return f"translation fault ({w.level})"
    access = dacr >> (2 * w.domain) & 3
    if access in (0, 2):
        return f"domain fault ({w.level})"
    if access == 3:
        return None                                  # manager: no permission check
    user_read = w.ap in (0b010, 0b011, 0b110, 0b111)
    user_write = w.ap == 0b011
    if op == WRITE and not user_write or op != WRITE and not user_read or op == EXEC and w.xn:
        return f"permission fault ({w.level})"
    return None


def _trapped(gl, va: int) -> bool:
    """In one of the guest's emulated or proxied windows (not a fault)."""
    return any(e.va <= va < e.va + e.size for e in gl.io)


def probes(layout: Layout, index: int) -> list[Probe]:
    """The isolation matrix of User-mode guest `index` (empty for HRT and
    Non-secure guests: they run privileged, with their own tables)."""
    system = layout.system
    g = system.guests[index]
    if not _user(g):
        return []
    gl = layout.guests[index]
    out: list[Probe] = []

    def add(what: str, op: str, va: int) -> None:
        fault = expected_fault(gl.table, gl.dacr, va, op)
        if fault is None or _trapped(gl, va):
            return                      # reachable by design (its own), or emulated
        kind = PABT if op == EXEC else DABT
        out.append(Probe(len(out), what, op, va, 0, kind, fault))

    for other in layout.guests:
        if other.guest.index == index:
            continue
        # The first and the last physical run of each region (scattered NRT
        # frames make hundreds: these two sample them).
        runs = list(dict.fromkeys(run for region in other.regions for run in (region[0], region[-1])))
        for run in runs:
            for op in (READ, WRITE):
                add(f"{op} of guest '{other.guest.name}' memory at pa 0x{run.pa:08x}", op, run.pa)
    own_channels = {e.channel.index for e in gl.channels}
    for cl in layout.channels:
        if cl.channel.index in own_channels:
            continue
        for pa, _ in cl.runs[:1]:
            add(f"read of channel '{cl.channel.name}' memory at pa 0x{pa:08x}", READ, pa)
    mon = system.monitor_base
    add("read of the monitor's memory", READ, mon)
    add("write of the monitor's memory", WRITE, mon + system.monitor_size - 4)
    add("execution of the monitor's memory", EXEC, mon)
    given = {u.device.name for u in g.devices}
    p = system.platform
    for dev in p.monitor_devices + p.devices:
        if dev.name in given:
            continue
        base = dev.base & ~3
        add(f"read of device '{dev.name}'", READ, base)
    insns = list(INSTRUCTIONS) + ([] if system.bench else [PMCCNTR])
    for what, word in insns:
        out.append(Probe(len(out), what, INSN, 0, word, UNDEF, ""))
    return out


def _user(g) -> bool:
    """A guest the monitor runs in User mode (SRT, NRT, Secure world)."""
    return g.level != HRT and not g.non_secure


def matrix(layout: Layout) -> dict[str, list[Probe]]:
    return {g.name: probes(layout, g.index) for g in layout.system.guests if _user(g)}


def to_json(layout: Layout) -> str:
    return json.dumps({name: [asdict(p) for p in ps] for name, ps in matrix(layout).items()},
                      indent=1) + "\n"


_OPS = {READ: "PROBE_READ", WRITE: "PROBE_WRITE", EXEC: "PROBE_EXEC", INSN: "PROBE_INSN"}


def header(layout: Layout, index: int) -> str:
    """guest_<name>/probes.h: the probe table of the prober image."""
    g = layout.system.guests[index]
    rows = "\n".join(
        f"    {{{_OPS[p.op]}, 0x{p.address:08x}u, 0x{p.insn:08x}u}},   /* {p.index}: {p.what} */"
        for p in probes(layout, index))
    return (f"/* probes.h - isolation matrix of guest '{g.name}' (generator/probes.py).\n"
            " * Generated: do not edit. Probe k runs in the k-th instance of the prober. */\n"
            "#ifndef PROBES_H\n#define PROBES_H\n\n"
            "enum probe_op { PROBE_READ, PROBE_WRITE, PROBE_EXEC, PROBE_INSN };\n"
            "struct probe { unsigned op, address, insn; };\n\n"
            "static const struct probe probes[] = {\n" + rows + "\n};\n"
            "#define N_PROBES (sizeof probes / sizeof probes[0])\n\n#endif\n")
