"""What an HRT guest's table maps of the monitor, and the smc page.

The HRT guest runs at PL1 on a core of its own, so access permissions do not
keep it out of the monitor's privileged-only pages: only the domain does.
Its DACR grants its own domain alone; the monitor's domain 0 becomes client
only inside the Monitor-mode smc entry (monitor/arch/armv7-a/vectors.S), so
a stray store of the HRT takes its own data abort instead of corrupting core
0's scheduler. The table maps only what the monitor needs on that core: its
memory (global sections, domain 0, as in every table), the console UART
(printing and panics) and the devices in HRT_PATH_DEVICES; never the SLCR or
the L2 controller.

Two consequences of one domain per megabyte (the L1 descriptor's, ARM ARM
B3.5.1):
- the first instructions of the smc entry run before it can write DACR, so
  they live on one page of their own, the *smc page* (the last page below
  the stacks' megabyte, monitor_mem.ld), which the HRT table maps a second time
  privileged read-only, in the guest's domain, at an alias address in a
  megabyte of its own; MVBAR points there on the HRT's core;
- a monitor page in a megabyte where the HRT has pages of its own (the GIC
  distributor beside its cpu_private page) cannot be denied by domain: it is
  mapped non-global in the guest's domain, the guest can reach it, and
  report.txt says so. Being non-global, it does not break the rule that a
  global entry is the same in every table (verify.py); the HRT core
  invalidates its TLB once when it leaves the monitor's table for the guest's.
"""
from __future__ import annotations

from . import space, stacks
from .model import PAGE, SECTION, Guest, System

# Monitor devices the monitor touches on an HRT guest's core, besides the
# console: the distributor (console.c rings the draining core with an SGI)
# and the global timer (HC_TIME, sched_now()).
HRT_PATH_DEVICES = ("gicd", "gtimer")

# Where the smc page's alias is placed: the lowest free megabyte from here.
SMC_ALIAS_BASE = 0xF0000000


def smc_page(system: System) -> int:
    """Physical (= monitor virtual) address of the smc page: the last page
    below the stacks' megabyte (stacks.py), so in a global section."""
    return stacks.layout(system).area - PAGE


def own_megabytes(g: Guest) -> set[int]:
    """Megabytes (VA >> 20) in which the guest maps pages of its own."""
    out = set()
    for u in g.devices:
        first, span = u.device.page_span
        out.update(va >> 20 for va in range(u.va, u.va + span, PAGE))
    return out


def monitor_pages(system: System, g: Guest) -> list[tuple[int, str, bool]]:
    """(page, what, global) of the monitor's device pages in the HRT's table."""
    users: dict[int, list[str]] = {}
    for dev in system.platform.monitor_devices:
        if dev.name in HRT_PATH_DEVICES:
            for page in dev.pages:
                users.setdefault(page, []).append(dev.name)
    for page in system.console.pages:
        users.setdefault(page, []).append(f"{system.console.name} (console)")
    own = own_megabytes(g)
    mine = {p for u in g.devices for p in u.device.pages}   # its own mapping replaces these
    return [(page, ", ".join(users[page]), page >> 20 not in own) for page in sorted(users)
            if page not in mine]


def smc_alias(system: System, g: Guest) -> int:
    """The smc page's address in the HRT's table: a megabyte nothing else uses."""
    taken = [(i.va & ~(SECTION - 1), (i.size + (i.va & (SECTION - 1)) + SECTION - 1)
              // SECTION * SECTION)
             for i in space.monitor_items(system) + space.guest_items(g)]
    va = space.first_free(taken, SMC_ALIAS_BASE, SECTION, SECTION)
    if va is None:
        va = space.first_free(taken, SECTION, SECTION, SECTION)
    assert va is not None, "no free megabyte in an HRT guest's address space"
    return va
