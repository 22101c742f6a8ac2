"""Debian's unmodified armhf kernel as a Non-secure NRT guest on core 0,
beside the SRT guest sensor and the HRT guest motor (core 1): it boots to
/init, reads what sensor writes into a channel, keeps a CPU busy, and its
power-off, reset and panic stop or restart Linux alone.

The first scenario asserts timing, so it runs under instruction counting
(-icount shift=3,sleep=off: 8 ns per instruction, a virtual second costs
about a host second here); the others assert only what happens to which
guest and run without it (QEMU's MTTCG, faster: Linux reaches /init in about
4 s of host time instead of 12)."""
from __future__ import annotations

import re

from linux_qemu import ASSETS, ICOUNT, boot_linux, build_linux

BAD = re.compile(r"Oops|BUG:|Unable to handle|Internal error|WARNING:")


def c_div(a: int, b: int) -> int:
    """C's integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def sensor_value(job: int) -> int:
    """guests/sensor/main.c's filtered value after `job` jobs."""
    filtered = 0
    for j in range(job):
        sample = (j * 37) % 101 - 50
        filtered += c_div(sample - filtered, 4)
    return filtered


def kernel_release() -> str:
    # build/linux/VERSION: "linux-image-<release> <package version>"
    return ASSETS.joinpath("VERSION").read_text().split()[0].removeprefix("linux-image-")


def test_linux_boots_beside_srt_and_hrt_and_reads_the_channel():
    elf = build_linux("tests/system/linux.yaml", "test-linux")
    run = boot_linux(elf, timeout=240, extra=ICOUNT,
                     until_linux=[r"^init: 4 s$"],
                     until_monitor=[r"^\[sensor\] sensor: job 1[5-9]00,"])
    assert not run.timed_out, run.monitor + run.linux
    lx = run.linux
    # Booted in the Non-secure world through PSCI, one CPU, to /init.
    for line in ("Booting Linux on physical CPU 0x0", "psci: PSCIv0.2 detected in firmware.",
                 "smp: Brought up 1 node, 1 CPU", "Run /init as init process"):
        assert line in lx, lx
    assert f"init: Linux {kernel_release()} " in lx, lx
    assert not BAD.search(lx), lx
    assert re.search(r"^init: busy child: \d+ iterations", lx, re.M), lx
    # The SRT guest kept every deadline through the boot and the busy loop.
    misses = [int(m) for m in re.findall(r"^\[sensor\] sensor: job \d+, filtered value -?\d+, "
                                         r"(\d+) deadline misses$", run.monitor, re.M)]
    assert len(misses) >= 15 and set(misses) == {0}, run.monitor
    # The HRT guest's ticks: 1000 a second, none lost.
    ticks = re.findall(r"^\[motor\] motor: (\d+) ticks, (\d+) s,", run.monitor, re.M)
    assert len(ticks) >= 14, run.monitor
    assert all(int(t) == 1000 * int(s) for t, s in ticks), run.monitor
    # The monitor's time stayed the global counter's (Linux never got it):
    # sensor's releases (global comparator) keep pace with motor's seconds
    # (core 1's private timer), 100 jobs a second.
    seconds = 0
    for line in run.monitor.splitlines():
        m = re.match(r"\[motor\] motor: \d+ ticks, (\d+) s,", line)
        if m:
            seconds = int(m.group(1))
        m = re.match(r"\[sensor\] sensor: job (\d+),", line)
        if m and seconds:
            assert abs(int(m.group(1)) / 100 - seconds) <= 1.5, (line, seconds)
    # A Linux user program read the values the SRT guest wrote, exactly.
    recs = re.findall(r"^init: channel 'sensor_data' record (\d+): (\d+) (-?\d+)$", lx, re.M)
    assert len(recs) >= 3, lx
    for seq, job, value in recs:
        assert int(job) == int(seq) + 1 and int(value) == sensor_value(int(job)), (seq, job,
                                                                                    value)
    assert re.search(r"^init: channel 'sensor_data': \d+ records read", lx, re.M), lx
    # The channel's doorbell, an interrupt of Linux's (a Group 1 SPI, a
    # gpio-keys button in its DTB) that a /init child waits on in read():
    # after each, the newest record, which advances with the writer. sensor
    # rings every 10th job; Linux runs (and takes it) as soon as that job
    # ends, so the newest record is then the ringing job's.
    assert "init: loaded /lib/modules/evdev.ko" in lx, lx
    bells = [tuple(map(int, b)) for b in re.findall(
        r"^init: doorbell 'sensor_data' (\d+): record (\d+): (\d+) (-?\d+)$", lx, re.M)]
    assert len(bells) >= 10, lx
    assert [b[0] for b in bells] == list(range(1, len(bells) + 1)), bells
    for n, seq, job, value in bells:
        assert job == seq + 1 and value == sensor_value(job), (n, seq, job, value)
    jobs = [b[2] for b in bells]
    assert all(a < b for a, b in zip(jobs, jobs[1:])), jobs
    assert sum(j % 10 == 0 for j in jobs) >= len(jobs) * 3 // 4, jobs


