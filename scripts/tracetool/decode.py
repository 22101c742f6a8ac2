"""The monitor's trace rings (monitor/include/trace.h), decoded and analysed.

A dump is the bytes of `trace_rings` (one struct trace_ring per core) read
out of the emulated memory. Each ring holds its last TRACE_RING_RECORDS
records; `head` counts every record ever written, so a ring that wrapped
says how many it lost.
"""
from __future__ import annotations

import statistics
import struct
import subprocess
from dataclasses import dataclass, field

TRACE_MAGIC = 0x54524331
HEADER = struct.Struct("<IIII")          # magic, records, head, hz
RECORD = struct.Struct("<IIBBHI")        # time_lo, time_hi, type, vcpu, core, arg
NONE = 0xFF

TYPES = {1: "release", 2: "dispatch", 3: "job done", 4: "budget spent", 5: "deadline miss",
         6: "irq", 7: "virq raised", 8: "virq delivered", 9: "upcall return",
         10: "hypercall", 11: "trap-and-emulate", 12: "proxied request", 13: "proxied reply",
         14: "fault", 15: "restart", 16: "idle"}
REL, DISPATCH, JOB_DONE, BUDGET, MISS, IRQ, VRAISE, VDELIVER, URET, HCALL, TRAPIO, PREQ, \
    PREPLY, FAULT, RESTART, IDLE = range(1, 17)
WHY = {0: "start", 1: "timer", 2: "hypercall", 3: "fault", 4: "event", 5: "idle"}


@dataclass(frozen=True)
class Record:
    time: int
    type: int
    vcpu: int
    core: int
    arg: int


@dataclass
class Ring:
    core: int
    hz: int
    head: int
    capacity: int
    records: list[Record]

    @property
    def lost(self) -> int:
        return max(0, self.head - self.capacity)

    @property
    def span(self) -> tuple[int, int]:
        """The time its records cover (a ring that wrapped covers less)."""
        return (self.records[0].time, self.records[-1].time) if self.records else (0, 0)


