"""The device tree the generator writes for a Non-secure guest, compiled
with Debian's dtc and decompiled (dtc -I dtb -O dts), compared with a golden
copy; and what the Non-secure guest changes in the tables."""
from __future__ import annotations

import subprocess

from conftest import ROOT

SYSTEM = "tests/generator/linux_golden.yaml"
GOLDEN = ROOT / "tests" / "generator" / "golden" / "linux.dts"


def _generate(run, tmp_path):
    out = tmp_path / "gen"
    status, stdout, stderr = run(SYSTEM, str(out), variant="golden")
    assert status == 0, stderr
    return out


def decompiled(dts_path, tmp_path) -> str:
    dtb = tmp_path / "linux.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb), str(dts_path)],
                   check=True)
    return subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", str(dtb)], check=True,
                          capture_output=True, text=True).stdout


def test_device_tree_matches_the_golden_one(run, tmp_path):
    out = _generate(run, tmp_path)
    got = decompiled(out / "linux.dts", tmp_path)
    assert got == GOLDEN.read_text(), (
        "the Linux guest's device tree changed; if on purpose: dtc -I dtb -O dts of "
        f"{out}/linux.dts's blob > {GOLDEN}\n" + got)


def test_tables_of_a_non_secure_guest(run, tmp_path):
    out = _generate(run, tmp_path)
    c = (out / "config_gen.c").read_text()
    # Its kernel at RAM base + 0x208000, its DTB and initramfs in its RAM, from a stash.
    assert ".entry = 0x10208000," in c and ".world = WORLD_NS," in c
    assert "{.src = ns_linux_kernel, .src_end = ns_linux_kernel_end, .dst = 0x10208000}" in c
    # Core 0 takes its events from the global timer; the TWD (29) is Linux's, Group 1.
    assert ".sched_timer = SCHED_TIMER_GLOBAL," in c and ".ns_guest = 2," in c
    assert "ISENABLER0: enable 27 */" in c
    assert "in group 1 (Non-secure) */" in c and " 29 in group 1" in c
    assert ".sched_timer = SCHED_TIMER_PRIVATE," in c      # core 1, the HRT core
    # No translation table of its own; its RAM is the monitor's, privileged, NS.
    assert "l1_linux" not in c and "linux RAM (Non-secure, for its reload)" in c
    mk = (out / "build.mk").read_text()
    assert "GUESTS := motor sensor\n" in mk and "NS_GUESTS := linux\n" in mk
    ld = (out / "monitor_mem.ld").read_text()
    assert "STASH_linux (r)" in ld and ".ns_stash_linux" in ld


SMP_SYSTEM = "tests/generator/linux_smp_golden.yaml"
SMP_GOLDEN = ROOT / "tests" / "generator" / "golden" / "linux_smp.dts"


def test_device_tree_of_linux_on_two_cores_matches_the_golden_one(run, tmp_path):
    out = tmp_path / "gen"
    status, _, stderr = run(SMP_SYSTEM, str(out), variant="golden")
    assert status == 0, stderr
    got = decompiled(out / "linux.dts", tmp_path)
    assert got == SMP_GOLDEN.read_text(), (
        "the two-core Linux guest's device tree changed; if on purpose: dtc -I dtb -O dts of "
        f"{out}/linux.dts's blob > {SMP_GOLDEN}\n" + got)
    # Both cpus, started through PSCI; the TWD's PPI names both cores.
    assert "cpu@0 {" in got and "cpu@1 {" in got and got.count('enable-method = "psci";') == 2
    assert "interrupts = <0x01 0x0d 0x304>;" in got


def test_tables_of_linux_on_two_cores(run, tmp_path):
    out = tmp_path / "gen"
    status, _, stderr = run(SMP_SYSTEM, str(out), variant="golden")
    assert status == 0, stderr
    c = (out / "config_gen.c").read_text()
    # A vCPU of it on each core beside that core's SRT guest; CPU_ON may
    # start either core; both take their events from the global timer.
    assert "core0_vcpus[] = { 0, 2 };" in c and "core1_vcpus[] = { 1, 2 };" in c
    assert ".cpus = 0x00000003," in c
    assert c.count(".ns_guest = 2,") == 2 and c.count(".sched_timer = SCHED_TIMER_GLOBAL,") == 2
    # On both cores Linux's IPIs (SGIs 0-7) and TWD are Group 1; the
    # monitor's SGIs 14 and 15 and its comparator (27) stay Group 0.
    assert c.count("{.offset = 0x080, .value = 0x20003fff},") == 2
