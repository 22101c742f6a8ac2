"""generator/trustzone.py: the values of the TrustZone registers, exact
masks for the Linux demo system and for small systems, their table in
config_gen.c, and the partition in report.txt."""
from __future__ import annotations

import textwrap

from generator import trustzone
from generator.validate import load_system

LINUX = "tests/system/linux.yaml"


def _values(path: str, root: str = ".") -> dict[str, int]:
    sysm, _ = load_system(root, path, "default")
    part = trustzone.partition(sysm)
    assert part is not None
    return {v.reg.name: v.value for v in part.values}


def _system(tmp_path, guests: str, platform: str = "zynq-7000") -> str:
    p = tmp_path / "s.yaml"
    p.write_text(f"platform: {platform}\n" + textwrap.dedent(guests))
    return str(p)


LINUX_GUEST = """\
  - name: linux
    level: NRT
    core: {core}
    world: non-secure
    memory: [{{base: {base}, size: {size}}}]
    devices: [{devices}]
    linux:
      kernel: tests/generator/fixtures/linux/Image
      initrd: tests/generator/fixtures/linux/initramfs.cpio.gz
      bootargs: "console=ttyAMA0"
      console: {{device: {console}}}
"""


def test_demo_system_masks():
    # linux.yaml: Linux in 0x10000000-0x1fffffff (DDR blocks 4-7) with
    # uart1 (APB bit 7), on core 0; the monitor's console is uart0.
    assert _values(LINUX) == {
        "tz_ocm_ram0": 0, "tz_ocm_ram1": 0, "tz_ddr_ram": 0x000000f0,
        "tz_gem": 0, "tz_sdio": 0, "tz_usb": 0,
        "security2_sdio0": 0, "security3_sdio1": 0, "security6_apb_slaves": 0x80,
        "scu_sac": 0x3, "scu_snsac": 0x10,
    }


def test_board_demo_masks(tmp_path):
    # The same guest on the ZC702 (monitor at 0x3C000000, console uart1):
    # Linux in blocks 8-11 with uart0 (APB bit 6), on core 1.
    path = _system(tmp_path, "guests:\n" + LINUX_GUEST.format(
        core=1, base="0x20000000", size="256M", devices="{name: uart0}", console="uart0"),
        platform="zc702")
    v = _values(path)
    assert v["tz_ddr_ram"] == 0x00000f00
    assert v["security6_apb_slaves"] == 0x40
    assert v["scu_snsac"] == 0x20          # core 1's private timer and watchdog only
    assert v["scu_sac"] == 0x3
    assert {k for k, x in v.items() if x} == {"tz_ddr_ram", "security6_apb_slaves",
                                              "scu_snsac", "scu_sac"}


def test_block_zero_and_sdio(tmp_path):
    # Block 0 (the DDR below 64 MB, where the platform's RAM starts at 1 MB)
    # is Non-secure only if the guest fills it: 0x04000000 + 128M = blocks 1-2.
    # sd1 (trusted DMA) sets its slave bit and its master bit 1 of TZ_SDIO.
    path = _system(tmp_path, "guests:\n" + LINUX_GUEST.format(
        core=0, base="0x04000000", size="128M",
        devices="{name: uart1}, {name: sd1, trusted_dma: test}", console="uart1"))
    v = _values(path)
    assert v["tz_ddr_ram"] == 0b110
    assert v["security3_sdio1"] == 1 and v["tz_sdio"] == 0b10
    assert v["security2_sdio0"] == 0 and v["security6_apb_slaves"] == 0x80


def test_no_partition_without_a_non_secure_guest():
    sysm, _ = load_system(".", "system.yaml", "default")
    assert trustzone.partition(sysm) is None


def test_table_and_report(run, tmp_path):
    out = tmp_path / "gen"
    status, _, err = run(LINUX, str(out))
    assert status == 0, err
    c = (out / "config_gen.c").read_text()
    assert ('{.name = "tz_ddr_ram", .addr = 0xf8000430, .value = 0x000000f0, '
            '.flags = CFG_TZ_SLCR | CFG_TZ_READBACK},') in c
    assert ('{.name = "security6_apb_slaves", .addr = 0xe0200018, .value = 0x00000080, '
            '.flags = 0},') in c
    assert ('{.name = "scu_snsac", .addr = 0xf8f00054, .value = 0x00000010, '
            '.flags = CFG_TZ_READBACK},') in c
    assert ".trustzone = &cfg_trustzone," in c
    text = (out / "report.txt").read_text()
    for line in ("  QEMU does not enforce it: QEMU models none of these registers "
                 "(docs/monitor.md); on QEMU only the DTB and the guest keep Linux out of the "
                 "Secure side",
                 "    0x10000000-0x1fffffff  Non-secure  guest linux (its RAM and the channels "
                 "it shares)",
                 "    0x00000000-0x0fffffff  Secure",
                 "    0xfffc0000-0xffffffff  Secure",
                 "    uart0        Secure     the monitor; security6_apb_slaves bit 6",
                 "    uart1        Non-secure guest 'linux'; security6_apb_slaves bit 7",
                 "    SNSAC 0x10: Non-secure access to the private timer and watchdog of core 0 "
                 "only; the SCU registers and the global timer stay Secure (the monitor's time "
                 "and events)"):
        assert line + "\n" in text, line
    svg = (out / "report.svg").read_text()
    assert "TrustZone partition" in svg and "QEMU does not enforce it" in svg


def test_default_system_writes_nothing(run, tmp_path):
    out = tmp_path / "gen"
    assert run("system.yaml", str(out))[0] == 0
    c = (out / "config_gen.c").read_text()
    assert "cfg_tz_regs" not in c and ".trustzone = 0," in c


def test_board_report_says_enforced(run, tmp_path):
    path = _system(tmp_path, "guests:\n" + LINUX_GUEST.format(
        core=0, base="0x10000000", size="64M", devices="{name: uart0}", console="uart0"),
        platform="zc702")
    out = tmp_path / "gen"
    status, _, err = run(path, str(out))
    assert status == 0, err
    text = (out / "report.txt").read_text()
    assert "  enforced by the board: a value that does not read back stops the monitor\n" in text
    assert "QEMU does not enforce" not in (out / "report.svg").read_text()
