"""One tiny invalid system per check; each asserts the exact diagnostics."""
from __future__ import annotations

import pytest

from conftest import FIXTURES

P = "platforms/zynq-7000.yaml"

# fixture name -> expected stderr lines, without the leading "{fixture path}:".
EXPECTED = {
    "align_hrt": [
        "8:16: error: 'base' 0x01080000 of HRT guest 'motor' is not a multiple of 1M (HRT memory is mapped in 1 MB sections)",
        "8:34: error: 'size' 512K of HRT guest 'motor' is not a multiple of 1M (HRT memory is mapped in 1 MB sections)",
    ],
    "align_nrt": [
        "8:17: error: 'guest' 0x00000800 of NRT guest 'logger' is not a multiple of 4K (NRT memory is mapped in 4 KB pages)",
        "8:35: error: 'size' 0x1770 of NRT guest 'logger' is not a multiple of 4K (NRT memory is mapped in 4 KB pages)",
    ],
    "bad_core": [
        "3:38: error: core 2 does not exist (platform 'zynq-7000' has cores 0..1)",
    ],
    "bad_core_entry": [
        "4:10: error: core 5 does not exist (platform 'zynq-7000' has cores 0..1)",
        '5:10: error: core 0 is listed twice (first at {f}:3:10)',
    ],
    "console_assigned": [
        "8:22: error: device 'uart0' is the monitor's console ({p}:24:12)",
    ],
    "device_two_guests": [
        "15:22: error: device 'uart1' of guest 'logger' is already given to guest 'sensor' ({f}:9:22)",
    ],
    "dup_device": [
        "8:37: error: device 'uart1' is listed twice for guest 'logger' (first at {f}:8:22)",
    ],
    "dup_guest_name": [
        "4:12: error: duplicate guest name 'sensor' (first at {f}:3:12)",
    ],
    "hrt_core_shared": [
        "10:11: error: HRT guest 'motor' cannot share core 1 with guest 'logger' ({f}:5:11)",
        "15:11: error: guest 'sensor' cannot share core 1 with HRT guest 'motor' ({f}:10:11)",
    ],
    "hrt_not_straight": [
        "8:17: error: HRT guest 'motor' memory must be straight-mapped: guest address 0x00000000 differs from base 0x01000000",
    ],
    "image_missing": [
        "3:48: error: image 'nothere' not found: no directory tests/generator/fixtures/guests/nothere or guests/nothere",
    ],
    "irq_not_owned": [
        "9:16: error: IRQ 59 of guest 'logger' belongs to none of its devices (ttc0: 42, 43, 44)",
    ],
    "irq_two_guests": [
        "16:22: error: device 'uart1' of guest 'logger' is already given to guest 'sensor' ({f}:9:22)",
        "17:12: error: IRQ 82 of guest 'logger' is already routed to guest 'sensor' ({f}:10:12)",
    ],
    "many_errors": [
        "5:11: error: core 3 does not exist (platform 'zynq-7000' has cores 0..1)",
        "7:31: error: 'size' 0x64 of NRT guest 'logger' is not a multiple of 4K (NRT memory is mapped in 4 KB pages)",
        "8:22: error: device 'gicd' is reserved for the monitor",
        "9:11: error: duplicate guest name 'logger' (first at {f}:3:11)",
        "13:37: error: budget 2ms of guest 'logger' exceeds its deadline 1ms",
    ],
    "monitor_unaligned": [
        '3:11: error: monitor memory 0x3fc80000-0x3fffffff is not 1 MB aligned',
    ],
    "nrt_alloc_fail": [
        "7:14: error: cannot allocate 1G for guest 'logger': no free run of 4 KB frames that large in RAM bank 'ddr'",
    ],
    "nrt_missing_guest": [
        "8:9: error: memory region of NRT guest 'logger' is missing required key 'guest' (its guest address)",
    ],
    "outside_ram": [
        "9:9: error: guest 'sensor' memory 0x40000000-0x400fffff is outside the platform's RAM (ddr 0x00000000-0x3fffffff, ocm 0xfffc0000-0xffffffff)",
    ],
    "overlap_guests": [
        "15:9: error: guest 'logger' memory 0x02000000-0x020fffff overlaps guest 'sensor' memory 0x02000000-0x020fffff ({f}:9:9)",
    ],
    "overlap_monitor": [
        "8:9: error: guest 'motor' memory 0x3fe00000-0x3fefffff overlaps the monitor memory 0x3fc00000-0x3fffffff ({p}:23:11)",
    ],
    "private_not_hrt": [
        "8:22: error: private devices are banked per core; only an HRT guest owning its core may have 'cpu_private'",
    ],
    "reserved_device": [
        "8:22: error: device 'gicd' is reserved for the monitor",
    ],
    "reserved_name": [
        "3:12: error: guest name 'monitor' is reserved",
    ],
    "schedule_level": [
        "3:5: error: SRT guest 'sensor' is missing required key 'schedule'",
        "12:5: error: 'schedule' is only for SRT guests, not for NRT guest 'logger'",
    ],
    "schedule_order": [
        "7:38: error: budget 3ms of guest 'sensor' exceeds its deadline 2ms",
        "13:52: error: deadline 2ms of guest 'fast' exceeds its period 1ms",
    ],
    "schema_errors": [
        "2:1: error: unknown key 'colour' in the system",
        "4:11: error: 'name' must be a lowercase identifier of at most 16 characters ([a-z][a-z0-9_]*), not 'Sensor'",
        "5:12: error: 'level' must be one of HRT, SRT, NRT, not 'XRT'",
        "6:11: error: 'core' must be an integer, not 'abc'",
        "8:39: error: 'size' must be a size such as 4096, 0x1000, 4K, 512K, 1M or 1G, not '4X'",
        "9:5: error: unknown key 'extra' in guest 'Sensor'",
        "10:5: error: guest 'logger' is missing required key 'image'",
        "13:22: error: 'guest' must be a 32-bit address (an integer such as 0x01000000), not 1.5",
    ],
    "srt_missing_base": [
        "9:9: error: memory region of SRT guest 'sensor' is missing required key 'base' (SRT memory is placed by the user)",
    ],
    "too_many_guests": [
        "3:3: error: 'guests' must have at most 15 entries, not 16",
    ],
    "unknown_device": [
        "8:22: error: unknown device 'uart7' (not in {p})",
    ],
    "unknown_platform": [
        "1:11: error: unknown platform 'zynq-9000' (no file platforms/zynq-9000.yaml)",
    ],
    "utilisation": [
        "13:15: error: SRT utilisation of core 0 is 110.0% (over 100%): guest 'fast' 50.0%, guest 'sensor' 60.0% ({f}:7:15)",
    ],
    "virtual_overlap": [
        "9:9: error: guest 'logger' virtual memory 0x0000f000-0x0000ffff overlaps its virtual memory 0x00000000-0x0000ffff ({f}:8:9)",
    ],
    "virtual_overlap_monitor": [
        "9:9: error: guest 'sensor' virtual memory 0x3ff00000-0x3fffffff overlaps the monitor memory 0x3fc00000-0x3fffffff, mapped at the same address in every guest ({p}:23:11)",
    ],
    "virtual_overlap_monitor_device": [
        "8:9: error: guest 'logger' virtual memory 0xf8f01000-0xf8f01fff overlaps monitor device 'gicd' 0xf8f01000-0xf8f01fff, mapped at the same address in every guest ({p}:41:5)",
    ],
    "virtual_overlap_own_device": [
        "8:9: error: guest 'logger' virtual memory 0xe0001000-0xe0002fff overlaps its device 'uart1' 0xe0001000-0xe0001fff ({f}:10:16)",
    ],
}


def test_every_fixture_is_listed():
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name, run, tmp_path):
    path = f"tests/generator/fixtures/{name}.yaml"
    out = tmp_path / "gen"
    status, stdout, stderr = run(path, str(out))
    want = [f"{path}:" + line.format(f=path, p=P) for line in EXPECTED[name]]
    assert stderr == want
    assert status == 1
    assert stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_errors_are_sorted(run, tmp_path):
    path = "tests/generator/fixtures/many_errors.yaml"
    _, _, stderr = run(path, str(tmp_path / "gen"))
    assert len(stderr) >= 4
    keys = [tuple(int(n) for n in line.split(":")[1:3]) for line in stderr]
    assert keys == sorted(keys)
