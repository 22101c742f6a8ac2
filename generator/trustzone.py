"""The TrustZone partition that keeps a Non-secure guest out of the Secure
side: the values of the platform's TrustZone registers (platform file
`trustzone`), computed from the system, and the checks a product team can
get wrong.

The Zynq-7000's TrustZone registers all reset to 0 = Secure; a bit set
makes what it covers Non-secure (UG585 appendix B: slcr TZ_DDR_RAM, one bit
per 64 MB block of DDR; TZ_OCM_RAM0/1, one bit per 4 KB page of OCM;
TZ_GEM/TZ_SDIO/TZ_USB, the bus masters; the interconnect's security2_sdio0,
security3_sdio1 and security6_apb_slaves, the slaves). The SCU's SNSAC
(Cortex-A9 MPCore TRM, SCU register 0x54) grants the Non-secure world, per core, the SCU
registers [3:0], the private timer and watchdog [7:4] and the global timer
[11:8]; SAC (0x50) says which cores' accesses are permitted at all.

What becomes Non-secure, and nothing else (every other bit is written 0):
  - the DDR blocks a Non-secure guest's RAM fills (E064 makes it fill whole
    blocks holding no Secure memory) and the OCM pages inside it;
  - the `tz` bits of each device a Non-secure guest owns;
  - SNSAC: the private timer and watchdog of each core that hosts a
    Non-secure guest (Linux's TWD). The global timer and the SCU stay
    Secure: the monitor keeps its time and, on such a core, its scheduling
    events in the global timer (docs/monitor.md "Time");
  - SAC: every core (its reset value for the cores present): the monitor
    of each core reaches its private timer and the SCU.
Only systems with a Non-secure guest get a partition: in the others
nothing runs Non-secure, and the monitor writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import rules
from .diag import Collector
from .model import Guest, System, TzReg
from .units import show_range, show_size

SNSAC_SCU, SNSAC_PTIMER, SNSAC_GTIMER = 0, 4, 8     # first bit of each per-core field


@dataclass(frozen=True)
class TzValue:
    reg: TzReg
    value: int
    ns: tuple[str, ...]          # what each bit set makes Non-secure (for the report)


@dataclass(frozen=True)
class Partition:
    values: tuple[TzValue, ...]
    ddr: tuple[dict, ...]        # runs of DDR blocks: pa, end, world, owner
    ocm: tuple[dict, ...]        # runs of OCM pages
    devices: tuple[dict, ...]    # every device with `tz` or owned: name, world, owner, bits
    scu: tuple[str, ...]         # lines on SNSAC / SAC
    block: int
    page: int


def ns_guests(system: System) -> list[Guest]:
    return [g for g in system.guests if g.non_secure and g.regions and g.regions[0].base is not None]


def _cores(g: Guest) -> tuple[int, ...]:
    """Every core the guest runs on (a Linux on both cores, the smp
    branch's `on_cores`; else its one core): each gets its TWD."""
    return getattr(g, "on_cores", None) or (g.core,)


def _inside(g: Guest, lo: int, size: int) -> bool:
    r = g.regions[0]
    return r.base <= lo and lo + size <= r.base + r.size


def _owner(system: System, name: str) -> tuple[str, Guest | None]:
    """Who owns the device named `name`: ('monitor'|'guest ...'|'', guest)."""
    if name == system.console.name or any(d.name == name for d in system.platform.monitor_devices):
        return "the monitor", None
    for g in system.guests:
        if any(u.device.name == name for u in g.devices):
            return f"guest '{g.name}'", g
    return "", None


def _runs(units: list[tuple[int, int, str, str]]) -> tuple[dict, ...]:
    out: list[dict] = []
    for pa, size, world, owner in units:
        if out and out[-1]["world"] == world and out[-1]["owner"] == owner \
                and out[-1]["end"] == pa:
            out[-1]["end"] = pa + size
        else:
            out.append({"pa": pa, "end": pa + size, "world": world, "owner": owner})
    for r in out:
        r["range"] = show_range(r["pa"], r["end"] - r["pa"])
    return tuple(out)


def partition(system: System) -> Partition | None:
    """The registers' values, or None: no TrustZone registers on the
    platform, or no Non-secure guest in the system."""
    p = system.platform
    tz = p.trustzone
    ns = ns_guests(system)
    if tz is None or not tz.registers or not ns:
        return None
    value = {r.name: 0 for r in tz.registers}
    why: dict[str, list[str]] = {r.name: [] for r in tz.registers}

    def set_bit(reg: str, bit: int, what: str) -> None:
        value[reg] |= 1 << bit
        why[reg].append(f"bit {bit}: {what}")

    ddr: list[tuple[int, int, str, str]] = []
    if tz.ddr:
        bank = p.ram[0]
        for i in range(32):
            lo = i * tz.ddr_block
            if lo >= bank.base + bank.size:
                break
            g = next((g for g in ns if _inside(g, lo, tz.ddr_block)), None)
            if g is not None:
                set_bit(tz.ddr, i, f"DDR {show_range(lo, tz.ddr_block)}, guest '{g.name}'")
            ddr.append((lo, tz.ddr_block, "Non-secure" if g else "Secure",
                        f"guest {g.name}" if g else ""))
    ocm: list[tuple[int, int, str, str]] = []
    for n, reg in enumerate(tz.ocm):
        for i in range(32):
            lo = tz.ocm_base + (32 * n + i) * tz.ocm_page
            g = next((g for g in ns if _inside(g, lo, tz.ocm_page)), None)
            if g is not None:
                set_bit(reg, i, f"OCM page {32 * n + i}, guest '{g.name}'")
            ocm.append((lo, tz.ocm_page, "Non-secure" if g else "Secure",
                        f"guest {g.name}" if g else ""))
    devices = []
    for dev in p.devices:
        if dev.private:
            continue            # the MPCore private page: SNSAC, below
        owner, og = _owner(system, dev.name)
        world = "Non-secure" if og is not None and og.non_secure else "Secure"
        if world == "Non-secure":
            for b in dev.tz:
                set_bit(b.register, b.bit, f"device {dev.name}, guest '{og.name}'")
        if dev.tz or owner:
            devices.append({"name": dev.name, "world": world, "owner": owner or "unassigned",
                            "bits": ", ".join(f"{b.register} bit {b.bit}" for b in dev.tz)
                            or "no TrustZone control: Secure"})
    scu = []
    if tz.sac:
        value[tz.sac] = (1 << p.cores) - 1
        why[tz.sac].append(f"bits 0-{p.cores - 1}: every core (the monitor on each)")
        scu.append(f"SAC {value[tz.sac]:#x}: cores 0-{p.cores - 1} keep their access (its "
                   "reset value for the cores present)")
    if tz.snsac:
        cores = sorted({c for g in ns for c in _cores(g)})
        for c in cores:
            set_bit(tz.snsac, SNSAC_PTIMER + c, f"core {c}'s private timer and watchdog "
                    "(the Non-secure guest's TWD)")
        scu.append(f"SNSAC {value[tz.snsac]:#x}: Non-secure access to the private timer "
                   f"and watchdog of core{'s' if len(cores) > 1 else ''} "
                   f"{', '.join(map(str, cores))} only; the SCU registers and the global "
                   "timer stay Secure (the monitor's time and events)")
    values = tuple(TzValue(r, value[r.name], tuple(why[r.name])) for r in tz.registers)
    return Partition(values, _runs(ddr), _runs(ocm), tuple(devices), tuple(scu),
                     tz.ddr_block, tz.ocm_page)


def check(system: System, errors: Collector) -> None:
    """E068: on a board, a Non-secure guest's device the platform cannot
    make Non-secure (QEMU enforces no partition: there the guest reaches it
    all the same); E069: one whose TrustZone bit also covers a device of
    the monitor or of a Secure guest."""
    p = system.platform
    tz = p.trustzone
    if tz is None or not tz.registers:
        return
    devs = p.monitor_devices + p.devices
    for g in system.guests:
        if not g.non_secure:
            continue
        for u in g.devices:
            d = u.device
            if not d.tz:
                if p.target != "board":
                    continue
                errors.error(rules.TZ_DEVICE, u.loc,
                             f"device '{d.name}' of Non-secure guest '{g.name}' cannot be made "
                             f"Non-secure: platform '{p.name}' names no TrustZone bit for it "
                             f"({p.path})",
                             hint="give the device its `tz` bits in the platform file "
                                  "(UG585 appendix B), or give it to a Secure guest")
                continue
            for b in d.tz:
                for o in devs:
                    if o.name == d.name or not any(
                            x.register == b.register and x.bit == b.bit for x in o.tz):
                        continue
                    owner, og = _owner(system, o.name)
                    if owner and (og is None or not og.non_secure):
                        errors.error(rules.TZ_SHARED, u.loc,
                                     f"device '{d.name}' of Non-secure guest '{g.name}' shares "
                                     f"TrustZone bit {b.bit} of {b.register} with device "
                                     f"'{o.name}' of {owner} ({o.loc}): the bit would make "
                                     f"'{o.name}' Non-secure too")


def describe(part: Partition) -> dict:
    """The report's view (report.txt.j2)."""
    return {
        "values": [{"name": v.reg.name, "address": v.reg.address, "value": v.value,
                    "readback": v.reg.readable, "slcr": v.reg.slcr, "what": v.reg.what,
                    "ns": list(v.ns)} for v in part.values],
        "ddr": list(part.ddr), "ocm": list(part.ocm), "devices": list(part.devices),
        "scu": list(part.scu), "block": show_size(part.block),
        "page": show_size(part.page) if part.page else "",
    }