def after(text: str, marker: str) -> str:
    i = text.find(marker)
    return text[i + len(marker):] if i >= 0 else ""


def test_linux_poweroff_stops_linux_alone():
    elf = build_linux("tests/system/linux_poweroff.yaml", "test-linux-poweroff")
    stop = "[monitor] guest 'linux': PSCI SYSTEM_OFF: stopped"
    run = boot_linux(elf, timeout=120, until_monitor=[
        re.escape(stop) + r"\n(?:.*\n)*?\[sensor\] .*\n(?:.*\n)*?\[sensor\] .*\n"
        r"(?:.*\n)*?\[motor\] "])
    assert not run.timed_out, run.monitor + run.linux
    assert "init: poweroff" in run.linux and "reboot: Power down" in run.linux, run.linux
    assert run.linux.count("Booting Linux") == 1, run.linux
    rest = after(run.monitor, stop)
    jobs = [int(j) for j in re.findall(r"^\[sensor\] sensor: job (\d+),", rest, re.M)]
    assert len(jobs) >= 2 and jobs == sorted(jobs), run.monitor
    assert re.search(r"^\[motor\] motor: \d+ ticks", rest, re.M), run.monitor
    assert "PANIC" not in run.monitor, run.monitor


def restarted(system: str, variant: str, why: str, linux_marker: str) -> None:
    elf = build_linux(system, variant)
    run = boot_linux(elf, timeout=150,
                     until_monitor=[r"^\[monitor\] guest 'linux': reloaded, restarting "
                                    r"\(restart 1\)$"],
                     until_linux=[r"(?s)Booting Linux.*Booting Linux.*^init: Linux "])
    assert not run.timed_out, run.monitor + run.linux
    assert f"[monitor] guest 'linux': {why}: restarting" in run.monitor, run.monitor
    assert linux_marker in run.linux, run.linux
    # Linux came up again, from its entry, with its whole boot.
    second = after(run.linux, linux_marker)
    assert "Booting Linux on physical CPU 0x0" in second, second
    assert "psci: PSCIv0.2 detected in firmware." in second, second
    # The other guests went on throughout.
    before = run.monitor[:run.monitor.find(f"{why}: restarting")]
    rest = after(run.monitor, f"{why}: restarting")
    for text in (before, rest):
        assert re.search(r"^\[sensor\] sensor: job \d+,", text, re.M), run.monitor
    assert re.search(r"^\[motor\] motor: \d+ ticks", run.monitor, re.M), run.monitor
    assert "PANIC" not in run.monitor, run.monitor


def test_linux_reset_restarts_linux_alone():
    restarted("tests/system/linux_reboot.yaml", "test-linux-reboot", "PSCI SYSTEM_RESET",
              "reboot: Restarting system")


def test_linux_panic_restarts_linux_alone():
    restarted("tests/system/linux_panic.yaml", "test-linux-panic", "PSCI SYSTEM_RESET",
              "Kernel panic - not syncing: Attempted to kill init!")


