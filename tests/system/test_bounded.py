"""Bounded monitor work (issue 8): no hypercall may hold a core long enough
for a guest next to the caller to miss a deadline, and admission counts
the monitor's own cost."""
from __future__ import annotations

import re

from qemu import boot, build
from test_rt import ICOUNT, counters


# The victim prints its counters every 100 of its jobs: wait for two reports.
TWO_REPORTS = r"^\[srt_v\] periodic: \d+ jobs,[\s\S]*^\[srt_v\] periodic: \d+ jobs,"


def test_maximal_console_writes_do_not_cost_the_srt_guest_a_deadline():
    elf = build("tests/system/flood.yaml", "test-flood")
    run = boot(elf, timeout=120, extra=ICOUNT, until=[TWO_REPORTS])
    assert not run.timed_out, run.output
    v = counters(run, "srt_v")
    assert len(v) >= 2 and v[-1][0] >= 200, run.output
    assert all(m == 0 and o == 0 for _, m, o in v), run.output
    # The attack ran: the flooder made calls and the monitor took its bytes.
    f = [tuple(int(x) for x in m) for m in re.findall(
        r"^\[flooder\] flooder: (\d+) calls, (\d+) KiB taken$", run.output, re.M)]
    assert f and f[-1][0] > 1000 and f[-1][1] > 1024, run.output


def test_set_rt_that_fits_only_without_the_monitors_cost_is_refused():
    elf = build("tests/system/setrt_greedy.yaml", "test-setrt-greedy")
    run = boot(elf, timeout=120, extra=ICOUNT, until=[TWO_REPORTS])
    assert not run.timed_out, run.output
    assert ("[rtgreedy] rtgreedy: set_rt(100us, 60us, 100us) -> -22, set_rt(5us, 3us, 5us) -> -22"
            in run.output), run.output
    v = counters(run, "srt_v")
    assert len(v) >= 2 and v[-1][0] >= 200, run.output
    assert all(m == 0 and o == 0 for _, m, o in v), run.output
