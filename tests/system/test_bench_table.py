"""make bench's table (tests/system/bench.py): the per-event trace rows and
the target / published columns, from given results, without QEMU."""
from __future__ import annotations

from bench import (OVM_MHZ, PUBLISHED, ROWS, TARGETS, TRACE_EVENTS, TRACE_ROWS, row_values,
                   side_by_side)

MINUS = {"": 0, "t": 1, "h": 1, "i": 2, "d": 3}


def test_a_trace_event_costs_the_difference_over_the_records():
    results = {"null_hypercall": (116, 116, 120, 501), "null_hypercall_trace": (170, 171, 180, 501),
               "yield_roundtrip": (1092, 1092, 1092, 501),
               "yield_roundtrip_trace": (1482, 1482, 1482, 501)}
    assert row_values(results, MINUS, "null_hypercall_trace", "e") == (54, 55, 60, None)
    assert row_values(results, MINUS, "yield_roundtrip_trace", "e") == (97.5, 97.5, 97.5, None)
    assert row_values(results, MINUS, "yield_roundtrip_trace", "h") == (740, 740, 740, 501)
    del results["null_hypercall"]                   # the row with trace off is missing
    assert row_values(results, MINUS, "null_hypercall_trace", "e") is None
    # every [e] row names a traced row of the table and the row it is compared with
    for _, key, _, sub in TRACE_ROWS:
        if sub == "e":
            off, events = TRACE_EVENTS[key]
            assert events >= 1 and any(k == off for _, k, _, _ in ROWS)


def test_each_row_shows_its_target_and_the_published_figure_with_the_ratio():
    # OVM's vCPU switch, 280 ns at 800 MHz, is 224 cycles
    assert OVM_MHZ == 800 and PUBLISHED[("yield_roundtrip", "h")] == ("OVM", 224)
    assert PUBLISHED[("devirq_srt", "d")] == ("OVM", 64)      # (150 - 70) ns
    assert side_by_side("yield_roundtrip", "h", (545, 545, 545, 501)).split() == \
        ["<=150", "no", "OVM", "224", "2.43x"]
    assert side_by_side("yield_roundtrip", "h", (150, 224, 300, 501)).split() == \
        ["<=150", "yes", "OVM", "224", "1.00x"]
    assert side_by_side("hrt_irq_asm", "i", (0, 0, 1, 501)).split() == \
        ["<=0", "yes", "OVM", "0", "="]
    # the jitter target is on the spread
    assert side_by_side("jitter_hcspin", "", (-79, -20, 33, 250)).split()[:2] == ["<=20*", "no"]
    assert side_by_side("jitter_hcspin", "", (-9, 0, 10, 250)).split()[:2] == ["<=20*", "yes"]
    # LTZVisor's anchors beside the world-switch rows, unconverted
    assert side_by_side("world_in", "", (60, 60, 61, 250)).split() == \
        ["-", "-", "LTZ", "54", "1.11x"]
    assert side_by_side("io_direct", "t", (1, 1, 1, 501)).split() == ["-", "-", "-", "-"]
    # every target and published figure belongs to a row of the table, or to
    # one another branch adds (the world-switch rows)
    rows = {(k, s) for _, k, _, s in ROWS}
    assert set(TARGETS) <= rows
    assert set(PUBLISHED) - rows <= {("fiq_linux_job", ""), ("world_out", ""), ("world_in", "")}
