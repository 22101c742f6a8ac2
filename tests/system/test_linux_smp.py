"""Debian's unmodified armhf kernel on both cores of a system without an HRT
guest (`cores: [0, 1]`): it boots on core 0, starts core 1 with PSCI
CPU_ON, takes core 1 off and on again (CPU hotplug: CPU_OFF, AFFINITY_INFO,
CPU_ON), keeps both CPUs busy beside an SRT guest on each core, and its
power-off stops it on both cores while the SRT guests go on; its reset
stops both of its vCPUs and boots it again on two cores.

Both run under instruction counting (-icount shift=3,sleep=off), so the
deadlines they assert do not depend on the host's load."""
from __future__ import annotations

import re

from linux_qemu import ICOUNT, boot_linux, build_linux
from test_linux import BAD, after

MISSES = re.compile(r"^\[(sensor1?)\] sensor: job (\d+), filtered value -?\d+, "
                    r"(\d+) deadline misses$", re.M)
CPU_ON = "[monitor] guest 'linux': its vCPU on core 1 on at 0x"


def srt_lines(monitor: str) -> dict[str, list[tuple[int, int]]]:
    """(job, misses) of each SRT guest, in order."""
    out: dict[str, list[tuple[int, int]]] = {"sensor": [], "sensor1": []}
    for name, job, misses in MISSES.findall(monitor):
        out[name].append((int(job), int(misses)))
    return out


def test_linux_on_two_cores_beside_an_srt_guest_on_each():
    elf = build_linux("tests/system/linux_smp.yaml", "test-linux-smp")
    stop = "[monitor] guest 'linux': PSCI SYSTEM_OFF: stopped"
    run = boot_linux(elf, timeout=300, extra=ICOUNT, until_monitor=[
        re.escape(stop) + r"\n(?:.*\n)*?\[sensor\] .*\n(?:.*\n)*?\[sensor\] .*\n"
        r"(?:.*\n)*?\[sensor1\] .*\n(?:.*\n)*?\[sensor1\] "])
    assert not run.timed_out, run.monitor + run.linux
    lx, mon = run.linux, run.monitor
    # Two CPUs through PSCI, both online for /init, both busy.
    for line in ("psci: PSCIv0.2 detected in firmware.", "smp: Brought up 1 node, 2 CPUs",
                 "SMP: Total of 2 processors activated", "init: cpus online: 0-1",
                 "reboot: Power down"):
        assert line in lx, lx
    assert not BAD.search(lx), lx
    hotplug = lx.find("init: cpu1 offline")
    busy = {int(c) for c in re.findall(r"^init: busy child: \d+ iterations \(\w+\) child \d "
                                       r"cpu (\d)$", lx[:hotplug], re.M)}
    assert busy == {0, 1}, lx
    # Linux's IPIs reach both CPUs: its rescheduling IPI is SGI 2, which a
    # monitor SGI of the same number would swallow (every count 0).
    ipi2 = re.search(r"^init: IPI2: +(\d+) +(\d+) +Rescheduling interrupts$", lx, re.M)
    assert ipi2 and int(ipi2.group(1)) > 0 and int(ipi2.group(2)) > 0, lx
    # Hotplug: CPU 1 off (PSCI CPU_OFF; Linux waits for AFFINITY_INFO to say
    # OFF before "killed") and on again (a second CPU_ON).
    assert "init: cpu1 offline: ok, cpus online: 0\n" in lx, lx
    assert re.search(r"\] CPU1 killed\.", lx), lx
    assert "init: cpu1 online: ok, cpus online: 0-1\n" in lx, lx
    on1 = mon.find(CPU_ON)
    off = mon.find("[monitor] guest 'linux': its vCPU on core 1 off (PSCI CPU_OFF)")
    on2 = mon.find(CPU_ON, off)
    assert 0 <= on1 < off < on2 < mon.find(stop), mon
    # Power-off: Linux stops on both cores; both SRT guests go on.
    assert mon.count(stop) == 1, mon
    assert "[monitor] guest 'linux': its vCPU on core 1 stopped" in after(mon, stop), mon
    rest = srt_lines(after(mon, stop))
    for name in ("sensor", "sensor1"):
        jobs = [j for j, _ in rest[name]]
        assert len(jobs) >= 2 and jobs == sorted(jobs), mon
    # Every deadline kept on both cores, through the boot, the busy loops,
    # the hotplug and the power-off.
    lines = srt_lines(mon)
    for name in ("sensor", "sensor1"):
        assert len(lines[name]) >= 15, mon
        assert {m for _, m in lines[name]} == {0}, mon
    assert "PANIC" not in mon, mon


def test_linux_on_two_cores_resets_on_both():
    elf = build_linux("tests/system/linux_smp_reboot.yaml", "test-linux-smp-reboot")
    run = boot_linux(elf, timeout=300, extra=ICOUNT,
                     until_linux=[r"(?s)Booting Linux.*Booting Linux.*^init: 1 s$"])
    assert not run.timed_out, run.monitor + run.linux
    lx, mon = run.linux, run.monitor
    reset = "[monitor] guest 'linux': PSCI SYSTEM_RESET: restarting"
    off = "[monitor] guest 'linux': its vCPU on core 1 off: the guest restarts"
    reloaded = "[monitor] guest 'linux': reloaded, restarting (restart 1)"
    # Core 1 goes off before core 0 reloads the image; the new kernel
    # starts core 1 again.
    i_on, i_reset = mon.find(CPU_ON), mon.find(reset)
    i_off, i_rel = mon.find(off), mon.find(reloaded)
    assert 0 <= i_on < i_reset < i_off < i_rel < mon.find(CPU_ON, i_rel), mon
    assert "reboot: Restarting system" in lx, lx
    second = after(lx, "reboot: Restarting system")
    for line in ("Booting Linux on physical CPU 0x0", "SMP: Total of 2 processors activated",
                 "init: cpus online: 0-1"):
        assert line in second, second
    assert not BAD.search(lx) and "rcu: INFO" not in lx, lx
    # Both SRT guests kept every deadline through the reset and the reload.
    lines = srt_lines(mon)
    for name in ("sensor", "sensor1"):
        assert len(lines[name]) >= 15, mon
        assert {m for _, m in lines[name]} == {0}, mon
        assert any(j for j, _ in srt_lines(after(mon, reloaded))[name]), mon
    assert "PANIC" not in mon, mon
