"""The boot hand-off of a real Zynq-7000 board, reproduced on QEMU.

After the BootROM (UG585 section 6.1.10) only CPU 0 runs the image; CPU 1
sleeps in a WFE loop until a start address is written to the mailbox word
and an event is sent. QEMU's -kernel starts both CPUs at the entry instead,
so these tests load the image with `-device loader,file=image.elf,cpu-num=0`
(CPU 0 alone to the entry) and put a loop of their own where CPU 1 starts
(0x0, shared/QEMU-ZYNQ.md section 1): either one that behaves like the
BootROM's, or one that never looks at the mailbox (a core that does not
come up).
"""
from __future__ import annotations

import re
import subprocess

import yaml

from qemu import ROOT, boot, build
from test_rt import ICOUNT

CPU1_RESET_PC = 0x0    # where QEMU starts a CPU the loader does not send elsewhere


def mailbox() -> int:
    """The platform file's mailbox, as the BootROM's loop would use it."""
    doc = yaml.safe_load((ROOT / "platforms" / "zynq-7000.yaml").read_text())
    return doc["boot"]["secondary_mailbox"]


BOOTROM_LOOP = """
        .arm
        ldr     r0, =0x{mailbox:08x}
1:      wfe
        ldr     r1, [r0]
        cmp     r1, #0
        beq     1b
        bx      r1
        .ltorg
"""

DEAF_LOOP = """
        .arm
1:      wfe
        b       1b
"""


def park(name: str, source: str) -> str:
    """Assembles a parking loop for CPU 1 into a raw binary; returns its path."""
    out = ROOT / "build" / "test-park"
    out.mkdir(parents=True, exist_ok=True)
    asm, obj, binary = out / f"{name}.S", out / f"{name}.o", out / f"{name}.bin"
    asm.write_text(source.format(mailbox=mailbox()))
    subprocess.run(["arm-none-eabi-as", "-mcpu=cortex-a9", "-o", str(obj), str(asm)],
                   check=True, capture_output=True)
    subprocess.run(["arm-none-eabi-objcopy", "-O", "binary", str(obj), str(binary)],
                   check=True, capture_output=True)
    return str(binary)


def handoff(elf, loop: str) -> list[str]:
    return ["-device", f"loader,file={elf},cpu-num=0",
            "-device", f"loader,file={loop},addr=0x{CPU1_RESET_PC:x},force-raw=on"]


def test_default_system_runs_after_the_bootrom_handoff():
    elf = build("system.yaml", "test-board-default")   # the default system
    run = boot(elf, timeout=40, kernel=False,
               extra=handoff(elf, park("bootrom", BOOTROM_LOOP)), until=[
                   r"^\[motor\] motor: 2000 ticks, 2 s, interval \d+\.\.\d+ us$",
                   r"^\[sensor\] sensor: job 200,",
                   r"^\[logger\] logger: \d+ primes found",
               ])
    out = run.output
    assert not run.timed_out, out
    assert "[monitor] core 1: starting HRT guest 'motor' at PL1" in out
    assert "[motor] motor: HRT control loop on core 1 at PL1, 1 kHz timer" in out
    assert "did not come up" not in out


def test_handoff_scenario_ends_with_every_core_up():
    elf = build("tests/system/handoff.yaml", "test-handoff")
    run = boot(elf, timeout=60, kernel=False, extra=ICOUNT + handoff(elf, park("bootrom", BOOTROM_LOOP)))
    out = run.output
    assert run.exit_code == 0, out
    assert "[motor] motor: HRT control loop on core 1 at PL1, 1 kHz timer" in out
    assert "[bootcheck] bootcheck: tick 5" in out
    assert "did not come up" not in out


def test_a_core_that_never_comes_up_is_reported_and_the_others_go_on():
    elf = build("tests/system/handoff.yaml", "test-handoff")
    run = boot(elf, timeout=60, kernel=False, extra=ICOUNT + handoff(elf, park("deaf", DEAF_LOOP)))
    out = run.output
    # 100 ms of the 100 MHz timer, as the generated table says.
    assert ("[monitor] core 1 did not come up within 10000000 timer ticks of its release: "
            "its guests do not run") in out, out
    assert "[monitor] missing_core: continue: the other cores go on" in out
    assert "[bootcheck] bootcheck: tick 5" in out
    assert "[motor]" not in out and "core 1: starting" not in out
    # A test image with a missing core fails even though its guest ended well.
    assert "guest 'bootcheck' ends the test with status 0" in out
    assert run.exit_code == 98, out


def test_a_core_that_never_comes_up_stops_the_system_under_halt():
    elf = build("tests/system/handoff_halt.yaml", "test-handoff-halt")
    run = boot(elf, timeout=60, kernel=False, extra=ICOUNT + handoff(elf, park("deaf", DEAF_LOOP)))
    out = run.output
    assert run.exit_code == 98, out
    assert re.search(r"^\[monitor\] core 1 did not come up within \d+ timer ticks", out, re.M), out
    assert "[monitor] missing_core: halt: the system stops" in out
    assert "[bootcheck]" not in out
