"""Checks across entities of a built System: cores and schedulability, TLB
lockdown, device and IRQ ownership, physical and virtual overlaps, and the
warnings. Each reports at one party and names the other with its location.
"""
from __future__ import annotations

import os
from fractions import Fraction

from . import rules, space, timing
from .diag import Collector
from .model import HRT, MEDIATED, NRT, PAGE, SECTION, SRT, Guest, Region, System
from .units import overlaps, show_range, show_size, show_time


def srt_tasks(system: System, core: int) -> tuple[tuple[Guest, ...], tuple[timing.Task, ...]]:
    guests = tuple(g for g in system.guests if g.core == core and g.schedule)
    tasks = tuple(timing.Task(g.name, g.schedule.budget, g.schedule.period, g.schedule.deadline)
                  for g in guests)
    return guests, tasks


def _pct(x: Fraction) -> str:
    return f"{float(x):.1%}"


def check_cores(system: System, errors: Collector) -> None:
    for core in range(system.platform.cores):
        on = [g for g in system.guests if core in g.on_cores]
        for i, g in enumerate(on):
            other = next((o for o in on[:i] if o.level == HRT or g.level == HRT), None)
            if other is None:
                continue
            if g.level == HRT:
                errors.error(rules.HRT_EXCLUSIVE, g.core_loc_of(core),
                             f"HRT guest '{g.name}' cannot share core {core} with guest "
                             f"'{other.name}' ({other.core_loc_of(core)})")
            else:
                errors.error(rules.HRT_EXCLUSIVE, g.core_loc_of(core),
                             f"guest '{g.name}' cannot share core {core} with HRT guest "
                             f"'{other.name}' ({other.core_loc_of(core)})")
        guests, tasks = srt_tasks(system, core)
        if any(not k.budget <= k.deadline <= k.period for k in tasks):
            continue  # already reported; the analysis would only repeat it
        result = timing.analyse(tasks)
        if guests and not result.schedulable:
            _unschedulable(core, guests, result, errors)
        elif result.utilisation == 1:
            for g in on:
                if g.level == NRT:
                    parts = ", ".join(f"guest '{s.name}' ({s.schedule.loc})" for s in guests)
                    errors.warn(rules.NRT_STARVED, g.core_loc_of(core),
                                f"NRT guest '{g.name}' can never run: the SRT guests of core "
                                f"{core} use 100.0% of it ({parts})",
                                hint="lower an SRT budget or move the guest to another core")
        if guests and result.schedulable:
            _overhead(system, core, guests, tasks, errors)
            _lead(system, core, guests, tasks, errors)
        limit = system.platform.tlb_lockable
        for g in on:
            if g.level != SRT:
                continue
            n = sum(r.size // SECTION for r in g.regions)
            if n > limit:
                errors.error(rules.TLB_LOCKDOWN, g.regions[-1].loc,
                             f"SRT guest '{g.name}' has {n} sections of 1 MB, but core {core} "
                             f"can lock only {limit} in the TLB (platform "
                             "'tlb_lockable_entries')",
                             hint=f"give it at most {limit}M of memory")
        # Each SRT guest keeps fixed slots, locked once (tlb.c): the guests
        # of a core share its lockable entries, in guest order (tlb_slots()).
        srt = [g for g in on if g.level == SRT]
        slots = tlb_slots(srt, limit)
        left = [g for g in srt if g.index not in slots and _sections(g) <= limit]
        if left:
            parts = ", ".join(f"'{g.name}' {_sections(g)}" for g in srt)
            names = ", ".join(f"'{g.name}'" for g in left)
            errors.warn(rules.TLB_SLOTS, left[0].regions[-1].loc,
                        f"the SRT guests of core {core} need "
                        f"{sum(_sections(g) for g in srt)} locked TLB entries ({parts}), but "
                        f"the core has {limit} (platform 'tlb_lockable_entries'): no slot is "
                        f"left for {names}, which walk their tables at TLB misses",
                        hint="give them fewer 1 MB sections or move one to another core")


def _sections(g: Guest) -> int:
    return sum(r.size // SECTION for r in g.regions)


def tlb_slots(srt: list[Guest], limit: int) -> dict[int, int]:
    """Guest index -> its first locked TLB slot, for the SRT guests of one
    core in guest order; a guest whose sections do not all fit gets none."""
    out, used = {}, 0
    for g in srt:
        n = _sections(g)
        if used + n <= limit:
            out[g.index] = used
            used += n
    return out


def with_overhead(system: System, tasks: tuple[timing.Task, ...]) -> tuple[timing.Task, ...]:
    """The tasks with every job charged the monitor's cost (issue 8)."""
    cost = system.platform.monitor_cost
    o = cost.per_job_ns if cost else 0
    return tuple(timing.Task(k.name, k.budget + o, k.period, k.deadline) for k in tasks)


def release_lead_ticks(system: System, g: Guest) -> int:
    """The lead of an `exact_release` guest in private-timer ticks, rounded
    up (the timer fires at least that early); 0 without it."""
    cost = system.platform.monitor_cost
    if g.schedule is None or not g.schedule.exact_release or cost is None:
        return 0
    return -(-cost.lead_ns * system.platform.private_timer_hz // 1_000_000_000)


def lead_ns(system: System, g: Guest) -> int:
    """The time an `exact_release` guest's lead takes the core at every
    release: its ticks (allocate.release_lead_ticks, rounded up) in ns,
    rounded up; 0 without it."""
    hz = system.platform.private_timer_hz
    return -(-release_lead_ticks(system, g) * 1_000_000_000 // hz)


def with_lead(system: System, guests: tuple[Guest, ...], tasks: tuple[timing.Task, ...],
              cost: bool = True) -> tuple[timing.Task, ...]:
    """The tasks with every job of an `exact_release` guest charged its lead,
    and with `cost` every job the monitor's cost as well."""
    base = with_overhead(system, tasks) if cost else tasks
    return tuple(timing.Task(k.name, k.budget + lead_ns(system, g), k.period, k.deadline)
                 for g, k in zip(guests, base))


def _admits(tasks: tuple[timing.Task, ...], blocking: int = 0) -> timing.Result | None:
    """The EDF analysis of `tasks` (with `blocking` ns masked on nobody's
    job, timing.analyse), or None when a job cannot fit its deadline at all."""
    if any(k.budget > k.deadline for k in tasks):
        return None
    return timing.analyse(tasks, blocking)


def lead_blocking(system: System, guests: tuple[Guest, ...]) -> int:
    """The blocking a core's time-triggered releases cause, ns: a release's
    wait runs masked before it, in the window of whichever job runs then
    (monitor/core/release.c); waits never overlap, so it is the longest
    lead (edf_admissible counts the same)."""
    return max((lead_ns(system, g) for g in guests if g.schedule.exact_release), default=0)


def _lead(system: System, core: int, guests: tuple[Guest, ...],
          tasks: tuple[timing.Task, ...], errors: Collector) -> None:
    """E095: the core's SRT guests meet their deadlines today (with the
    monitor's cost, or, where W010 already says they do not, without it) but
    not once the leads of its `exact_release` guests are charged too."""
    leads = [g for g in guests if g.schedule.exact_release]
    cost = system.platform.monitor_cost
    if not leads or cost is None:
        return
    base = _admits(with_overhead(system, tasks))
    charged = base is not None and base.schedulable
    if not charged:
        base = timing.analyse(tasks)
    loaded = with_lead(system, guests, tasks, cost=charged)
    r = _admits(loaded, lead_blocking(system, guests))
    if r is not None and r.schedulable:
        return
    g = leads[0]
    hz = system.platform.private_timer_hz
    lead = lead_ns(system, g)
    shown = show_time(lead) if lead % 1000 == 0 else f"{lead / 1000:.3f}".rstrip("0") + "us"
    names = ", ".join(f"'{x.name}'" for x in leads)
    why = (f"{shown}: {release_lead_ticks(system, g)} ticks at {hz} Hz for longest_path "
           f"{cost.longest_path} + release {cost.release} instructions at {cost.cpu_hz} Hz, "
           f"platform 'monitor_cost', {cost.loc}")
    with_what = "with the monitor's cost" if charged else "without the monitor's cost"
    if r is None:
        k = next(k for k in loaded if k.budget > k.deadline)
        x = next(x for x in guests if x.name == k.name)
        what = (f"the budget {show_time(x.schedule.budget)} of guest '{x.name}' and its lead, "
                f"{with_what}, exceed its deadline {show_time(x.schedule.deadline)}")
    elif r.utilisation > 1:
        what = (f"the SRT utilisation of core {core} is {_pct(r.utilisation)} {with_what}; "
                f"{_pct(base.utilisation)} without the leads")
    elif r.undecided:
        what = (f"the processor-demand test of core {core} needs more than "
                f"{timing.MAX_POINTS} deadlines")
    else:
        t, d = r.failure
        what = (f"the SRT guests of core {core} miss deadlines under EDF {with_what}: they "
                f"need {show_time(d)} of CPU within the first {show_time(t)}, a lead's "
                f"masked wait before a release included")
    errors.error(rules.RELEASE_LEAD, g.schedule.exact_loc or g.schedule.loc,
                 f"exact_release of SRT guest {names} does not fit on core {core}: its lead "
                 f"({why}) is core time at every release, and {what}",
                 hint="drop exact_release, lower a budget or lengthen a period")


def _overhead(system: System, core: int, guests: tuple[Guest, ...],
              tasks: tuple[timing.Task, ...], errors: Collector) -> None:
    cost = system.platform.monitor_cost
    if cost is None:
        return
    loaded = with_overhead(system, tasks)
    late = [g for g, k in zip(guests, loaded) if k.budget > k.deadline]
    r = None if late else timing.analyse(loaded)
    if r is not None and r.schedulable:
        return
    last = guests[-1]
    ns = cost.per_job_ns
    shown = show_time(ns) if ns % 1000 == 0 else f"{ns / 1000:.3f}".rstrip("0") + "us"
    why = (f"the monitor's cost of {shown} per job (release + 2 switches + "
           f"interrupt = {cost.per_job_instructions} instructions at {cost.cpu_hz} Hz, "
           f"platform 'monitor_cost', {cost.loc})")
    if late:
        g = late[0]
        msg = (f"SRT guest '{g.name}' cannot meet its deadline {show_time(g.schedule.deadline)}: "
               f"its budget {show_time(g.schedule.budget)} plus {why} exceeds it")
        errors.warn(rules.MONITOR_OVERHEAD, g.schedule.loc, msg,
                     hint="lengthen the deadline or lower the budget")
        return
    if r.utilisation > 1:
        msg = (f"SRT utilisation of core {core} is {_pct(r.utilisation)} with {why}; "
               f"{_pct(timing.analyse(tasks).utilisation)} without it")
    elif r.undecided:
        msg = (f"the processor-demand test of core {core} with {why} needs more than "
               f"{timing.MAX_POINTS} deadlines")
    else:
        t, d = r.failure
        msg = (f"SRT guests of core {core} miss deadlines under EDF with {why}: they need "
               f"{show_time(d)} of CPU within the first {show_time(t)}")
    errors.warn(rules.MONITOR_OVERHEAD, last.schedule.loc, msg,
                 hint="lower a budget, lengthen a period or move a guest to another core")


def _unschedulable(core: int, guests: tuple[Guest, ...], result: timing.Result,
                   errors: Collector) -> None:
    last = guests[-1]
    if result.utilisation > 1:
        parts = [f"guest '{g.name}' {_pct(Fraction(g.schedule.budget, g.schedule.period))}"
                 + ("" if g is last else f" ({g.schedule.loc})") for g in reversed(guests)]
        errors.error(rules.UNSCHEDULABLE, last.schedule.loc,
                     f"SRT utilisation of core {core} is {_pct(result.utilisation)} (over "
                     "100%): " + ", ".join(parts),
                     hint="lower a budget, lengthen a period or move a guest to another core")
        return
    parts = [f"guest '{g.name}' budget {show_time(g.schedule.budget)} deadline "
             f"{show_time(g.schedule.deadline)} period {show_time(g.schedule.period)}"
             + ("" if g is last else f" ({g.schedule.loc})") for g in reversed(guests)]
    if result.undecided:
        msg = (f"the processor-demand test of core {core} needs more than "
               f"{timing.MAX_POINTS} deadlines (hyperperiod {show_time(result.hyperperiod)}): ")
        hint = "choose periods with a smaller least common multiple"
    else:
        t, d = result.failure
        msg = (f"SRT guests of core {core} miss deadlines under EDF: they need "
               f"{show_time(d)} of CPU within the first {show_time(t)} (processor-demand "
               f"test, utilisation {_pct(result.utilisation)}): ")
        hint = "lengthen a deadline or lower a budget"
    errors.error(rules.UNSCHEDULABLE, last.schedule.loc, msg + ", ".join(parts), hint=hint)


def check_devices(system: System, errors: Collector) -> None:
    owner: dict[object, tuple[Guest, object]] = {}
    pages: dict[int, tuple[Guest, object]] = {}
    irqs: dict[object, tuple[Guest, object]] = {}
    mon_pages: dict[int, object] = {}
    console = system.console
    for dev in system.platform.monitor_devices + (console,):
        for page in dev.pages:
            mon_pages.setdefault(page, dev)
    for g in system.guests:
        for use in g.devices:
            dev = use.device
            key = (dev.name, g.core) if dev.private else dev.name
            if key in owner:
                og, ou = owner[key]
                if not (use.access == MEDIATED and ou.access == MEDIATED):
                    errors.error(rules.DEVICE_CONFLICT, use.loc,
                                 f"device '{dev.name}' of guest '{g.name}' is already given to "
                                 f"guest '{og.name}' ({ou.loc})",
                                 hint="two guests may share a device only if both have it "
                                      "`access: mediated`")
                    continue
            owner.setdefault(key, (g, use))
            if dev.private:
                continue  # banked per core: its page is the core's own
            for page in dev.pages:
                if page in mon_pages:
                    md = mon_pages[page]
                    what = "the console" if md is console else "monitor device"
                    errors.error(rules.DEVICE_CONFLICT, use.loc,
                                 f"device '{dev.name}' of guest '{g.name}' shares the 4 KB page "
                                 f"0x{page:08x} with {what} '{md.name}' ({md.loc})")
                    break
                other = pages.get(page)
                if other and other[0] is not g and other[1].device is not dev and not (
                        use.access == MEDIATED and other[1].access == MEDIATED):
                    og, ou = other
                    errors.error(rules.DEVICE_CONFLICT, use.loc,
                                 f"device '{dev.name}' of guest '{g.name}' shares the 4 KB page "
                                 f"0x{page:08x} with device '{ou.device.name}' of guest "
                                 f"'{og.name}' ({ou.loc})")
                    break
                pages.setdefault(page, (g, use))
            if use.access == MEDIATED and not any(w.device is dev for w in g.io):
                errors.warn(rules.DEVICE_UNMAPPED, use.loc,
                            f"mediated device '{dev.name}' of guest '{g.name}' has no io "
                            "window: the guest cannot reach it",
                            hint=f"add io: [{{guest: <address>, device: {dev.name}, size: "
                                 f"{show_size(dev.size)}}}]")
        for irq in g.irqs:
            key = irq.id if irq.id >= 32 else (irq.id, g.core)
            if key in irqs:
                og, oi = irqs[key]
                errors.error(rules.IRQ_CONFLICT, irq.loc,
                             f"IRQ {irq.id} of guest '{g.name}' is already routed to guest "
                             f"'{og.name}' ({oi.loc})")
                continue
            irqs[key] = (g, irq)
    if system.console_input is not None:
        cirq = console.irqs[0]
        if cirq in irqs:
            og, oi = irqs[cirq]
            errors.error(rules.IRQ_CONFLICT, oi.loc,
                         f"IRQ {cirq} of guest '{og.name}' is the console's input interrupt, "
                         f"owned by the monitor ({system.console_loc})")


def _free_physical(system: System, region: Region, align: int) -> int | None:
    """First free `align`-aligned physical address with room for the region."""
    taken = [(system.monitor_base, system.monitor_size)]
    taken += [(r.base, r.size) for g in system.guests for r in g.regions
              if r.base is not None and r is not region]
    for bank in system.platform.ram:
        a = space.first_free(taken, bank.base, region.size, align, bank.base + bank.size)
        if a is not None:
            return a
    return None


def check_memory(system: System, errors: Collector) -> None:
    mbase, msize, mloc = system.monitor_base, system.monitor_size, system.monitor_loc
    placed: list[tuple[Guest, Region]] = []
    for g in system.guests:
        align = PAGE if g.level == NRT else SECTION
        unit = "4 KB" if g.level == NRT else "1 MB"
        for r in g.regions:
            if r.base is None or r.base + r.size > 1 << 32:
                continue
            mine = show_range(r.base, r.size)
            hits = []
            if overlaps(r.base, r.size, mbase, msize):
                hits.append(f"the monitor memory {show_range(mbase, msize)} ({mloc})")
            for og, orr in placed:
                if overlaps(r.base, r.size, orr.base, orr.size):
                    hits.append(f"guest '{og.name}' memory {show_range(orr.base, orr.size)} "
                                f"({orr.loc})")
            for hit in hits:
                free = _free_physical(system, r, align)
                hint = (f"0x{free:08x} is the first free {unit}-aligned physical address with "
                        f"room for {show_size(r.size)}" if free is not None else "")
                errors.error(rules.MEMORY_OVERLAP, r.loc,
                             f"guest '{g.name}' memory {mine} overlaps {hit}", hint=hint)
            placed.append((g, r))
            rsv = system.platform.boot_reserved
            if rsv and overlaps(r.base, r.size, rsv[0], rsv[1]):
                errors.error(rules.BOOT_RESERVED, r.loc,
                             f"guest '{g.name}' memory {mine} overlaps "
                             f"{show_range(rsv[0], rsv[1])}, which the boot hand-off of the "
                             f"secondary core reserves ({system.platform.boot_loc})",
                             hint=f"keep guest memory below 0x{rsv[0]:08x}")


def _align_of(item: space.Item, g: Guest) -> int:
    if item.kind == "foreign":
        return SECTION
    if item.kind == "ram":
        return PAGE if g.level == NRT else SECTION
    return 4 if item.kind in ("io", "proxy") else PAGE


def check_spaces(system: System, errors: Collector) -> None:
    monitor = space.monitor_items(system)
    for g in system.guests:
        if g.non_secure:
            continue      # its own MMU: the monitor maps nothing into it
        own = sorted(space.guest_items(g), key=lambda i: (i.loc, i.va))
        # The test-only foreign section comes last: reported at itself, whatever it hits.
        items = own + space.foreign_items(system, g)
        for j, item in enumerate(items):
            if item.va + item.size > 1 << 32:
                continue
            others = [o for o in items[:j] if overlaps(item.va, item.size, o.va, o.size)
                      and not (o.identity and item.identity and o.kind == item.kind)]
            others += [m for m in monitor if overlaps(item.va, item.size, m.va, m.size)
                       and not item.identity]
            for o in others:
                hint = ""
                if not item.identity and not (g.level == HRT and item.kind == "ram"):
                    align = _align_of(item, g)
                    taken = [(i.va, i.size) for i in items + monitor if i is not item]
                    free = space.first_free(taken, item.va, item.size, align)
                    if free is None:
                        free = space.first_free(taken, 0, item.size, align)
                    if free is not None:
                        hint = (f"0x{free:08x} is the next free guest address "
                                f"({'4-byte' if align == 4 else show_size(align)}-aligned) "
                                f"with room for {show_size(item.size)}")
                what = item.subject if item.kind != "ram" else "virtual memory"
                errors.error(rules.ADDRESS_OVERLAP, item.loc,
                             f"guest '{g.name}' {what} {item.range} overlaps {o.object} "
                             f"({o.loc})", hint=hint)


def _sources(root: str, g: Guest) -> str | None:
    """The text of a guest's sources (None: a prebuilt image, nothing to read)."""
    if g.build.elf:
        return None
    path = os.path.join(root, g.image_dir)
    text = []
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return ""
    names += [os.path.relpath(os.path.join(root, s), path) for s in g.build.sources
              if os.path.dirname(os.path.join(root, s)) != os.path.normpath(path)]
    for n in names:
        if os.path.splitext(n)[1] in (".c", ".h", ".S", ".s", ".cpp"):
            try:
                with open(os.path.join(path, n), encoding="utf-8", errors="replace") as f:
                    text.append(f.read())
            except OSError:
                continue
    return "\n".join(text)


def check_usage(system: System, errors: Collector, root: str) -> None:
    """Warnings that read the guests' sources for the generated macro names."""
    cache: dict[int, str | None] = {}

    def src(g: Guest) -> str | None:
        if g.index not in cache:
            cache[g.index] = _sources(root, g)
        return cache[g.index]

    def unused(g: Guest, macro: str) -> bool:
        """No source mentions `macro` (never said of a prebuilt image)."""
        text = src(g)
        return text is not None and macro not in text

    for g in system.guests:
        if g.non_secure:
            continue
        for n, r in enumerate(g.regions[1:], start=1):
            macro = f"GUEST_RAM{n}_VA"
            if unused(g, macro):
                errors.warn(rules.MEMORY_UNUSED, r.loc,
                            f"memory region {n + 1} of guest '{g.name}' "
                            f"({show_range(r.va, r.size)}) is used by nothing: its image, stack "
                            f"and heap live in the first region, and no source in {g.image_dir} "
                            f"refers to {macro}",
                            hint="remove the region, or use it through GUEST_RAM"
                                 f"{n}_VA/_SIZE from guest_config.h")
    for c in system.channels:
        reader = system.guests[c.reader]
        if reader.non_secure:
            continue      # it finds the channel in its device tree
        macro = f"CHANNEL_{c.name.upper()}_VA"
        if unused(reader, macro):
            errors.warn(rules.CHANNEL_UNREAD, c.loc,
                        f"nobody reads channel '{c.name}': no source of its reader "
                        f"'{reader.name}' in {reader.image_dir} refers to {macro}")


def check_system(system: System, errors: Collector, root: str) -> None:
    from . import trustzone
    from .checks_ns import check_ns
    check_cores(system, errors)
    check_ns(system, errors)
    check_devices(system, errors)
    trustzone.check(system, errors)
    check_memory(system, errors)
    check_spaces(system, errors)
    check_usage(system, errors, root)
