"""EDF schedulability of the SRT guests of one core, and the schedule picture.

Pure functions on (budget C, period T, relative deadline D) in nanoseconds,
synchronous periodic jobs (every guest released at time 0, then every T).

- Implicit deadlines (D = T for all): EDF meets every deadline iff
  U = sum C/T <= 1 (Liu and Layland 1973).
- Constrained deadlines (D <= T): iff U <= 1 and the processor demand
  dbf(t) = sum_i max(0, floor((t - D_i) / T_i) + 1) * C_i  <=  t
  at every absolute deadline t up to L = min(H + max D, L_a), where H is the
  hyperperiod and L_a = max(max D, sum (T_i - D_i) U_i / (1 - U)) when U < 1
  (Baruah, Rosier and Howell 1990; George, Rivierre and Spuri 1996).

The demand only grows at deadlines, so checking those points is exact.

With a blocking time B (a stretch the core spends masked on nobody's job,
the wait before a time-triggered release: checks.with_lead), the test is
dbf(t) + B <= t at every deadline t (EDF with blocking, sufficient), with
L_a's numerator + B, and U < 1; implicit deadlines then need it too.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from fractions import Fraction

MAX_POINTS = 1_000_000     # deadlines the demand test may visit before giving up


@dataclass(frozen=True)
class Task:
    name: str
    budget: int
    period: int
    deadline: int


@dataclass(frozen=True)
class Result:
    tasks: tuple[Task, ...]
    utilisation: Fraction
    hyperperiod: int           # 0 when there are no tasks
    implicit: bool             # every deadline equals its period
    bound: int                 # the demand test checked deadlines t <= bound (0: not needed)
    points: int                # how many deadlines it checked
    failure: tuple[int, int] | None   # (t, dbf(t)) with dbf(t) > t
    undecided: bool            # the demand test needed more than MAX_POINTS deadlines

    @property
    def schedulable(self) -> bool:
        return self.utilisation <= 1 and self.failure is None and not self.undecided

    @property
    def slack(self) -> Fraction:
        """Share of the core left for NRT guests in the worst case."""
        return max(Fraction(0), 1 - self.utilisation)


def hyperperiod(periods: list[int]) -> int:
    h = 1
    for p in periods:
        h = h * p // math.gcd(h, p)
    return h if periods else 0


def demand(tasks: tuple[Task, ...], t: int) -> int:
    """dbf(t): execution that must complete within [0, t]."""
    return sum(max(0, (t - k.deadline) // k.period + 1) * k.budget for k in tasks)


def analyse(tasks: tuple[Task, ...], blocking: int = 0) -> Result:
    u = sum((Fraction(k.budget, k.period) for k in tasks), Fraction())
    h = hyperperiod([k.period for k in tasks])
    implicit = all(k.deadline == k.period for k in tasks)
    base = dict(tasks=tasks, utilisation=u, hyperperiod=h, implicit=implicit)
    if not tasks or u > 1 or (implicit and not blocking):
        return Result(**base, bound=0, points=0, failure=None, undecided=False)
    dmax = max(k.deadline for k in tasks)
    bound = h + dmax
    if u < 1:
        la = max(Fraction(dmax), (sum((Fraction(k.period - k.deadline) * Fraction(k.budget, k.period)
                                       for k in tasks), Fraction()) + blocking) / (1 - u))
        bound = min(bound, math.floor(la))
    heap = [(k.deadline, i) for i, k in enumerate(tasks)]
    heapq.heapify(heap)
    total = points = 0
    while heap and heap[0][0] <= bound:
        t = heap[0][0]
        while heap and heap[0][0] == t:
            _, i = heapq.heappop(heap)
            total += tasks[i].budget
            heapq.heappush(heap, (t + tasks[i].period, i))
        points += 1
        if total + blocking > t:
            return Result(**base, bound=bound, points=points, failure=(t, total + blocking),
                          undecided=False)
        if points >= MAX_POINTS:
            return Result(**base, bound=bound, points=points, failure=None, undecided=True)
    return Result(**base, bound=bound, points=points, failure=None, undecided=False)


@dataclass(frozen=True)
class Slice:
    start: int
    end: int
    task: int          # index into the tasks, or -1: free for NRT guests


def simulate(tasks: tuple[Task, ...], window: int) -> tuple[tuple[Slice, ...], tuple[int, ...]]:
    """EDF over [0, window) with every job using its whole budget.

    Returns the slices and, per task, the deadlines it missed (for the
    picture; a schedulable core has none)."""
    releases = [0] * len(tasks)
    left = [0] * len(tasks)
    due = [0] * len(tasks)
    missed: list[int] = []
    out: list[Slice] = []
    t = 0
    while t < window:
        for i, k in enumerate(tasks):
            while releases[i] <= t:
                if left[i] > 0:
                    missed.append(i)
                left[i], due[i] = k.budget, releases[i] + k.deadline
                releases[i] += k.period
        nxt = min([window] + releases)
        ready = [i for i in range(len(tasks)) if left[i] > 0]
        if not ready:
            out.append(Slice(t, nxt, -1))
            t = nxt
            continue
        i = min(ready, key=lambda j: (due[j], j))
        end = min(nxt, t + left[i])
        out.append(Slice(t, end, i))
        left[i] -= end - t
        t = end
    merged: list[Slice] = []
    for s in out:
        if merged and merged[-1].task == s.task and merged[-1].end == s.start:
            merged[-1] = Slice(merged[-1].start, s.end, s.task)
        else:
            merged.append(s)
    return tuple(merged), tuple(missed)


def window(result: Result, cap_periods: int = 8) -> int:
    """How much of the schedule to draw: one hyperperiod, bounded."""
    if not result.tasks:
        return 0
    longest = max(k.period for k in result.tasks)
    return min(result.hyperperiod, cap_periods * longest)