def test_vfp_registers_stay_in_their_world():
    """A hard-float SRT guest preempts Linux every millisecond while a Linux
    user program keeps live values in d0-d31 and a rounding mode in FPSCR:
    each side finds its own registers every time, and a soft-float Secure
    guest's VFP instruction is undefined, never a read of either's. The SRT
    guest checks from the start and prints its counts every 500 jobs; one
    line printed after Linux's check ended covers all of it."""
    elf = build_linux("tests/system/linux_vfp.yaml", "test-linux-vfp")
    progress = r"^\[fpc\] fpcalc: seed 3, (\d+) rounds so far, (\d+) wrong registers, (\d+) wrong fpscr$"
    run = boot_linux(elf, timeout=150, until_monitor=[r"^\[monitor\] guest 'fpspy' stopped"],
                     until_linux=[r"^init: vfp: \d+ rounds"], then_monitor=[progress])
    assert not run.timed_out, run.monitor + run.linux
    assert not BAD.search(run.linux), run.linux
    m = re.search(r"^init: vfp: (\d+) rounds, (\d+) wrong registers, (\d+) wrong fpscr, "
                  r"1/3 = (0x[0-9a-f]+)$", run.linux, re.M)
    assert m, run.linux
    assert int(m[1]) >= 10 and (m[2], m[3], m[4]) == ("0", "0", "0x3eaaaaaa"), m[0]
    lines = re.findall(progress, run.monitor, re.M)
    assert lines and all((w, f) == ("0", "0") for _, w, f in lines), run.monitor
    assert re.search(r"^\[monitor\] guest 'fpspy' stopped: undefined instruction at pc "
                     r"0x[0-9a-f]+$", run.monitor, re.M), run.monitor
    assert "LEAKED" not in run.monitor
    assert "PANIC" not in run.monitor, run.monitor


def test_linux_restarts_are_bounded_by_max_restarts():
    """on_fault: restart, max_restarts: 1: its first reboot restarts Linux, its
    second stops it (a reboot or panic, PSCI SYSTEM_RESET, counts as a
    restart); the other guests go on."""
    elf = build_linux("tests/system/linux_restarts.yaml", "test-linux-restarts")
    stop = ("[monitor] guest 'linux': PSCI SYSTEM_RESET: stopped (on_fault: restart, "
            "after 1 restarts)")
    run = boot_linux(elf, timeout=180, until_monitor=[
        re.escape(stop) + r"\n(?:.*\n)*?\[sensor\] .*\n(?:.*\n)*?\[sensor\] .*\n"])
    assert not run.timed_out, run.monitor + run.linux
    assert run.monitor.count("[monitor] guest 'linux': PSCI SYSTEM_RESET: restarting") == 1, \
        run.monitor
    assert "[monitor] guest 'linux': reloaded, restarting (restart 1)" in run.monitor
    assert run.linux.count("Booting Linux on physical CPU 0x0") == 2, run.linux
    assert run.linux.count("reboot: Restarting system") == 2, run.linux
    rest = after(run.monitor, stop)
    jobs = [int(j) for j in re.findall(r"^\[sensor\] sensor: job (\d+),", rest, re.M)]
    assert len(jobs) >= 2 and jobs == sorted(jobs), run.monitor
    assert "PANIC" not in run.monitor, run.monitor


def test_linux_panic_under_stop_system_stops_every_guest():
    """on_fault: stop-system: Linux's panic (panic=-1: PSCI SYSTEM_RESET)
    stops every guest, and the system does what on_all_stopped says."""
    elf = build_linux("tests/system/linux_stopsys.yaml", "test-linux-stopsys")
    run = boot_linux(elf, timeout=120,
                     until_monitor=[r"^\[monitor\] all guests stopped: system halted$"])
    assert not run.timed_out, run.monitor + run.linux
    assert "Kernel panic - not syncing: Attempted to kill init!" in run.linux, run.linux
    assert run.linux.count("Booting Linux on physical CPU 0x0") == 1, run.linux
    lines = run.monitor.splitlines()
    i = lines.index("[monitor] guest 'linux' stops the system: PSCI SYSTEM_RESET")
    assert "restarting" not in run.monitor, run.monitor
    assert not any(l.startswith("[sensor] ") for l in lines[i + 1:]), lines[i:]
    assert "PANIC" not in run.monitor, run.monitor
