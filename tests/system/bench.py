#!/usr/bin/env python3
"""`make bench`: instruction counts of the monitor's paths.

Builds the tests/system/bench*.yaml images, boots each under
`-icount shift=0,sleep=off` (one instruction = one PMCCNTR count = one ns of
virtual time, shared/QEMU-ZYNQ.md section 4), and prints ONE table of what
the bench guests measured (their `BENCH <key> <min> <median> <max> <n>`
lines), then the generator's timing (tests/generator/bench_gen.py).
Numbers are reported, never asserted; an image that does not complete
makes the run fail.

In every image one core does the measurement and the other one sleeps in
WFI, since QEMU's instruction count (and so PMCCNTR) is shared by both
CPUs. sleep=off: with QEMU's default sleep=on, when both CPUs sleep QEMU
advances virtual time in host real time and overshoots the next timer
deadline by host timer slack, which showed up as release "jitter" of
-25802..+697600 instructions (and deadline misses) in an idle-core run.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from linux_qemu import assets, boot_linux
from qemu import ROOT, boot, build

ICOUNT = ["-icount", "shift=0,sleep=off"]
BOOT_TIMEOUT = 60


@dataclass
class Image:
    system: str          # relative to tests/system/
    variant: str
    keys: dict           # BENCH key printed by the image -> key in the table
    what: str
    linux: bool = False  # has a Non-secure Linux guest (its console is UART1)
    overlay: str | None = None   # an overlay merged onto `system` (relative to tests/system/)


# Section 8: the longest path of each hypercall (bench_hc), worst-case legal
# arguments, 15 guests on the core.
HC_KEYS = ("hc_console_write", "hc_info", "hc_set_rt", "hc_vtimer_set", "hc_time", "hc_stats",
           "hc_core_id", "hc_virq_register", "hc_virq_ack", "hc_set_miss_handler",
           "hc_virq_return")
# The stated bound on every monitor path with interrupts masked
# (docs/performance.md section 8): 2,000 instructions, 2 us at 1 GHz.
PATH_BOUND = 2000
# Issue 11: generating the 15-guest system takes under 1 s.
GEN_TARGET_MS = 1000

IMAGES = [
    Image("bench.yaml", "bench",
          {k: k for k in ("empty", "stamp_pair", "null_hypercall", "yield_roundtrip")},
          "two NRT guests on core 0"),
    Image("bench_hrt.yaml", "bench-hrt", {"hrt_irq_asm": "hrt_irq_asm", "hrt_irq_c": "hrt_irq_c"},
          "HRT guest on core 1, core 0 without guest"),
    Image("bench_virq_srt.yaml", "bench-virq-srt", {"virq_srt": "virq_srt", "devirq_srt": "devirq_srt"},
          "SRT guest alone on core 0"),
    Image("bench_virq_nrt.yaml", "bench-virq-nrt", {"virq_nrt": "virq_nrt", "devirq_nrt": "devirq_nrt"},
          "NRT guest alone on core 0"),
    Image("bench_jitter_idle.yaml", "bench-jitter-idle", {"jitter": "jitter_idle"},
          "SRT guest alone on core 0"),
    Image("bench_jitter_spin.yaml", "bench-jitter-spin", {"jitter": "jitter_spin"},
          "SRT guest + spinning NRT guest on core 0"),
    Image("bench_jitter_hcspin.yaml", "bench-jitter-hcspin", {"jitter": "jitter_hcspin"},
          "SRT guest + NRT guest in a hypercall loop on core 0"),
    Image("bench_jitter_hcspin.yaml", "bench-jitter-hcspin-exact", {"jitter": "jitter_hcspin_exact"},
          "the same, the SRT release time-triggered", overlay="overlays/exact_release_hcspin.yaml"),
    Image("bench_io.yaml", "bench-io",
          {"io_direct": "io_direct", "io_trap": "io_trap", "io_hcall": "io_hcall"},
          "NRT guest alone on core 0"),
    Image("bench_channel.yaml", "bench-channel", {"channel": "channel"},
          "SRT writer + NRT reader on core 0"),
    Image("bench_linux.yaml", "bench-linux",
          {"jitter": "jitter_linux", "fiq_linux_job": "fiq_linux_job", "world_out": "world_out",
           "world_in": "world_in"},
          "SRT guest + busy Non-secure Linux on core 0", linux=True),
    Image("bench_hc.yaml", "bench-hc", {k: k for k in HC_KEYS},
          "SRT guest measuring on core 0, 14 SRT guests beside it"),
    Image("bench_vfp.yaml", "bench-vfp", {"vfp_owned": "vfp_owned", "vfp_lazy": "vfp_lazy"},
          "two hard-float NRT guests on core 0"),
    # Section 11: the same images with the monitor's event trace compiled in.
    Image("bench.yaml", "bench-trace",
          {"null_hypercall": "null_hypercall_trace", "yield_roundtrip": "yield_roundtrip_trace"},
          "bench.yaml, trace on", overlay="overlays/trace_on.yaml"),
    Image("bench_io.yaml", "bench-io-trace",
          {"io_trap": "io_trap_trace", "io_hcall": "io_hcall_trace"},
          "bench_io.yaml, trace on", overlay="overlays/trace_on.yaml"),
]
LINUX_BOOT_TIMEOUT = 240

# (section, table key, label, what is subtracted: "" nothing; "t" the two
# reads' cost (`empty`); "i" the sampling loop's floor (`stamp_pair`: a
# read and its store); "d" that floor + 1 (the store that raises the
# device interrupt); "h" half of (value - `empty`)).
ROWS = [
    ("1", "null_hypercall", "null hypercall round trip (svc #0, HC_NULL, return)", "t"),
    ("1", "yield_roundtrip", "yield round trip: NRT -> other NRT -> back (2 switches)", "t"),
    ("1", "yield_roundtrip", "guest switch on core 0 (half the yield round trip)", "h"),
    ("2", "hrt_irq_asm", "HRT IRQ -> first instruction of its IRQ vector", "i"),
    ("2", "hrt_irq_c", "HRT IRQ -> first statement of its C handler", "i"),
    ("2", "virq_srt", "SRT vIRQ (virtual timer) -> first stmt of handler", "i"),
    ("2", "virq_nrt", "NRT vIRQ (virtual timer) -> first stmt of handler", "i"),
    ("2", "devirq_srt", "SRT device IRQ (UART1) -> first stmt of handler", "d"),
    ("2", "devirq_nrt", "NRT device IRQ (UART1) -> first stmt of handler", "d"),
    ("3", "jitter_idle", "SRT release jitter, 1 ms period, core otherwise idle", ""),
    ("3", "jitter_spin", "SRT release jitter, 1 ms, NRT guest spinning", ""),
    ("3", "jitter_hcspin", "SRT release jitter, 1 ms, NRT guest in hypercall loop", ""),
    ("3", "jitter_hcspin_exact", "  the same, release time-triggered (exact_release)", ""),
    ("3", "jitter_linux", "SRT release jitter, 1 ms, busy Linux in the NS world", ""),
    ("4", "io_direct", "device read, passthrough mapping (plain ldr)", "t"),
    ("4", "io_trap", "device read, trap-and-emulate window (ldr, fault)", "t"),
    ("4", "io_hcall", "device read, HC_IO_IN hypercall on the same window", "t"),
    ("5", "channel", "channel: stamp, ring_put, notify, job_done -> handler", "t"),
    ("7", "linux_boot", "Linux entry -> 'Run /init' (printk time, ns = insns)", ""),
    ("8", "hc_console_write", "HC_CONSOLE_WRITE, 24 bytes (max: completes a line)", "t"),
    ("8", "hc_info", "HC_INFO, 15 guests", "t"),
    ("8", "hc_set_rt", "HC_SET_RT (admission over 15 vCPUs)", "t"),
    ("8", "hc_vtimer_set", "HC_VTIMER_SET, 15 vCPUs on the core", "t"),
    ("8", "hc_time", "HC_TIME", "t"),
    ("8", "hc_stats", "HC_STATS", "t"),
    ("8", "hc_core_id", "HC_CORE_ID", "t"),
    ("8", "hc_virq_register", "HC_VIRQ_REGISTER", "t"),
    ("8", "hc_virq_ack", "HC_VIRQ_ACK", "t"),
    ("8", "hc_set_miss_handler", "HC_SET_MISS_HANDLER", "t"),
    ("8", "hc_virq_return", "HC_VIRQ_RETURN (outside an upcall)", "t"),
    ("9", "vfp_owned", "VFP instruction, the registers already the guest's", "t"),
    ("9", "vfp_lazy", "lazy VFP switch: undef, save+load d0-d31/FPSCR, redo", "t"),
    ("10", "fiq_linux_job", "Secure FIQ while Linux runs -> SRT job's first stmt", ""),
    ("10", "world_out", "world switch NS -> S: FIQ vector -> trap_irq", ""),
    ("10", "world_in", "world switch S -> NS: ns_resume -> Linux's 1st insn", ""),
]

# Rows that are one monitor path with interrupts masked (or two: the yield
# round trip is halved), over which "longest monitor path" is taken. Not
# the HRT rows (no monitor code), not the jitter rows (a spread).
# hc_console_write is left out: its samples that complete a line also hold
# the UART's transmit interrupts, taken at once after the call in QEMU (its
# UART sends instantly), each a monitor entry of its own; `make profile`
# and tests/system/test_bounded.py measure it entry by entry.
PATH_ROWS = ("null_hypercall", "yield_roundtrip/h", "virq_srt", "virq_nrt", "devirq_srt",
             "devirq_nrt", "io_trap", "io_hcall", "channel") + tuple(
                 k for k in HC_KEYS if k != "hc_console_write")

# Section 11: the rows of 1 and 4 again with the trace compiled in, each
# followed by its cost per trace record ("[e]").
TRACE_ROWS = [
    ("11", "null_hypercall_trace", "null hypercall round trip, trace on", "t"),
    ("11", "null_hypercall_trace", "per event recorded (1: hypercall)", "e"),
    ("11", "yield_roundtrip_trace", "guest switch, trace on", "h"),
    ("11", "yield_roundtrip_trace", "per event recorded (2: hypercall, dispatch)", "e"),
    ("11", "io_trap_trace", "device read, trap-and-emulate window, trace on", "t"),
    ("11", "io_trap_trace", "per event recorded (1: trap-and-emulate)", "e"),
    ("11", "io_hcall_trace", "device read, HC_IO_IN, trace on", "t"),
    ("11", "io_hcall_trace", "per event recorded (1: hypercall)", "e"),
]

# Section 11, "[e]" rows: (row measured with trace on - the same row with it
# off) / the events the path records per sample. The counts are the trace
# records each sample of the path writes, checked against the rings of the
# same images by tests/system/test_trace.py.
TRACE_EVENTS = {
    "null_hypercall_trace": ("null_hypercall", 1),    # TR_HYPERCALL
    "yield_roundtrip_trace": ("yield_roundtrip", 4),  # 2 x (TR_HYPERCALL, TR_DISPATCH)
    "io_trap_trace": ("io_trap", 1),                  # TR_TRAP_IO
    "io_hcall_trace": ("io_hcall", 1),                # TR_HYPERCALL
}

# Issue 11's targets, on the min column (a jitter row: on max - min, "*").
TARGETS = {
    ("null_hypercall", "t"): 40, ("yield_roundtrip", "h"): 150,
    ("hrt_irq_asm", "i"): 0,
    ("virq_srt", "i"): 150, ("virq_nrt", "i"): 150,
    ("devirq_srt", "d"): 80, ("devirq_nrt", "d"): 80,
    ("jitter_hcspin", ""): ("spread", 20), ("jitter_hcspin_exact", ""): ("spread", 20),
    ("io_trap", "t"): 100, ("io_hcall", "t"): 60, ("channel", "t"): 300,
}

# Published figures beside the rows (RESEARCH.md, issue 11), in the table's
# unit. OVM was measured on a ZC702, dual Cortex-A9 at OVM_MHZ: ns x 0.8 =
# cycles, counted as instructions at 1 instruction per cycle. Its SRT/NRT
# interrupt latency (mean 150 ns) includes the native 70 ns, the exception
# entry and vector jump its HRT latency equals, which QEMU counts as 0
# instructions: the row counts what the monitor adds, (150 - 70) ns. LTZ:
# LTZVisor's monitor instruction counts in the same QEMU model, unconverted.
OVM_MHZ = 800


def ovm(ns: float) -> int:
    return round(ns * OVM_MHZ / 1000)


PUBLISHED = {
    ("yield_roundtrip", "h"): ("OVM", ovm(280)),      # vCPU context switch, mean 280 ns
    ("hrt_irq_asm", "i"): ("OVM", ovm(70 - 70)),      # HRT interrupt 70 ns = native
    ("devirq_srt", "d"): ("OVM", ovm(150 - 70)),      # SRT/NRT interrupt, mean 150 ns
    ("devirq_nrt", "d"): ("OVM", ovm(150 - 70)),
    ("fiq_linux_job", ""): ("LTZ", 82),               # FIQ -> secure guest resumed
    ("world_out", ""): ("LTZ", 54),                   # world switch
    ("world_in", ""): ("LTZ", 54),
}


NOTES = """\
 [t] minus {t} (two back-to-back PMCCNTR reads). [i] minus {i} (the sampling loop's read
     and store: the sample an interrupt costing nothing would give at best); a sample
     also holds 0-4 further loop instructions (where the interrupt hit), so the min is
     the tight figure. [d] minus {d}: also the store that raises the device interrupt.
     [h] (round trip - {t}) / 2.
 1  NRT guests on core 0. A switch: trap, HC_YIELD, the decision (edf_switch: the fast
    switch, monitor/core/switch.c; else the full pass), the one-shot timer, the 17-word
    context out and in, TTBR0/ASID/DACR, return.
 2  HRT: a PL1 guest owning core 1 and its private timer; no monitor code on the path.
    "vector": the IRQ vector's first instruction reads PMCCNTR; "C handler": plus
    crt0_hrt.S's b/sub/push/bl. SRT/NRT: the IRQ taken by the monitor (irqfast.c), GIC
    ack/EOI, for the virtual timer the time read, the scan and the timer armed again
    (no pass), the upcall made in the frame (direct delivery), the exception return,
    5 instructions of guests/lib
    (virq_upcall, virq_dispatch) and the handler's prologue (2 instructions).
 3  start of job k - (start of the 5th job + k * 1,000,000), signed, k = 1..250. Job
    start = return from the previous HC_JOB_DONE; release = the monitor's timer IRQ,
    or with exact_release (overlays/exact_release_hcspin.yaml) the release time, the
    timer armed a lead before it (monitor/core/release.c).
 4  SPI0 config register (passthrough page) and UART1 status register (mediated, a
    4-byte io window): ldr -> data abort -> decode -> window -> read -> resume; and
    the same window through svc #0 HC_IO_IN.
 5  writer SRT (100 us period) and reader NRT on core 0, from the writer's stamp:
    ring_put, HC_CHANNEL_NOTIFY, HC_JOB_DONE (the pass: an SRT job ends; the switch),
    the upcall and guests/lib's trampoline, the handler's prologue (2 instructions).
 3  (Linux) each release preempts Linux in the Non-secure world: FIQ in Monitor mode,
    the world switch out, the scheduling pass, the switch to the SRT guest.
 7  Debian's kernel (build/linux/VERSION) beside the SRT guest of 3, one run: the
    printk time of "Run /init" (Linux's jiffies clock, 4 ms steps at HZ=250, from
    Linux's first instruction), in ns of virtual time.
 8  bench_hc: each hypercall with its worst-case legal arguments, SRT guest on core 0 with
    14 SRT guests beside it (every loop over vCPUs or guests at its bound). The
    longest path is the largest max over the rows of sections 1, 2 (not HRT), 4, 5, 8.
    `make profile` shows, per row, the monitor functions the instructions go to.
    HC_CONSOLE_WRITE's max also holds the UART transmit interrupts that QEMU raises at
    once after it (a separate monitor entry each; `make profile` splits them).
 9  hard-float guests (float: hard) on core 0: one VFP instruction (vmov.f64) when the
    core's VFP holds the guest's registers, and the first one after the other guest
    used it: Undefined Instruction trap, FPEXC.EN on, vstm/vldm of d0-d31 and FPSCR
    (monitor/core/vfp.c), return and re-execution. Soft-float guests pay none of it.
    QEMU counts a vstm/vldm of 16 registers as one instruction; silicon moves 128 bytes.
11  the images of 1 and 4 built again with tests/system/overlays/trace_on.yaml merged
    on (build: {{trace: true}}): the monitor records its events (docs/trace.md). [e] per event
    recorded: (the row with trace on - the same row with it off) / the records each
    sample writes (tests/system/test_trace.py counts them in the rings): a record is
    the core's ring slot, a global-timer read, its fields and the head's release store.
    The switch's events also carry the scheduling pass's bookkeeping (what woke it, the
    EDF counters compared per vCPU, the holder check), so its [e] is larger.
 target: issue 11's, on the min column (*: on max - min); met: yes if the row is at or
    below it. published: OVM (RESEARCH.md; ZC702, Cortex-A9 at 800 MHz, measured), as
    cycles at 800 MHz counted as instructions at 1 per cycle, ns x 0.8: vCPU switch mean
    280 ns -> 224; SRT/NRT interrupt mean 150 ns less the native 70 ns (exception entry
    and vector jump, which QEMU counts 0, OVM's HRT figure) -> 64; HRT 70 ns = native
    -> 0. An A9 spends more than one cycle on many of these instructions (exception
    entry, MMIO, CP15, barriers), so OVM's instruction counts are below these. LTZ:
    LTZVisor in this QEMU model, monitor instructions (FIQ resume 82, world switch 54).
    ratio: median / published. "-": no target or no published figure for the path."""


def row_values(results: dict, minus: dict, key: str, sub: str) -> tuple | None:
    """(min, median, max, n) of one row of ROWS, after its subtraction."""
    v = results.get(key)
    if sub == "e":                      # per trace event: (on - off) / events
        off_key, events = TRACE_EVENTS[key]
        off = results.get(off_key)
        if v is None or off is None:
            return None
        return tuple((a - b) / events for a, b in zip(v[:3], off[:3])) + (None,)
    if v is None or minus[sub] is None:
        return None
    lo, med, hi = (x - minus[sub] for x in v[:3])
    if sub == "h":
        lo, med, hi = lo // 2, med // 2, hi // 2
    return lo, med, hi, v[3]


def fmt(x) -> str:
    return f"{x:.1f}" if isinstance(x, float) and x != int(x) else f"{int(x)}"


def side_by_side(key: str, sub: str, v: tuple) -> str:
    """The target, whether the row meets it, the published figure and the
    ratio of the median to it ("-": none)."""
    lo, med, hi, _ = v
    target = TARGETS.get((key, sub))
    if target is None:
        tgt, met = "-", "-"
    elif isinstance(target, tuple):     # on the spread, max - min
        tgt, met = f"<={target[1]}*", "yes" if hi - lo <= target[1] else "no"
    else:
        tgt, met = f"<={target}", "yes" if lo <= target else "no"
    pub = PUBLISHED.get((key, sub))
    if pub is None:
        published, ratio = "-", "-"
    else:
        published = f"{pub[0]} {pub[1]}"
        ratio = f"{med / pub[1]:.2f}x" if pub[1] else ("=" if med == 0 else "-")
    return f"{tgt:>6} {met:>3}  {published:>9} {ratio:>6}"


def qemu_version() -> str:
    out = subprocess.run(["qemu-system-arm", "--version"], capture_output=True, text=True)
    return out.stdout.splitlines()[0] if out.stdout else "qemu-system-arm (version unknown)"


def run_image(img: Image, elf) -> tuple[dict, str | None]:
    """Boots one built image; returns ({table key: (min, med, max, n)}, error)."""
    t0 = time.monotonic()
    if img.linux:
        return run_linux_image(img, elf, t0)
    run = boot(elf, timeout=BOOT_TIMEOUT, extra=ICOUNT)
    found = {}
    for line in run.output.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[1] == "BENCH" and parts[2] in img.keys:
            found[img.keys[parts[2]]] = tuple(int(x) for x in parts[3:])
    missing = set(img.keys.values()) - set(found)
    if run.timed_out:
        err = f"did not finish within {BOOT_TIMEOUT} s"
    elif run.exit_code != 0:
        err = f"exited with status {run.exit_code}"
    elif missing:
        err = f"printed no BENCH line for {', '.join(sorted(missing))}"
    else:
        err = None
    if err:
        sys.stderr.write(run.output[-4000:])
        sys.stderr.write(f"\nbench: image {img.system} {err}\n")
    else:
        print(f"  booted {img.system:24} {time.monotonic() - t0:5.1f} s  ({img.what})",
              file=sys.stderr)
    return found, err


def run_linux_image(img: Image, elf, t0: float) -> tuple[dict, str | None]:
    """An image with a Linux guest: BENCH lines on UART0, Linux's boot on UART1."""
    run = boot_linux(elf, timeout=LINUX_BOOT_TIMEOUT, extra=ICOUNT,
                     until_monitor=[rf" BENCH {k} " for k in img.keys],
                     until_linux=[r"Run /init as init process"])
    found = {}
    for line in run.monitor.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[1] == "BENCH" and parts[2] in img.keys:
            found[img.keys[parts[2]]] = tuple(int(x) for x in parts[3:])
    m = re.search(r"^\[\s*(\d+)\.(\d{6})\] Run /init as init process", run.linux, re.M)
    if m:
        ns = int(m.group(1)) * 1_000_000_000 + int(m.group(2)) * 1000
        found["linux_boot"] = (ns, ns, ns, 1)
    missing = (set(img.keys.values()) | {"linux_boot"}) - set(found)
    err = None
    if missing:
        err = (f"did not finish within {LINUX_BOOT_TIMEOUT} s: " if run.timed_out else "") \
            + f"no result for {', '.join(sorted(missing))}"
        sys.stderr.write(run.monitor[-3000:] + run.linux[-3000:])
        sys.stderr.write(f"\nbench: image {img.system} {err}\n")
    else:
        print(f"  booted {img.system:24} {time.monotonic() - t0:5.1f} s  ({img.what})",
              file=sys.stderr)
    return found, err


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    started = time.monotonic()
    print(f"bench: building {len(IMAGES)} images", file=sys.stderr)
    if any(i.linux for i in IMAGES):
        assets()                            # make linux-assets (cached)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(build, f"tests/system/{i.system}", i.variant,
                               i.overlay and f"tests/system/{i.overlay}") for i in IMAGES]
        elfs = []
        for img, fut in zip(IMAGES, futures):
            try:
                elfs.append(fut.result())
            except Exception as e:          # noqa: BLE001 - reported, then fail
                print(f"bench: build of {img.system} failed:\n{e}", file=sys.stderr)
                return 1
    results: dict = {}
    failed = []
    for img, elf in zip(IMAGES, elfs):
        found, err = run_image(img, elf)
        results.update(found)
        if err:
            failed.append(img.system)

    gen = subprocess.run(["/usr/bin/python3", "tests/generator/bench_gen.py"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)

    t = results.get("empty", (None,))[0]
    i = results.get("stamp_pair", (None,))[0]
    minus = {"": 0, "t": t, "h": t, "i": i, "d": None if i is None else i + 1}
    print(f"Instruction counts = ns of virtual time: {qemu_version()},")
    print("  -M xilinx-zynq-a9 -smp 2 -m 1G -icount shift=0,sleep=off; PMCCNTR counts 1 per")
    print("  instruction of both CPUs; the other CPU sleeps in WFI. No cache or pipeline model.")
    print()
    print(f" #  {'path':55} {'':3} {'min':>7} {'median':>7} {'max':>7} {'n':>5}"
          f"  {'target':>6} {'met':>3}  {'published':>9} {'ratio':>6}")
    prev = None
    for sec, key, label, sub in ROWS + TRACE_ROWS:
        if prev is not None and sec != prev:
            print()
        num = sec if sec != prev else ""
        prev = sec
        v = row_values(results, minus, key, sub)
        if v is None:
            print(f"{num:>2}  {label:55} {'':3} {'FAILED':>7}")
            continue
        lo, med, hi, n = v
        tag = f"[{sub}]" if sub else ""
        print(f"{num:>2}  {label:55} {tag:3} {fmt(lo):>7} {fmt(med):>7} {fmt(hi):>7} "
              f"{'' if n is None else n:>5}  {side_by_side(key, sub, v)}".rstrip())
    print()
    longest = None
    for row in PATH_ROWS:
        key, _, half = row.partition("/")
        sub = "h" if half else "i" if key.startswith(("virq", "devirq")) else "t"
        if key.startswith("devirq"):
            sub = "d"
        v = results.get(key)
        if v is None or minus[sub] is None:
            continue
        hi = v[2] - minus[sub]
        if half:
            hi //= 2
        if longest is None or hi > longest[0]:
            longest = (hi, key)
    if longest:
        verdict = "within" if longest[0] <= PATH_BOUND else "OVER"
        print(f"    longest monitor path, instructions: {longest[0]} ({longest[1]}, max column); "
              f"{verdict} the bound of {PATH_BOUND:,}")
    print()
    print(NOTES.format(**{k: "?" if minus[s] is None else minus[s]
                          for k, s in (("t", "t"), ("i", "i"), ("d", "d"))}))
    print()
    print(" 6  generation time (tests/generator/bench_gen.py, host CPU time, not QEMU):")
    for line in gen.stdout.splitlines():
        print(f"    {line}")
    m = re.search(r"^generator: 15 guests\s+([\d.]+) ms", gen.stdout, re.M)
    if m:
        ms = float(m.group(1))
        print(f"    15-guest system: {ms:.0f} ms, {'within' if ms < GEN_TARGET_MS else 'OVER'} "
              f"issue 11's target of {GEN_TARGET_MS / 1000:g} s")
    print(f"\n(make bench: {time.monotonic() - started:.0f} s wall)")

    if gen.returncode != 0:
        sys.stderr.write(gen.stdout + gen.stderr)
        print("bench: tests/generator/bench_gen.py failed", file=sys.stderr)
        return 1
    if failed:
        print(f"bench: FAILED: {', '.join(failed)} did not complete", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
