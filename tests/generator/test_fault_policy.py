"""Fault policies in the generated tables and report: on_fault,
max_restarts, what a restart clears, on_all_stopped and the SLCR."""
from __future__ import annotations

import re

from test_tables import _render


def _guest_block(c_text: str, name: str) -> str:
    start = c_text.index(f'.name = "{name}"')
    return c_text[start:c_text.index("    },", start)]


def test_restart_tables_of_the_restart_scenario():
    layout, c = _render("tests/system/restart.yaml")
    crash_n = _guest_block(c, "crash_n")
    assert ".on_fault = FAULT_RESTART," in crash_n and ".max_restarts = 12," in crash_n
    victim = _guest_block(c, "victim")
    assert ".on_fault = FAULT_STOP," in victim and ".max_restarts = 0," in victim
    # A restart clears the guest's RAM and the channel it writes, nothing else.
    gl = next(g for g in layout.guests if g.guest.name == "crash_n")
    clear = re.search(r"crash_n_restart_clear\[\] = \{.*?\n(.*?)\n\};", c, re.S).group(1)
    vas = [int(v, 16) for v in re.findall(r"\.va = (0x[0-9a-f]+)", clear)]
    writer_ends = [e.va for e in gl.channels if e.writer]
    assert vas == [r.va for r in gl.guest.regions] + writer_ends and writer_ends
    reader = next(g for g in layout.guests if g.guest.name == "healthlog")
    reader_clear = re.search(r"healthlog_restart_clear\[\] = \{.*?\n(.*?)\n\};", c, re.S).group(1)
    assert [int(v, 16) for v in re.findall(r"\.va = (0x[0-9a-f]+)", reader_clear)] == \
        [r.va for r in reader.guest.regions]
    assert ".on_all_stopped = ALL_STOPPED_HALT," in c and ".slcr_base = 0xf8000000," in c


def test_on_all_stopped_reset_and_the_report():
    _, c = _render("tests/system/allstop_reset.yaml")
    assert ".on_all_stopped = ALL_STOPPED_RESET," in c
    from generator import allocate, emit, validate
    sysm, _ = validate.load_system(".", "tests/system/restart.yaml", "default", [])
    report = emit.render(allocate.allocate(sysm), "templates", "build/x/gen", [])["report.txt"]
    assert "      on fault: restart (at most 6 restarts, then stop)" in report
    assert "When every guest has stopped" not in report     # the default, halt