def symbol(elf: str, name: str) -> tuple[int, int]:
    """Address and size of `name` in `elf` (arm-none-eabi-nm -S)."""
    out = subprocess.run(["arm-none-eabi-nm", "-S", elf], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == name:
            return int(parts[0], 16), int(parts[1], 16)
    raise ValueError(f"{elf} has no symbol '{name}': was it built with build: {{trace: true}}?")


def parse(dump: bytes, n_cores: int) -> list[Ring]:
    if n_cores <= 0 or len(dump) % n_cores:
        raise ValueError(f"a dump of {len(dump)} bytes is not {n_cores} rings")
    size = len(dump) // n_cores
    rings = []
    for core in range(n_cores):
        base = core * size
        magic, capacity, head, hz = HEADER.unpack_from(dump, base)
        if magic != TRACE_MAGIC:
            rings.append(Ring(core, 0, 0, 0, []))        # the core never recorded
            continue
        if capacity * RECORD.size + HEADER.size > size:
            raise ValueError(f"core {core}: ring of {capacity} records does not fit the dump")
        n = min(head, capacity)
        recs = []
        for k in range(head - n, head):
            lo, hi, typ, vcpu, rcore, arg = RECORD.unpack_from(
                dump, base + HEADER.size + (k % capacity) * RECORD.size)
            recs.append(Record((hi << 32) | lo, typ, vcpu, rcore, arg))
        recs.sort(key=lambda r: r.time)             # in order already, but a wrap may tear
        rings.append(Ring(core, hz, head, capacity, recs))
    return rings


def _full(low: int, near: int) -> int:
    """A 64-bit time from its low 32 bits and a time shortly after it."""
    t = (near & ~0xFFFFFFFF) | low
    return t - (1 << 32) if t > near else t


@dataclass
class Job:
    guest: int
    release: int                 # scheduled release (ticks)
    observed: int                # when the monitor processed it
    end: int | None = None       # job done, miss or budget exhaustion
    how: str = ""                # "done", "miss", "budget", "" (still running at the end)
    ran: int = 0                 # ticks the guest held the core during the job


@dataclass
class Analysis:
    meta: dict
    rings: list[Ring]
    start: int
    end: int
    runs: dict = field(default_factory=dict)      # core -> [(guest or None, t0, t1)]
    jobs: dict = field(default_factory=dict)      # guest -> [Job]
    misses: dict = field(default_factory=dict)    # guest -> [(time, missed release)]
    overruns: dict = field(default_factory=dict)  # guest -> [time]
    irqs: dict = field(default_factory=dict)      # guest or "monitor" -> count
    irq_times: dict = field(default_factory=dict)  # core -> [(time, id, owner)]
    hypercalls: dict = field(default_factory=dict)  # guest -> count
    faults: dict = field(default_factory=dict)    # guest -> count

    def guest(self, index: int) -> dict:
        return self.meta["guests"][index]


def analyse(meta: dict, rings: list[Ring]) -> Analysis:
    times = [r.time for ring in rings for r in ring.records]
    if not times:
        raise ValueError("the trace is empty: no core recorded an event")
    a = Analysis(meta, rings, min(times), max(times))
    for ring in rings:
        holder, since = None, a.start
        runs = a.runs.setdefault(ring.core, [])
        open_job: dict[int, Job] = {}
        for r in ring.records:
            if r.type in (DISPATCH, IDLE):
                if holder is not None:
                    runs.append((holder, since, r.time))
                holder = r.vcpu if r.type == DISPATCH else None
                since = r.time
            elif r.type == REL:
                prev = open_job.pop(r.vcpu, None)
                if prev is not None and prev.end is None:
                    prev.end = r.time
                job = Job(r.vcpu, _full(r.arg, r.time), r.time)
                a.jobs.setdefault(r.vcpu, []).append(job)
                open_job[r.vcpu] = job
            elif r.type in (JOB_DONE, MISS, BUDGET):
                job = open_job.get(r.vcpu)
                if r.type == MISS:
                    a.misses.setdefault(r.vcpu, []).append((r.time, _full(r.arg, r.time)))
                if r.type == BUDGET:
                    a.overruns.setdefault(r.vcpu, []).append(r.time)
                if job is not None and job.end is None:
                    job.end = r.time
                    job.how = {JOB_DONE: "done", MISS: "miss", BUDGET: "budget"}[r.type]
            elif r.type == IRQ:
                owner = r.arg >> 16
                key = a.guest(owner)["name"] if owner < len(meta["guests"]) else "monitor"
                a.irqs[key] = a.irqs.get(key, 0) + 1
                a.irq_times.setdefault(ring.core, []).append((r.time, r.arg & 0xFFFF, owner))
            elif r.type == HCALL and r.vcpu != NONE:
                a.hypercalls[r.vcpu] = a.hypercalls.get(r.vcpu, 0) + 1
            elif r.type == FAULT and r.vcpu != NONE:
                a.faults[r.vcpu] = a.faults.get(r.vcpu, 0) + 1
        if holder is not None and ring.records:
            runs.append((holder, since, ring.records[-1].time))
    # Time each job's guest held the core.
    for g, jobs in a.jobs.items():
        core = a.guest(g)["core"]
        spans = [(t0, t1) for h, t0, t1 in a.runs.get(core, []) if h == g]
        for j in jobs:
            end = j.end if j.end is not None else a.end
            j.ran = sum(max(0, min(t1, end) - max(t0, j.observed)) for t0, t1 in spans)
    return a


def summary(a: Analysis) -> dict:
    """Per guest: the figures trace.txt prints (times in ticks)."""
    out = {}
    spans = {r.core: r.span for r in a.rings}
    for g in a.meta["guests"]:
        i = g["index"]
        core = g["core"]
        t0, t1 = spans.get(core, (0, 0))
        span = max(1, t1 - t0)
        ran = sum(t1 - t0 for h, t0, t1 in a.runs.get(core, []) if h == i)
        jobs = a.jobs.get(i, [])
        done = [j.end - j.release for j in jobs if j.how == "done"]
        jitter = [j.observed - j.release for j in jobs]
        planned = g["budget"] / g["period"] if g["period"] else None
        out[g["name"]] = {
            "level": g["level"], "core": core, "jobs": len(jobs),
            "response_min": min(done) if done else None,
            "response_median": int(statistics.median(done)) if done else None,
            "response_max": max(done) if done else None,
            "misses": len(a.misses.get(i, [])), "overruns": len(a.overruns.get(i, [])),
            "interrupts": a.irqs.get(g["name"], 0), "hypercalls": a.hypercalls.get(i, 0),
            "faults": a.faults.get(i, 0),
            "utilisation": ran / span if g["level"] != "HRT" else None,
            "planned_utilisation": planned,
            "release_jitter_max": max(jitter) if jitter else None,
            "release_jitter_spread": max(jitter) - min(jitter) if jitter else None,
            "max_job_run": max((j.ran for j in jobs), default=None),
        }
    return out
