"""QEMU scenarios of the cross-core protocols: the proxied-I/O wake-up with
its race window widened, under multi-threaded TCG (both cores really run
at once, no -icount), and the temporal isolation of proxied-I/O slots per
client/service pair. What QEMU cannot show (weak memory ordering) is
proved by tests/models (spin) and tests/tsan (ThreadSanitizer)."""
from __future__ import annotations

import re

from qemu import boot, build
from test_rt import ICOUNT, counters

MTTCG = ["-accel", "tcg,thread=multi"]


def test_proxied_read_answered_before_the_client_blocks_still_wakes_it():
    # build: test_proxy_delay keeps the client's core busy between publishing
    # each read and blocking, while the service on core 1 polls: its answer
    # comes first. Before the fix the client then blocked forever.
    elf = build("tests/system/proxy_race.yaml", "test-proxy-race")
    gen = (elf.parent / "gen" / "config_gen.c").read_text()
    assert ".test_proxy_delay = 300000," in gen
    run = boot(elf, timeout=60, extra=MTTCG)
    assert not run.timed_out, "the client never woke up:\n" + run.output
    assert run.exit_code == 0, run.output
    assert re.search(r"^\[client\] client: 17 reads answered, 0 wrong, \d+ completion interrupts$",
                     run.output, re.M), run.output
    assert "[server] server: 33 requests served" in run.output


def test_a_flood_of_a_deaf_service_does_not_starve_another_pair():
    elf = build("tests/system/proxy_flood.yaml", "test-proxy-flood")
    gen = (elf.parent / "gen" / "config_gen.c").read_text()
    # one pair each, with slots of its own
    assert re.search(r"\.client = 1, \.service = 3, \.first_slot = 0, \.n_slots = 4\},"
                     r"   /\* victim -> server \*/", gen), gen
    assert re.search(r"\.client = 2, \.service = 4, \.first_slot = 4, \.n_slots = 4\},"
                     r"   /\* flooder -> deaf \*/", gen), gen
    run = boot(elf, timeout=90, extra=ICOUNT,
               until=[r"^\[victim\] victim: 500 reads answered", r"^\[periodic\] periodic: 200 jobs"])
    out = run.output
    assert "[flooder] flooder: flooding a service that never answers" in out, out
    assert "[victim] victim: reading its device" in out, out
    assert not run.timed_out, "the victim was starved:\n" + out
    assert re.search(r"^\[victim\] victim: 500 reads answered, 0 wrong$", out, re.M), out
    # the SRT guest of the flooder's core keeps every deadline
    c = counters(run, "periodic")
    assert c and c[-1][0] >= 200 and all(m == 0 and o == 0 for _, m, o in c), out
    assert "stopped" not in out, out
