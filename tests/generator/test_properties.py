"""Property-based tests (hypothesis): random valid systems generate, the table
checker agrees with the model, and no two guests reach the same physical
page except through a channel; a single random mutation of a valid system
is accepted or refused with rule ids, never a traceback."""
from __future__ import annotations

import os
import shutil
import tempfile

import yaml

import hypothesis  # python3-hypothesis, installed by scripts/setup-host.sh: missing = failure
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT  # noqa: E402
from generator import hrtmap, rules, verify  # noqa: E402
from generator.__main__ import generate  # noqa: E402
from generator.diag import ConfigError  # noqa: E402
from generator.load import load_yaml  # noqa: E402
from generator import timing  # noqa: E402

SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "100")), deadline=None,
                    derandomize=not os.environ.get("PROPERTY_RANDOM"), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEWER = settings(SETTINGS, max_examples=max(1, SETTINGS.max_examples // 2))
DEVICES = {"uart1": [82], "i2c0": [57], "i2c1": [80], "spi0": [58], "spi1": [81], "can0": [60],
           "can1": [83], "gpio": [52], "ttc0": [42, 43, 44], "ttc1": [69, 70, 71], "qspi": [51]}
# The platform's bus masters (UG585 ch. 5.1): refused for User-mode guests without trusted_dma.
BUS_MASTERS = {"dmac": [45], "gem0": [54], "gem1": [77], "sd0": [56], "sd1": [79], "usb0": [53],
               "usb1": [76], "devcfg": [40]}
PERIODS = [1_000_000, 2_000_000, 5_000_000, 10_000_000]


@st.composite
def systems(draw) -> dict:
    n_srt = draw(st.integers(0, 3))
    n_nrt = draw(st.integers(0 if n_srt else 1, 3))
    hrt = draw(st.booleans())
    # 2 MB slots: an SRT guest has up to 2 sections.
    slots = iter(draw(st.lists(st.integers(8, 450), min_size=8, max_size=8, unique=True)))
    devices = iter(draw(st.permutations(sorted(DEVICES))))
    guests = []
    if hrt:
        g = {"name": "hrt", "level": "HRT", "core": 1, "image": "motor",
             "memory": [{"base": next(slots) << 21, "size": "1M"}],
             "devices": [{"name": "cpu_private"}], "irqs": [29]}
        guests.append(g)
    shared_cores = [0] if hrt else [0, 1]
    budgets_left = {c: 0.9 for c in shared_cores}
    for i in range(n_srt):
        core = draw(st.sampled_from(shared_cores))
        period = draw(st.sampled_from(PERIODS))
        share = draw(st.floats(0.01, 0.3))
        # at least the platform's scheduling_minimums budget (20us, E094)
        budget = max(20_000, int(period * min(share, budgets_left[core])) // 1000 * 1000)
        budgets_left[core] -= budget / period
        deadline = draw(st.integers(budget // 1000, period // 1000)) * 1000
        sections = draw(st.integers(1, 2))
        base = next(slots) << 21
        g = {"name": f"srt{i}", "level": "SRT", "core": core, "image": "sensor",
             "schedule": {"period": f"{period}ns", "budget": f"{budget}ns",
                          "deadline": f"{deadline}ns"},
             "memory": [{"guest": 0, "base": base, "size": f"{sections}M"}]}
        guests.append(g)
    for i in range(n_nrt):
        g = {"name": f"nrt{i}", "level": "NRT", "core": draw(st.sampled_from(shared_cores)),
             "image": "logger", "scatter": draw(st.booleans()),
             "memory": [{"guest": 0, "size": f"{draw(st.integers(1, 32)) * 4}K"}]}
        if draw(st.booleans()):
            g["vuart"] = {"guest": 0x40010000}
        guests.append(g)
    for g in guests:
        if g["level"] == "HRT":
            continue
        for _ in range(draw(st.integers(0, 2))):
            name = next(devices, None)
            if name is None:
                break
            if draw(st.booleans()):
                g.setdefault("devices", []).append({"name": name, "access": "mediated"})
                g.setdefault("io", []).append({"name": f"w_{name}", "guest": 0x50000000
                                               + 0x1000 * len(g.get("io", [])), "device": name,
                                               "size": 0x10})
            else:
                g.setdefault("devices", []).append({"name": name})
            if draw(st.booleans()):
                g.setdefault("irqs", []).append(DEVICES[name][0])
    sharing = [g["name"] for g in guests if g["level"] != "HRT"]
    channels = []
    if len(sharing) >= 2:
        for i in range(draw(st.integers(0, 3))):
            w, r = draw(st.permutations(sharing))[:2]
            channels.append({"name": f"ch{i}", "writer": w, "reader": r,
                             "size": f"{draw(st.integers(1, 4)) * 4}K",
                             "doorbell": draw(st.booleans())})
    system = {"platform": "zynq-7000", "guests": guests}
    if channels:
        system["channels"] = channels
    return system


def _schedulable(system: dict) -> bool:
    for core in (0, 1):
        tasks = tuple(timing.Task(g["name"], int(g["schedule"]["budget"][:-2]),
                                  int(g["schedule"]["period"][:-2]),
                                  int(g["schedule"]["deadline"][:-2]))
                      for g in system["guests"] if g["level"] == "SRT" and g["core"] == core)
        if not timing.analyse(tasks).schedulable:
            return False
    return True


def _generate(system: dict | str):
    tmp = tempfile.mkdtemp(prefix="prop-")
    try:
        path = os.path.join(tmp, "system.yaml")
        with open(path, "w") as f:
            f.write(system if isinstance(system, str) else yaml.safe_dump(system))
        return generate(str(ROOT), path, "prop", os.path.join(tmp, "gen"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _layout(system: dict, with_warnings: bool = False):
    """(layout, config_gen.c text[, warnings]) as generate() makes them, without writing."""
    from generator import allocate, emit, validate
    tmp = tempfile.mkdtemp(prefix="prop-")
    try:
        path = os.path.join(tmp, "system.yaml")
        with open(path, "w") as f:
            f.write(yaml.safe_dump(system))
        sysm, warnings = validate.load_system(str(ROOT), path, "prop")
        layout = allocate.allocate(sysm)
        c = emit.render(layout, str(ROOT / "templates"), "gen", [])["config_gen.c"]
        return (layout, c, warnings) if with_warnings else (layout, c)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@SETTINGS
@given(systems())
def test_random_valid_systems_generate_and_check(system):
    hypothesis.assume(_schedulable(system))
    summary, _ = _generate(system)
    assert summary.startswith("generated ")
    layout, c = _layout(system)
    assert verify.check_output(layout, c) == []
    # Independently of verify: which guests can reach each physical page?
    channel_pages = {}
    for cl in layout.channels:
        for pa, size in cl.runs:
            for off in range(0, size, 0x1000):
                channel_pages[pa + off] = {cl.channel.writer, cl.channel.reader}
    owners: dict[int, set[int]] = {}
    for gl in layout.guests:
        for va, m in verify.decode_c(c, gl.table.symbol).items():
            if m.ng:                     # the guest's own mappings (the monitor's are global)
                owners.setdefault(m.pa, set()).add(gl.guest.index)
    for pa, who in owners.items():
        if len(who) > 1:
            assert channel_pages.get(pa) == who, hex(pa)
    _assert_global_entries_identical(layout, c)
    _assert_no_guest_reaches_foreign_memory(layout, c)


def _assert_no_guest_reaches_foreign_memory(layout, c):
    """From the emitted tables and DACRs alone: no guest reaches another guest's
    RAM or the monitor's memory (ARM ARM B3.7: a client domain checks AP, a
    manager domain does not, no access faults; PL0 needs AP[1] set, PL1 any
    AP but 000). The one exception: an HRT guest's read-only alias of the
    monitor's smc page (code, generator/hrtmap.py)."""
    system = layout.system
    mon = range(system.monitor_base, system.monitor_base + system.monitor_size)
    ram = {}
    for gl in layout.guests:
        for runs in gl.regions:
            for run in runs:
                for off in range(0, run.size, 0x1000):
                    ram[run.pa + off] = gl.guest.index
    for gl in layout.guests:
        g = gl.guest
        if gl.table is None:
            continue                    # a Non-secure guest: no table of the monitor's
        dacr = verify.decode_dacr(c, gl.table.symbol)
        for va, m in verify.decode_c(c, gl.table.symbol).items():
            access = dacr >> 2 * m.domain & 3
            pl1 = g.level == "HRT"
            if not (access == 3 or access == 1 and (m.ap & 0b010 or pl1 and m.ap & 0b011)):
                continue
            if m.pa in mon:
                assert pl1 and m.ap == 0b101 and m.pa == hrtmap.smc_page(system), \
                    (g.name, hex(va), m)
            assert ram.get(m.pa, g.index) == g.index, (g.name, hex(va), hex(m.pa))


def _tables(layout):
    return [("monitor", layout.monitor_table.symbol)] + [(gl.guest.name, gl.table.symbol)
                                                         for gl in layout.guests
                                                         if gl.table is not None]


def _assert_global_entries_identical(layout, c):
    """Decoded independently of verify's own check: every global entry (the
    descriptor and the domain it is walked with) is the same in every table."""
    seen = {}
    for name, symbol in _tables(layout):
        for va, e in verify.global_entries(c, symbol).items():
            first = seen.setdefault(va, (name, e))
            assert first[1] == e, (hex(va), first, name, e)
    return seen


BESIDE_MONITOR = ["uart1", "i2c0", "gpio", "ttc0", "ttc1", "swdt"]   # 0xE000xxxx, 0xF800xxxx


@SETTINGS
@given(systems(), st.sampled_from(BESIDE_MONITOR), st.booleans(), st.booleans())
def test_global_entries_are_identical_beside_monitor_pages(system, device, mediated, hrt):
    # A guest device in the megabyte of the console (0xE00xxxxx) or of the
    # SLCR (0xF80xxxxx), and the HRT's cpu_private page in that of the GIC
    # (0xF8F0xxxx): mmu.py once gave such an L2 table the guest's domain.
    guests = [g for g in system["guests"] if g["level"] != "HRT"]
    for g in system["guests"]:
        if g.get("devices"):
            g["devices"] = [d for d in g["devices"] if d["name"] != device]
            g["io"] = [w for w in g.get("io", []) if w["device"] != device]
            g["irqs"] = [i for i in g.get("irqs", [])
                         if any(i in DEVICES.get(d["name"], ()) for d in g["devices"])
                         or g["level"] == "HRT"]
    g = guests[0]
    if mediated:
        g.setdefault("devices", []).append({"name": device, "access": "mediated"})
        g.setdefault("io", []).append({"name": "w_beside", "guest": 0x5F000000,
                                       "device": device, "size": 0x10})
    else:
        g.setdefault("devices", []).append({"name": device})
    if not hrt:
        system["guests"] = [x for x in system["guests"] if x["level"] != "HRT"]
    hypothesis.assume(_schedulable(system))
    layout, c = _layout(system)
    assert verify.check_output(layout, c) == []
    seen = _assert_global_entries_identical(layout, c)
    assert seen[0xE0000000][1].domain == 0          # the console, in every table


def _bus_master_pages(layout):
    return {pa: d.name for d in layout.system.platform.devices if d.bus_master for pa in d.pages}


@FEWER
@given(systems(), st.sampled_from(sorted(BUS_MASTERS)), st.data())
def test_no_bus_master_reaches_a_user_mode_guest_without_opt_in(system, device, data):
    # Give a bus master to a random guest, passthrough or mediated, with or
    # without the opt-in: accepted only for the HRT or with trusted_dma.
    g = data.draw(st.sampled_from(system["guests"]))
    mediated = g["level"] != "HRT" and data.draw(st.booleans())
    opt_in = data.draw(st.booleans())
    entry = {"name": device}
    if mediated:
        entry["access"] = "mediated"
        g.setdefault("io", []).append({"name": "w_dma", "guest": 0x5F000000, "device": device,
                                       "size": 0x10})
    if opt_in:
        entry["trusted_dma"] = "the property test trusts it"
    g.setdefault("devices", []).append(entry)
    hypothesis.assume(_schedulable(system))
    user = g["level"] != "HRT"
    try:
        layout, c, warnings = _layout(system, with_warnings=True)
    except ConfigError as e:
        ids = {d.rule.id for d in e.diagnostics if d.level == "error"}
        assert ids == {"E065"}, e        # refused for exactly this reason
        assert user != opt_in            # User mode without opt-in, or an opt-in on the HRT
        return
    assert user == opt_in
    assert [w.rule.id for w in warnings if w.rule.id == "W006"] == (["W006"] if user else [])
    assert verify.check_output(layout, c) == []
    masters = _bus_master_pages(layout)
    for gl in layout.guests:
        if gl.table is None:
            continue
        reached = {masters[m.pa] for m in verify.decode_c(c, gl.table.symbol).values()
                   if m.ng and m.pa in masters}
        allowed = ({u.device.name for u in gl.guest.devices} if gl.guest.level == "HRT"
                   else {u.device.name for u in gl.guest.devices if u.trusted_dma})
        assert reached <= allowed, (gl.guest.name, reached)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 2**33), st.sampled_from(
    ["", "4K", "0ms", "HRT", "uart0", "gicd", "monitor", "x" * 30, "1ms", "-1", "sensor",
     "srt0", "nrt0", "cpu_private", "8G", "passthrough", "mediated"]),
    st.lists(st.integers(0, 100), max_size=3), st.dictionaries(st.sampled_from(["a", "name"]),
                                                               st.integers(0, 3), max_size=2))


@SETTINGS
@given(systems(), st.data())
def test_single_mutations_are_accepted_or_refused_with_a_rule(system, data):
    paths = [p for p in _paths(system) if p]
    path = data.draw(st.sampled_from(paths))
    kind = data.draw(st.sampled_from(["replace", "delete", "add"]))
    parent = system
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "replace":
        parent[last] = data.draw(VALUES)
    elif isinstance(parent, dict):
        parent["unknown_" + str(last)] = data.draw(VALUES)
    else:
        parent.append(data.draw(VALUES))
    known = {r.id for r in rules.ALL}
    try:
        _generate(system)
    except ConfigError as e:
        assert e.diagnostics
        for d in e.diagnostics:
            assert d.rule.id in known


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@ \n\t0x1K")), max_size=80))
def test_random_text_never_crashes(text):
    try:
        _generate("platform: zynq-7000\n" + text)
    except ConfigError as e:
        assert all(d.rule.id for d in e.diagnostics)


def test_strategy_examples_are_loadable():
    # The shape the strategy writes is the documented one (a fixed example).
    doc = load_yaml(str(ROOT / "tests/generator/systems/full.yaml"))
    assert doc["guests"][0]["name"] == "motor"


OVERLAY_ENTRIES = st.one_of(
    VALUES,
    st.fixed_dictionaries({"name": st.sampled_from(["sensor", "logger", "motor", "new", "x"])},
                          optional={"remove": VALUES, "core": VALUES, "level": VALUES,
                                    "memory": VALUES, "schedule": VALUES, "devices": VALUES}),
    st.fixed_dictionaries({"id": st.integers(-1, 3)}, optional={"quantum": VALUES}))


@SETTINGS
@given(st.sampled_from(["guests", "channels", "cores", "monitor", "build", "platform"]),
       st.lists(OVERLAY_ENTRIES, max_size=3), VALUES, st.booleans())
def test_random_overlays_are_accepted_or_refused_with_a_rule(key, entries, value, as_list):
    tmp = tempfile.mkdtemp(prefix="prop-")
    try:
        overlay = os.path.join(tmp, "over.yaml")
        with open(overlay, "w") as f:
            f.write(yaml.safe_dump({key: entries if as_list else value}))
        try:
            generate(str(ROOT), str(ROOT / "system.yaml"), "prop", os.path.join(tmp, "gen"),
                     [overlay])
        except ConfigError as e:
            assert all(d.rule.id for d in e.diagnostics)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
