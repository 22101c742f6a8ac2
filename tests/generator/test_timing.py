"""EDF schedulability (generator/timing.py) against an independent simulation."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest

from generator import timing
from generator.timing import Task


def _t(c: int, t: int, d: int | None = None, name: str = "x") -> Task:
    return Task(name, c, t, t if d is None else d)


def test_implicit_deadlines_use_the_utilisation_bound():
    r = timing.analyse((_t(2, 10), _t(3, 5)))
    assert r.implicit and r.schedulable and r.utilisation == Fraction(4, 5)
    assert (r.hyperperiod, r.points, r.slack) == (10, 0, Fraction(1, 5))
    assert not timing.analyse((_t(6, 10), _t(3, 5))).schedulable


def test_constrained_deadlines_use_processor_demand():
    # U = 50%, but both jobs must finish within 4: demand 5 at t = 4.
    r = timing.analyse((_t(3, 10, 4), _t(2, 10, 4)))
    assert not r.schedulable and r.failure == (4, 5) and not r.implicit
    # Same utilisation, staggered deadlines: feasible.
    r = timing.analyse((_t(3, 10, 4), _t(2, 10, 6)))
    assert r.schedulable and r.failure is None and r.points >= 2
    assert timing.demand((_t(3, 10, 4), _t(2, 10, 6)), 26) == 3 * 3 + 3 * 2


def test_full_utilisation_is_checked_up_to_the_hyperperiod():
    r = timing.analyse((_t(5, 10, 5), _t(5, 10, 10)))
    assert r.schedulable and r.utilisation == 1 and r.bound == 20
    assert not timing.analyse((_t(5, 10, 5), _t(5, 10, 9))).schedulable


def test_undecided_when_too_many_deadlines(monkeypatch):
    monkeypatch.setattr(timing, "MAX_POINTS", 10)
    r = timing.analyse((_t(1, 997, 996), _t(1, 1009, 1000), _t(495, 1000, 500),
                        _t(495, 1000, 1000)))
    assert r.undecided and not r.schedulable


def _edf_meets_deadlines(tasks: tuple[Task, ...]) -> bool:
    """Unit-step EDF simulation over [0, H + max D): every job done by its deadline?"""
    h = timing.hyperperiod([k.period for k in tasks])
    horizon = h + max(k.deadline for k in tasks)
    jobs: list[list[int]] = []           # [absolute deadline, remaining, task]
    for t in range(horizon):
        for i, k in enumerate(tasks):
            if t % k.period == 0:
                jobs.append([t + k.deadline, k.budget, i])
        if any(d <= t and left > 0 for d, left, _ in jobs):
            return False
        ready = [j for j in jobs if j[1] > 0]
        if ready:
            min(ready, key=lambda j: (j[0], j[2]))[1] -= 1
        jobs = [j for j in jobs if j[1] > 0]
    return not any(d <= horizon and left > 0 for d, left, _ in jobs)


def test_against_simulation_on_random_task_sets():
    rng = random.Random(7)
    checked = 0
    for _ in range(400):
        tasks = []
        for i in range(rng.randint(1, 4)):
            period = rng.randint(2, 12)
            deadline = rng.randint(1, period)
            tasks.append(Task(f"g{i}", rng.randint(1, deadline), period, deadline))
        tasks = tuple(tasks)
        r = timing.analyse(tasks)
        if r.undecided:
            continue
        assert r.schedulable == _edf_meets_deadlines(tasks), tasks
        checked += 1
    assert checked == 400


@pytest.mark.parametrize("tasks", [(_t(2, 10),), (_t(2, 10, 8), _t(1, 4, 3)), (_t(3, 7), _t(2, 5))])
def test_simulate_runs_each_job_for_its_budget(tasks):
    r = timing.analyse(tasks)
    win = timing.window(r)
    slices, missed = timing.simulate(tasks, win)
    assert missed == () and slices[0].start == 0 and slices[-1].end == win
    for i, k in enumerate(tasks):
        busy = sum(s.end - s.start for s in slices if s.task == i)
        assert busy == k.budget * (win // k.period)
    assert all(a.end == b.start for a, b in zip(slices, slices[1:]))


def test_blocking_is_demand_at_every_deadline():
    # A masked wait of 20 (a time-triggered release's lead) blocks the job
    # running before the release: 85 of every 100 fit as utilisation, not
    # with the wait inside one of its windows.
    tasks = (Task("a", 85, 100, 100), Task("b", 10, 1000, 1000))
    assert timing.analyse(tasks).schedulable
    r = timing.analyse(tasks, blocking=20)
    assert not r.schedulable and r.failure == (100, 105)
    assert timing.analyse((Task("a", 75, 100, 100), Task("b", 10, 1000, 1000)), 20).schedulable
    # At full utilisation there is no room for any blocking.
    full = (Task("a", 50, 100, 100), Task("b", 500, 1000, 1000))
    assert timing.analyse(full).schedulable and not timing.analyse(full, 1).schedulable
