"""The isolation matrix (generator/probes.py), checked against the
translation tables decoded back from config_gen.c (verify.py), for every
system we have: no probe is something its guest may do, and every other
guest's memory, the monitor and every device the guest was not given has a
probe. The QEMU side (tests/system/test_attack.py) runs the probes."""
from __future__ import annotations

import pytest

from generator import probes, verify
from generator.model import HRT
from test_tables import _render, _systems


def _fault(pages: dict, dacr: int, va: int) -> str:
    """The fault name from the decoded tables (ARM ARM B3.12 order)."""
    m = pages.get(va & ~0xfff)
    if m is None:
        table = any(k >> 20 == va >> 20 and not x.section for k, x in pages.items())
        return f"translation fault ({'page' if table else 'section'})"
    level = "section" if m.section else "page"
    if verify.domain_access(dacr, m.domain) in (0, 2):
        return f"domain fault ({level})"
    return f"permission fault ({level})"


@pytest.mark.parametrize("system,overlays", _systems(), ids=lambda v: str(v))
def test_every_probe_is_forbidden_and_every_target_is_probed(system, overlays):
    layout, c_text = _render(system, overlays)
    sysm = layout.system
    for gl in layout.guests:
        g = gl.guest
        ps = probes.probes(layout, g.index)
        if g.level == HRT or g.non_secure:
            assert ps == []
            continue
        pages = verify.decode_c(c_text, gl.table.symbol)
        dacr = verify.decode_dacr(c_text, gl.table.symbol)
        for p in ps:
            assert p.kind == probes.UNDEF if p.op == probes.INSN else p.fault, p
            if p.op == probes.INSN:
                continue
            m = pages.get(p.address & ~0xfff)
            # Independently of probes.py's own walk: not reachable from User
            # mode, or (a write) reachable read-only, or (exec) never-execute.
            if m is not None and verify.reachable(m, dacr, privileged=False):
                assert (p.op == probes.WRITE and m.ap == verify.AP_USER_RO
                        or p.op == probes.EXEC and m.xn), (g.name, p, m.show())
            assert p.fault == _fault(pages, dacr, p.address), (g.name, p)
        addrs = {p.address for p in ps if p.op != probes.INSN}
        own = {run.pa for region in gl.regions for run in region}
        for other in layout.guests:
            if other.guest.index != g.index:
                firsts = {region[0].pa for region in other.regions} - own
                probed = {a for a in firsts if a in addrs}
                # A first frame of another guest that this guest maps at the
                # same virtual address (its own memory there) cannot be probed.
                unprobed = {a for a in firsts - probed if (a & ~0xfff) not in pages}
                assert not unprobed, (g.name, other.guest.name, sorted(map(hex, unprobed)))
        assert sysm.monitor_base in addrs
        given = {u.device.name for u in g.devices}
        for dev in sysm.platform.monitor_devices + sysm.platform.devices:
            if dev.name not in given:
                assert dev.base & ~3 in addrs, (g.name, dev.name)
        assert {p.insn for p in ps if p.op == probes.INSN} >= {w for _, w in probes.INSTRUCTIONS}
