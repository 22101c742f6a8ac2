"""One tiny system per check; each asserts the exact diagnostics.

Every rule of generator/rules.py names a fixture here that triggers it, and
docs/checks.md (generated from the rules) must be up to date.
"""
from __future__ import annotations

import os

import pytest

from conftest import FIXTURES, ROOT
from generator import docs, rules

P = "platforms/zynq-7000.yaml"

# fixture name -> expected stderr lines. A line starting with ':' follows the
# fixture's own path; {f} is the fixture path, {p} the platform file's.
EXPECTED = {
    'bootargs_too_long': [
        ":12:17: error[E035 bootargs-too-long]: the command line of guest 'linux' is 1026 bytes; Linux keeps at most 1023 (COMMAND_LINE_SIZE)",
    ],
    'linux_file': [
        ":10:15: error[E034 linux-file]: kernel Image 'tests/generator/fixtures/linux/no-such-Image' of guest 'linux' does not exist",
        "  hint: make linux-assets fetches Debian's kernel and builds the initramfs",
    ],
    'ns_guest': [
        ":6:12: error[E043 ns-guest]: Non-secure guest 'linux' must be NRT, not SRT: it runs in the slack of its core, preempted by every Secure interrupt",
        ":7:5: error[E043 ns-guest]: 'image' is not for Non-secure guest 'linux': it runs its own kernel at PL1, which the monitor neither builds nor traps",
        ":9:14: error[E064 trustzone-blocks]: Non-secure guest 'linux' memory 0x10000000-0x103fffff does not fill whole 64M TrustZone blocks",
        '  hint: base 0x04000000, size 64M fills blocks that hold no Secure memory',
        ":10:22: error[E043 ns-guest]: device 'uart1' of Non-secure guest 'linux' must be at its physical address 0xe0001000: the guest runs its own MMU",
        ":15:25: error[E043 ns-guest]: console device 'uart0' of guest 'linux' is not one of its devices",
        '  hint: give it the device: devices: [{name: uart0}]',
        ":21:5: error[E043 ns-guest]: 'linux' is only for Non-secure guests: guest 'logger' is in the Secure world",
        '  hint: add world: non-secure',
    ],
    'ns_memory': [
        ":8:17: error[E058 ns-memory]: Non-secure guest 'linux' memory is physical: guest address 0x00000000 differs from base 0x10100000",
        ":8:26: error[E058 ns-memory]: base 0x10100000 of Non-secure guest 'linux' is not 2 MB aligned (Linux derives its PHYS_OFFSET from the load address)",
        ":8:44: error[E058 ns-memory]: size 32256K of Non-secure guest 'linux' is not a multiple of 1M",
        ":9:9: error[E058 ns-memory]: Non-secure guest 'linux' has 2 memory regions: its RAM is one contiguous physical range, given whole",
    ],
    'ns_cores': [
        ":6:12: error[E045 ns-cores]: 'cores' of Non-secure guest 'linux' does not include its 'core' 0 ({f}:5:11), the core its kernel boots on",
        '  hint: cores: [0, 1]',
        ":6:16: error[E040 core-missing]: core 2 does not exist (platform 'zynq-7000' has cores 0..1)",
        ":18:5: error[E045 ns-cores]: 'cores' is only for Non-secure guests: guest 'app' runs on one core, its 'core' 0",
        "  hint: add world: non-secure, or remove 'cores'",
    ],
    'ns_cores_shared': [
        ":17:11: error[E042 hrt-exclusive]: HRT guest 'motor' cannot share core 1 with guest 'linux' ({f}:6:16)",
        ":22:11: error[E042 hrt-exclusive]: guest 'other' cannot share core 1 with HRT guest 'motor' ({f}:17:11)",
        ":23:16: error[E044 ns-per-core]: guest 'other' is a second Non-secure guest on core 0 (guest 'linux', {f}:3:5): the Non-secure world has one set of banked registers per core",
        ":24:12: error[E044 ns-per-core]: guest 'other' is a second Non-secure guest on core 1 (guest 'linux', {f}:3:5): the Non-secure world has one set of banked registers per core",
    ],
    'ns_doorbell': [
        ":37:5: error[E046 ns-doorbell]: channel 'bell17' rings a doorbell into Non-secure guest 'linux', but no SPI of the platform's software_spis (61, 62, 63, 64, 65, 66, 67, 68, 84, 85, 86, 87, 88, 89, 90, 91) is left for it",
    ],
    'ns_per_core': [
        ":17:12: error[E044 ns-per-core]: guest 'other' is a second Non-secure guest on core 0 (guest 'linux', {f}:3:5): the Non-secure world has one set of banked registers per core",
        ":32:11: error[E042 hrt-exclusive]: guest 'third' cannot share core 1 with HRT guest 'motor' ({f}:27:11)",
    ],
    'tz_device': [
        ":11:37: error[E068 tz-device]: device 'i2c0' of Non-secure guest 'linux' cannot be made Non-secure: platform 'zc702' names no TrustZone bit for it (platforms/zc702.yaml)",
        "  hint: give the device its `tz` bits in the platform file (UG585 appendix B), or give it to a Secure guest",
    ],
    'tz_shared': [
        ":17:22: error[E069 tz-shared]: device 'uart1' of Non-secure guest 'linux' shares TrustZone bit 7 of apb with device 'ttc0' of guest 'sensor' (tests/generator/fixtures/platforms/tz-shared.yaml:20:5): the bit would make 'ttc0' Non-secure too",
    ],
    'trustzone_blocks': [
        ":13:14: error[E064 trustzone-blocks]: Non-secure guest 'linux' memory 0x04000000-0x05ffffff does not fill whole 64M TrustZone blocks; shares a TrustZone block with guest 'sensor' memory 0x06000000-0x060fffff",
        '  hint: base 0x08000000, size 64M fills blocks that hold no Secure memory',
    ],
    'align_hrt': [
        ":8:16: error[E050 memory-alignment]: 'base' 0x01080000 of HRT guest 'motor' is not a multiple of 1M (HRT memory is mapped in 1 MB sections)",
        ":8:34: error[E050 memory-alignment]: 'size' 512K of HRT guest 'motor' is not a multiple of 1M (HRT memory is mapped in 1 MB sections)",
    ],
    'align_nrt': [
        ":8:17: error[E050 memory-alignment]: 'guest' 0x00000800 of NRT guest 'logger' is not a multiple of 4K (NRT memory is mapped in 4 KB pages)",
        ":8:35: error[E050 memory-alignment]: 'size' 0x1770 of NRT guest 'logger' is not a multiple of 4K (NRT memory is mapped in 4 KB pages)",
    ],
    'bad_core': [
        ":3:38: error[E040 core-missing]: core 2 does not exist (platform 'zynq-7000' has cores 0..1)",
    ],
    'bad_core_entry': [
        ":4:10: error[E040 core-missing]: core 5 does not exist (platform 'zynq-7000' has cores 0..1)",
        ':5:10: error[E041 core-duplicate]: core 0 is listed twice (first at {f}:3:10)',
    ],
    'board_clock': [
        "tests/generator/fixtures/platforms/qemu-clock-board.yaml:37:21: error[E022 board-clock]: 'private_timer_hz' 100000000 (QEMU's clock) is not CPU_3x2x = cpu_hz / 2 = 333333333 on a 'board' platform",
        '  hint: private_timer_hz: 333333333',
    ],
    'boot_reserved': [
        ":7:14: error[E059 boot-reserved]: guest 'logger' memory 0xfffff000-0xffffffff overlaps 0xfffffe00-0xffffffff, which the boot hand-off of the secondary core reserves ({p}:98:22)",
        '  hint: keep guest memory below 0xfffffe00',
    ],
    'build_option': [
        ":8:29: error[E141 build-option]: source pattern 'port/*.S' of guest 'app' matches no .c, .S or .cpp file in tests/generator/fixtures/guests/thirdparty",
        ":8:39: error[E141 build-option]: source pattern '../logger/*.c' of guest 'app' leaves its folder tests/generator/fixtures/guests/thirdparty",
        ":9:17: error[E141 build-option]: include folder 'include' of guest 'app' is not a folder inside tests/generator/fixtures/guests/thirdparty",
        ":10:34: error[E141 build-option]: define '2BAD' of guest 'app' is not a C identifier",
    ],
    'bus_master': [
        ":10:34: error[E065 bus-master]: 'trusted_dma' is not for HRT guest 'motor': it is trusted already and may own bus master 'sd1'",
        ":17:16: error[E065 bus-master]: device 'dmac' of NRT guest 'logger' is a bus master (passthrough): the Zynq-7000 has no IOMMU, so its DMA reaches all of memory, the monitor's and every guest's",
        '  hint: give it to an HRT guest, or, if this guest is trusted with all of memory, say why on its entry: trusted_dma: "<reason>"',
        ":18:16: error[E065 bus-master]: device 'gem0' of NRT guest 'logger' is a bus master (mediated: its io windows program the same DMA engine): the Zynq-7000 has no IOMMU, so its DMA reaches all of memory, the monitor's and every guest's",
        '  hint: give it to an HRT guest, or, if this guest is trusted with all of memory, say why on its entry: trusted_dma: "<reason>"',
        ":19:36: error[E065 bus-master]: 'trusted_dma' on device 'uart1' of guest 'logger', which is not a bus master ({p})",
    ],
    'channel_ends': [
        ":6:42: error[E100 channel-ends]: channel 'loop' has guest 'logger' as both writer and reader",
        ":7:41: error[E100 channel-ends]: channel 'cmd' cannot have HRT guest 'motor' as its reader ({f}:3:5): the monitor does not map shared memory into HRT guests",
        ":8:26: error[E032 unknown-name]: unknown guest 'ghost' as writer of channel 'lost'",
        ":9:12: error[E030 duplicate-name]: duplicate channel name 'loop' (first at {f}:6:12)",
    ],
    'channel_size': [
        ":6:46: error[E101 channel-size]: size 6K of channel 'data' is not a multiple of 4K (channels are mapped in 4 KB pages)",
    ],
    'channel_unread': [
        ":6:5: warning[W003 channel-unread]: nobody reads channel 'data': no source of its reader 'b' in guests/logger refers to CHANNEL_DATA_VA",
    ],
    'console_assigned': [
        ":8:22: error[E060 device-reserved]: device 'uart0' is the monitor's console ({p}:24:12)",
        '  hint: choose another console with monitor: {console: ...}',
    ],
    'console_input': [
        ":2:26: error[E084 console-input]: console input goes to guest 'logger', which has no virtual UART ({f}:4:5)",
        '  hint: give it one: vuart: {guest: <4 KB-aligned address>}',
    ],
    'device_access': [
        ":8:22: warning[W004 device-unmapped]: mediated device 'ttc1' of guest 'motor' has no io window: the guest cannot reach it",
        '  hint: add io: [{guest: <address>, device: ttc1, size: 4K}]',
        ":8:36: error[E063 device-access]: HRT guest 'motor' can only have passthrough devices: the monitor cannot mediate 'ttc1' for a guest that runs privileged with its own vectors",
        ":15:30: error[E063 device-access]: guest address 0x40000800 of device 'uart1' of guest 'logger' is not a multiple of 4K (devices are mapped in 4 KB pages)",
        ":16:40: error[E063 device-access]: 'guest' is only for passthrough devices: mediated device 'ttc0' of guest 'logger' is reached through its 'io' windows",
    ],
    'device_mediated_shared': [
        ":23:22: error[E061 device-conflict]: device 'ttc0' of guest 'c' is already given to guest 'a' ({f}:9:22)",
        '  hint: two guests may share a device only if both have it `access: mediated`',
        ":23:36: error[E061 device-conflict]: device 'gpio' of guest 'c' is already given to guest 'b' ({f}:16:54)",
        '  hint: two guests may share a device only if both have it `access: mediated`',
    ],
    'device_two_guests': [
        ":15:22: error[E061 device-conflict]: device 'uart1' of guest 'logger' is already given to guest 'sensor' ({f}:9:22)",
        '  hint: two guests may share a device only if both have it `access: mediated`',
    ],
    'device_unmapped': [
        ":8:22: warning[W004 device-unmapped]: mediated device 'ttc0' of guest 'logger' has no io window: the guest cannot reach it",
        '  hint: add io: [{guest: <address>, device: ttc0, size: 4K}]',
    ],
    'dup_device': [
        ":8:37: error[E030 duplicate-name]: device 'uart1' is listed twice for guest 'logger' (first at {f}:8:22)",
    ],
    'dup_guest_name': [
        ":4:12: error[E030 duplicate-name]: duplicate guest name 'sensor' (first at {f}:3:12)",
    ],
    'elf_invalid': [
        ":3:44: error[E142 elf-invalid]: prebuilt image of guest 'text': {f} is not an ELF file",
        ":4:44: error[E142 elf-invalid]: the prebuilt ELF tests/generator/fixtures/elf/hard.elf of guest 'soft' is built for the hard-float ABI, but the guest is soft-float: its first VFP instruction would stop it",
        '  hint: add `float: hard` to the guest',
        ":5:44: error[E142 elf-invalid]: prebuilt image of guest 'gone': cannot read tests/generator/fixtures/elf/nothere.elf: No such file or directory",
    ],
    'elf_layout': [
        ":6:10: error[E143 image-layout]: entry point 0x00001000 of the prebuilt ELF tests/generator/fixtures/elf/layout.elf of guest 'app' is not in an executable segment",
        ":6:10: error[E143 image-layout]: segment 2 (0x00200000-0x00200003) of the prebuilt ELF tests/generator/fixtures/elf/layout.elf of guest 'app' is outside its first memory region 0x00000000-0x000fffff, where the monitor loads the image",
        '  hint: link the image at 0x00000000 (docs/porting.md)',
    ],
    'foreign_section': [
        ":3:33: error[E057 foreign-section]: test_foreign_section needs an SRT guest as 'guest' (User mode, 1 MB sections), not NRT guest 'logger' ({f}:5:5)",
        ":3:45: error[E057 foreign-section]: test_foreign_section would map guest 'logger' into its own table: 'of' must be another guest",
    ],
    'foreign_section_names': [
        ":3:33: error[E032 unknown-name]: unknown guest 'ghost' as guest of test_foreign_section",
        ":3:44: error[E057 foreign-section]: test_foreign_section needs an HRT or SRT guest as 'of' (its memory mapped in 1 MB sections), not NRT guest 'logger' ({f}:5:5)",
        ":3:56: error[E050 memory-alignment]: 'va' 0x60080000 of test_foreign_section is not a multiple of 1M (the entry is a 1 MB section)",
    ],
    'foreign_section_overlap': [
        ":3:56: error[E053 address-space-overlap]: guest 'sensor' test_foreign_section 0x00000000-0x000fffff overlaps its virtual memory 0x00000000-0x000fffff ({f}:11:14)",
        '  hint: 0x00100000 is the next free guest address (1M-aligned) with room for 1M',
    ],
    'hrt_core_shared': [
        ":10:11: error[E042 hrt-exclusive]: HRT guest 'motor' cannot share core 1 with guest 'logger' ({f}:5:11)",
        ":15:11: error[E042 hrt-exclusive]: guest 'sensor' cannot share core 1 with HRT guest 'motor' ({f}:10:11)",
    ],
    'hrt_not_straight': [
        ":8:17: error[E054 memory-placement]: HRT guest 'motor' memory must be straight-mapped: guest address 0x00000000 differs from base 0x01000000",
    ],
    'image_missing': [
        ":3:48: error[E033 image-missing]: image 'nothere' not found: no directory tests/generator/fixtures/guests/nothere or guests/nothere",
    ],
    'image_source': [
        ":3:51: error[E140 image-source]: guest 'a' has both `image` (sources, {f}:3:43) and `elf` (a prebuilt image): keep one",
        ":9:5: error[E140 image-source]: `build` options of guest 'b' do not apply to its prebuilt image (`elf`, {f}:7:10)",
    ],
    'image_too_large': [
        ":6:10: error[E144 image-too-large]: the prebuilt ELF tests/generator/fixtures/elf/big.elf of guest 'app' does not fit: it needs 630784 bytes (614400 of image and .bss + 16384 of stack) but its first memory region 0x00000000-0x0007ffff has 524288 (512K): 106496 bytes missing",
        '  hint: give the region at least 616K',
    ],
    'input_directory': [
        ': error[E001 input-file]: is a directory, not a file',
    ],
    'io_alignment': [
        ":9:18: error[E081 io-alignment]: 'guest' 0x40000002 of io window 'ttc0' of guest 'logger' is not a multiple of 4 (windows are word granular)",
        ":9:52: error[E081 io-alignment]: 'offset' 0x1 of io window 'ttc0' of guest 'logger' is not a multiple of 4 (windows are word granular)",
        ":9:61: error[E081 io-alignment]: 'size' 0x6 of io window 'ttc0' of guest 'logger' is not a multiple of 4 (windows are word granular)",
        ":10:20: error[E081 io-alignment]: virtual UART of guest 'logger' at 0x40010100 is not 4 KB aligned (it is one page)",
        ":11:53: error[E081 io-alignment]: 'size' 0x6 of proxied device 'disk' of guest 'logger' is not a multiple of 4",
    ],
    'io_level': [
        ":8:5: error[E082 io-level]: HRT guest 'motor' cannot have a virtual UART: the monitor cannot trap its accesses",
        ":9:15: error[E082 io-level]: proxied device 'disk' of HRT guest 'motor': the monitor cannot trap the accesses of a guest that runs privileged",
    ],
    'io_overlap': [
        ":10:9: error[E053 address-space-overlap]: guest 'logger' io window 'ttc0' 0x00008000-0x0000800f overlaps its virtual memory 0x00000000-0x0000ffff ({f}:7:14)",
        '  hint: 0x00010000 is the next free guest address (4-byte-aligned) with room for 0x10',
        ":11:9: error[E053 address-space-overlap]: guest 'logger' io window 'second' 0x40000010-0x4000001f overlaps its device 'uart1' 0x40000000-0x40000fff ({f}:8:22)",
        '  hint: 0x40001000 is the next free guest address (4-byte-aligned) with room for 0x10',
        ":13:9: error[E053 address-space-overlap]: guest 'logger' io window 'fourth' 0x40100010-0x4010002f overlaps its io window 'third' 0x40100000-0x4010001f ({f}:12:9)",
        '  hint: 0x40101000 is the next free guest address (4-byte-aligned) with room for 0x20',
        ":14:9: error[E053 address-space-overlap]: guest 'logger' io window 'fifth' 0xf8f01000-0xf8f0101f overlaps monitor device 'gicd' 0xf8f01000-0xf8f01fff, mapped at the same address in every guest ({p}:41:5)",
        '  hint: 0xf8f03000 is the next free guest address (4-byte-aligned) with room for 0x20',
        ":15:20: error[E053 address-space-overlap]: guest 'logger' virtual UART 0x40100000-0x40100fff overlaps its io window 'fourth' 0x40100010-0x4010002f ({f}:13:9)",
        '  hint: 0x40101000 is the next free guest address (4K-aligned) with room for 4K',
        ":15:20: error[E053 address-space-overlap]: guest 'logger' virtual UART 0x40100000-0x40100fff overlaps its io window 'third' 0x40100000-0x4010001f ({f}:12:9)",
        '  hint: 0x40101000 is the next free guest address (4K-aligned) with room for 4K',
    ],
    'io_target': [
        ":8:37: warning[W004 device-unmapped]: mediated device 'ttc0' of guest 'logger' has no io window: the guest cannot reach it",
        '  hint: add io: [{guest: <address>, device: ttc0, size: 4K}]',
        ":10:37: error[E080 io-target]: translation target 0xe0001000 (device 'uart1') of guest 'logger' is outside its own mediated devices (ttc0)",
        "  hint: 'uart1' is passthrough for this guest, already mapped at 0xe0001000; write `access: mediated` to reach it through windows instead",
        ":11:37: error[E080 io-target]: translation target 0xe0004000 (device 'i2c0') of guest 'logger' is outside its own mediated devices (ttc0)",
        "  hint: add {name: i2c0, access: mediated} to the guest's devices",
        ":12:64: error[E080 io-target]: translation target 0xf8001ff0-0xf800200f of guest 'logger' is outside device 'ttc0' 0xf8001000-0xf8001fff",
    ],
    'irq_not_owned': [
        ":9:16: error[E070 irq-not-owned]: IRQ 59 of guest 'logger' belongs to none of its devices (ttc0: 42, 43, 44)",
    ],
    'irq_two_guests': [
        ":16:22: error[E061 device-conflict]: device 'uart1' of guest 'logger' is already given to guest 'sensor' ({f}:9:22)",
        '  hint: two guests may share a device only if both have it `access: mediated`',
        ":17:12: error[E071 irq-conflict]: IRQ 82 of guest 'logger' is already routed to guest 'sensor' ({f}:10:12)",
    ],
    'many_errors': [
        ":5:11: error[E040 core-missing]: core 3 does not exist (platform 'zynq-7000' has cores 0..1)",
        ":7:31: error[E050 memory-alignment]: 'size' 0x64 of NRT guest 'logger' is not a multiple of 4K (NRT memory is mapped in 4 KB pages)",
        ":8:22: error[E060 device-reserved]: device 'gicd' is reserved for the monitor",
        ":9:11: error[E030 duplicate-name]: duplicate guest name 'logger' (first at {f}:3:11)",
        ":13:37: error[E091 schedule-order]: budget 2ms of guest 'logger' exceeds its deadline 1ms",
    ],
    'memory_unused': [
        ":9:9: warning[W001 memory-unused]: memory region 2 of guest 'logger' (0x00100000-0x0010ffff) is used by nothing: its image, stack and heap live in the first region, and no source in guests/logger refers to GUEST_RAM1_VA",
        '  hint: remove the region, or use it through GUEST_RAM1_VA/_SIZE from guest_config.h',
    ],
    'monitor_unaligned': [
        ':3:11: error[E050 memory-alignment]: monitor memory 0x3fc80000-0x3fffffff is not 1 MB aligned',
    ],
    'nrt_alloc_fail': [
        ":7:14: error[E055 memory-exhausted]: cannot allocate 1G for guest 'logger' from free 4 KB frames: 260864 frames left in RAM bank 'ddr'",
    ],
    'nrt_missing_guest': [
        ":8:9: error[E054 memory-placement]: memory region of NRT guest 'logger' is missing required key 'guest' (its guest address)",
    ],
    'nrt_starved': [
        ":9:38: warning[W002 nrt-starved]: NRT guest 'logger' can never run: the SRT guests of core 0 use 100.0% of it (guest 'sensor' ({f}:7:15))",
        '  hint: lower an SRT budget or move the guest to another core',
        ":7:15: warning[W010 monitor-overhead]: SRT guest 'sensor' cannot meet its deadline 10ms: its budget 10ms plus the monitor's cost of 14.552us per job (release + 2 switches + interrupt = 1819 instructions at 125000000 Hz, platform 'monitor_cost', {p}:116:1) exceeds it",
        '  hint: lengthen the deadline or lower the budget',
    ],
    'output_file': [
        ': error[E120 output]: --out exists and is not a directory',
    ],
    'outside_ram': [
        ":9:9: error[E051 memory-outside-ram]: guest 'sensor' memory 0x40000000-0x400fffff is outside the platform's RAM (ddr 0x00100000-0x3fffffff, ocm 0xfffc0000-0xffffffff)",
    ],
    'overlap_guests': [
        ":15:9: error[E052 memory-overlap]: guest 'logger' memory 0x02000000-0x020fffff overlaps guest 'sensor' memory 0x02000000-0x020fffff ({f}:9:9)",
        '  hint: 0x00100000 is the first free 4 KB-aligned physical address with room for 1M',
    ],
    'overlap_monitor': [
        ":8:9: error[E052 memory-overlap]: guest 'motor' memory 0x3fe00000-0x3fefffff overlaps the monitor memory 0x3fc00000-0x3fffffff ({p}:23:11)",
        '  hint: 0x00100000 is the first free 1 MB-aligned physical address with room for 1M',
    ],
    'overlay_remove': [
        "tests/generator/fixtures/overlays/overlay_remove.yaml:3:20: error[E110 overlay]: overlay removes 'guests' entry name 'sensor', which the base system does not have",
        "tests/generator/fixtures/overlays/overlay_remove.yaml:4:5: error[E110 overlay]: overlay entry 2 of 'guests' has no 'name': it cannot be merged",
    ],
    'platform_invalid': [
        "tests/generator/fixtures/platforms/bad-board.yaml:11:3: error[E021 platform-invalid]: 'monitor_devices' must include 'gtimer'",
        "tests/generator/fixtures/platforms/bad-board.yaml:16:5: error[E021 platform-invalid]: IRQ 120 of device 'uart0' is beyond 'irq_lines' (96)",
        "tests/generator/fixtures/platforms/bad-board.yaml:16:5: error[E021 platform-invalid]: duplicate device name 'uart0' (first at tests/generator/fixtures/platforms/bad-board.yaml:15:5)",
    ],
    'private_not_hrt': [
        ":8:22: error[E062 device-private]: private devices are banked per core; only an HRT guest owning its core may have 'cpu_private'",
    ],
    'proxy_service': [
        ":10:60: error[E083 proxy-service]: proxied device 'disk' of guest 'logger' cannot be served by the guest itself",
        ":11:59: error[E083 proxy-service]: proxied device 'net' of guest 'logger' cannot be served by HRT guest 'motor' (the monitor cannot queue requests to it)",
        ":12:59: error[E032 unknown-name]: unknown guest 'nobody' as service of proxied device 'usb'",
    ],
    'reserved_device': [
        ":8:22: error[E060 device-reserved]: device 'gicd' is reserved for the monitor",
    ],
    'reserved_name': [
        ":3:12: error[E031 reserved-name]: guest name 'monitor' is reserved",
    ],
    'scatter_level': [
        ":7:5: error[E054 memory-placement]: 'scatter' is only for NRT guests, not for SRT guest 'sensor' (SRT memory is contiguous 1 MB sections)",
    ],
    'schedule_level': [
        ":3:5: error[E090 schedule-level]: SRT guest 'sensor' is missing required key 'schedule'",
        ":12:5: error[E090 schedule-level]: 'schedule' is only for SRT guests, not for NRT guest 'logger'",
    ],
    'schedule_limits': [
        ":7:80: error[E091 schedule-order]: min_period 20ms of guest 'sensor' exceeds its period 10ms",
        ":7:98: error[E091 schedule-order]: max_budget 1ms of guest 'sensor' is less than its budget 2ms",
    ],
    'release_lead': [
        ":9:59: error[E095 release-lead]: exact_release of SRT guest 'sensor' does not fit on core 0: its lead (20.37us: 2037 ticks at 100000000 Hz for longest_path 2000 + release 546 instructions at 125000000 Hz, platform 'monitor_cost', {p}:116:1) is core time at every release, and the SRT utilisation of core 0 is 100.9% with the monitor's cost; 98.9% without the leads",
        '  hint: drop exact_release, lower a budget or lengthen a period',
        ":21:61: error[E095 release-lead]: exact_release of SRT guest 'tight' does not fit on core 1: its lead (20.37us: 2037 ticks at 100000000 Hz for longest_path 2000 + release 546 instructions at 125000000 Hz, platform 'monitor_cost', {p}:116:1) is core time at every release, and the budget 100us of guest 'tight' and its lead, with the monitor's cost, exceed its deadline 120us",
        '  hint: drop exact_release, lower a budget or lengthen a period',
    ],
    'release_lead_block': [
        ":12:61: error[E095 release-lead]: exact_release of SRT guest 'sensor' does not fit on core 0: its lead (20.37us: 2037 ticks at 100000000 Hz for longest_path 2000 + release 546 instructions at 125000000 Hz, platform 'monitor_cost', {p}:116:1) is core time at every release, and the SRT guests of core 0 miss deadlines under EDF with the monitor's cost: they need 104922ns of CPU within the first 100us, a lead's masked wait before a release included",
        '  hint: drop exact_release, lower a budget or lengthen a period',
    ],
    'release_lead_cost': [
        ":9:59: error[E095 release-lead]: exact_release of guest 'sensor' needs the platform's monitor_cost: its lead is the longest masked monitor path plus the release's own, converted at its cpu_hz, and platform 'zc702' states none",
        '  hint: add monitor_cost to the platform file, measured by make bench',
    ],
    'schedule_minimum': [
        ":7:24: error[E094 schedule-minimum]: period 50us of guest 'sensor' is below the platform's minimum 100us (scheduling_minimums, {p}:125:1)",
        ":7:38: error[E094 schedule-minimum]: budget 10us of guest 'sensor' is below the platform's minimum 20us (scheduling_minimums, {p}:125:1)",
    ],
    'schedule_order': [
        ":7:38: error[E091 schedule-order]: budget 3ms of guest 'sensor' exceeds its deadline 2ms",
        ":13:52: error[E091 schedule-order]: deadline 2ms of guest 'fast' exceeds its period 1ms",
    ],
    'schedule_overhead': [
        ":13:15: warning[W010 monitor-overhead]: SRT utilisation of core 0 is 101.9% with the monitor's cost of 14.552us per job (release + 2 switches + interrupt = 1819 instructions at 125000000 Hz, platform 'monitor_cost', {p}:116:1); 99.0% without it",
        '  hint: lower a budget, lengthen a period or move a guest to another core',
        ":19:15: warning[W010 monitor-overhead]: SRT guest 'tight' cannot meet its deadline 110us: its budget 100us plus the monitor's cost of 14.552us per job (release + 2 switches + interrupt = 1819 instructions at 125000000 Hz, platform 'monitor_cost', {p}:116:1) exceeds it",
        '  hint: lengthen the deadline or lower the budget',
    ],
    'schedule_ticks': [
        ':2:26: error[E092 schedule-ticks]: quantum 5ns is not 1 .. 0xffffffff ticks of the 100000000 Hz private timer',
        ':8:24: error[E092 schedule-ticks]: period 100s is not 1 .. 0xffffffff ticks of the 100000000 Hz private timer',
        ':8:38: error[E092 schedule-ticks]: budget 5ns is not 1 .. 0xffffffff ticks of the 100000000 Hz private timer',
        ':8:53: error[E092 schedule-ticks]: deadline 50s is not 1 .. 0xffffffff ticks of the 100000000 Hz private timer',
    ],
    'schema_errors': [
        ":2:1: error[E010 unknown-key]: unknown key 'colour' in the system",
        ":4:11: error[E012 wrong-type]: 'name' must be a lowercase identifier of at most 16 characters ([a-z][a-z0-9_]*), not 'Sensor'",
        ":5:12: error[E013 bad-value]: 'level' must be one of HRT, SRT, NRT, not 'XRT'",
        ":6:11: error[E012 wrong-type]: 'core' must be an integer, not 'abc'",
        ":8:39: error[E012 wrong-type]: 'size' must be a size such as 4096, 0x1000, 4K, 512K, 1M or 1G, not '4X'",
        ":9:5: error[E010 unknown-key]: unknown key 'extra' in guest 'Sensor'",
        ":10:5: error[E011 missing-key]: guest 'logger' is missing required key 'image'",
        ":13:22: error[E012 wrong-type]: 'guest' must be a 32-bit address (an integer such as 0x01000000), not 1.5",
    ],
    'schema_missing_key': [
        ":7:15: error[E011 missing-key]: the schedule of guest 'sensor' is missing required key 'deadline'",
    ],
    'schema_unknown_key': [
        ":3:5: error[E011 missing-key]: guest 'logger' is missing required key 'memory'",
        ":7:5: error[E010 unknown-key]: unknown key 'memroy' in guest 'logger' (did you mean 'memory'?)",
    ],
    'srt_missing_base': [
        ":9:9: error[E054 memory-placement]: memory region of SRT guest 'sensor' is missing required key 'base' (SRT memory is placed by the user)",
    ],
    'tlb_lockdown': [
        ":8:14: error[E056 tlb-lockdown]: SRT guest 'sensor' has 5 sections of 1 MB, but core 0 can lock only 4 in the TLB (platform 'tlb_lockable_entries')",
        '  hint: give it at most 4M of memory',
    ],
    'tlb_slots': [
        ":14:14: warning[W005 tlb-slots]: the SRT guests of core 0 need 5 locked TLB entries ('sensor' 3, 'sensor2' 2), but the core has 4 (platform 'tlb_lockable_entries'): no slot is left for 'sensor2', which walk their tables at TLB misses",
        '  hint: give them fewer 1 MB sections or move one to another core',
    ],
    'too_many_channels': [
        ':34:5: error[E102 too-many-channels]: 29 channels, but at most 28 have doorbell vIRQs (100..127); this is channel 29',
    ],
    'restart_hrt': [
        ":7:15: error[E130 fault-policy-hrt]: HRT guest 'motor' cannot have on_fault: restart: it takes its own exceptions at PL1, so the monitor never sees its faults",
    ],
    'max_restarts': [
        ":8:5: error[E131 max-restarts]: 'max_restarts' of guest 'logger' needs on_fault: restart (it has on_fault: stop-system)",
    ],
    'reset_no_slcr': [
        ":2:17: error[E132 reset-no-slcr]: on_all_stopped: reset needs the SLCR, and platform 'no-slcr-board' lists no monitor device 'slcr' (tests/generator/fixtures/platforms/no-slcr-board.yaml)",
    ],
    'max_restarts_range': [
        ":2:17: error[E013 bad-value]: 'on_all_stopped' must be one of halt, reset, idle, not 'reboot'",
        ":9:19: error[E013 bad-value]: 'max_restarts' must be at least 1, not 0",
    ],
    'too_many_guests': [
        ":3:3: error[E013 bad-value]: 'guests' must have at most 15 entries, not 16",
    ],
    'unknown_device': [
        ":8:22: error[E032 unknown-name]: unknown device 'uart7' (not in {p})",
    ],
    'unknown_platform': [
        ":1:11: error[E020 unknown-platform]: unknown platform 'zynq-9000' (no file tests/generator/fixtures/platforms/zynq-9000.yaml or platforms/zynq-9000.yaml)",
    ],
    'trusted_dma': [
        ":9:35: warning[W006 trusted-dma]: NRT guest 'net' owns bus master 'gem0' (passthrough, trusted_dma: \"audited network stack; no other guest holds secrets\"): its DMA reaches all of memory, so the isolation of the monitor and of every guest rests on this guest",
    ],
    'unschedulable_demand': [
        ":13:15: error[E093 unschedulable]: SRT guests of core 0 miss deadlines under EDF: they need 5ms of CPU within the first 4ms (processor-demand test, utilisation 50.0%): guest 'fast' budget 2ms deadline 4ms period 10ms, guest 'sensor' budget 3ms deadline 4ms period 10ms ({f}:7:15)",
        '  hint: lengthen a deadline or lower a budget',
    ],
    'utilisation': [
        ":13:15: error[E093 unschedulable]: SRT utilisation of core 0 is 110.0% (over 100%): guest 'fast' 50.0%, guest 'sensor' 60.0% ({f}:7:15)",
        '  hint: lower a budget, lengthen a period or move a guest to another core',
    ],
    'virtual_overlap': [
        ":9:9: error[E053 address-space-overlap]: guest 'logger' virtual memory 0x0000f000-0x0000ffff overlaps its virtual memory 0x00000000-0x0000ffff ({f}:8:9)",
        '  hint: 0x00010000 is the next free guest address (4K-aligned) with room for 4K',
        ":9:9: warning[W001 memory-unused]: memory region 2 of guest 'logger' (0x0000f000-0x0000ffff) is used by nothing: its image, stack and heap live in the first region, and no source in guests/logger refers to GUEST_RAM1_VA",
        '  hint: remove the region, or use it through GUEST_RAM1_VA/_SIZE from guest_config.h',
    ],
    'virtual_overlap_monitor': [
        ":9:9: error[E053 address-space-overlap]: guest 'sensor' virtual memory 0x3ff00000-0x3fffffff overlaps the monitor memory 0x3fc00000-0x3fffffff, mapped at the same address in every guest ({p}:23:11)",
        '  hint: 0x40000000 is the next free guest address (1M-aligned) with room for 1M',
    ],
    'virtual_overlap_monitor_device': [
        ":8:9: error[E053 address-space-overlap]: guest 'logger' virtual memory 0xf8f01000-0xf8f01fff overlaps monitor device 'gicd' 0xf8f01000-0xf8f01fff, mapped at the same address in every guest ({p}:41:5)",
        '  hint: 0xf8f03000 is the next free guest address (4K-aligned) with room for 4K',
    ],
    'virtual_overlap_own_device': [
        ":10:16: error[E053 address-space-overlap]: guest 'logger' device 'uart1' 0xe0001000-0xe0001fff overlaps its virtual memory 0xe0001000-0xe0002fff ({f}:8:9)",
    ],
    'yaml_alias_bomb': [
        ': error[E005 yaml-too-large]: document too large (more than 200000 nodes once aliases are expanded)',
    ],
    'yaml_duplicate_key': [
        ":6:5: error[E003 yaml-duplicate-key]: duplicate key 'core' (first at {f}:5:5)",
    ],
    'yaml_key_type': [
        ':8:5: error[E004 yaml-key-type]: mapping keys must be strings, not 1',
    ],
    'yaml_syntax': [
        ":3:56: error[E002 yaml-syntax]: expected ',' or '}', but got ':' (while parsing a flow mapping at line 3)",
    ],
    'test_bus_error_name': [
        ":2:48: error[E032 unknown-name]: unknown guest 'ghost' as test_bus_error",
    ],
}


def _names() -> list[str]:
    return sorted(os.path.splitext(p.name)[0] for p in FIXTURES.glob("*.yaml"))


def test_every_fixture_is_listed():
    assert _names() == sorted(EXPECTED)


def _want(name: str) -> list[str]:
    """A line starting with ':' is a diagnostic of the fixture itself."""
    path = f"tests/generator/fixtures/{name}.yaml"
    return [(path + line if line.startswith(":") else line).replace("{f}", path)
            .replace("{p}", P) for line in EXPECTED[name]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name, run, tmp_path):
    args = docs.fixture_args(".", name, str(tmp_path / "gen"))
    status, stdout, stderr = run(args["system_path"], args["out"], overlays=args["overlays"])
    assert stderr == _want(name)
    failed = any("error[" in line for line in stderr)
    assert status == (1 if failed else 0)
    if failed:
        assert stdout == ""
        assert list(tmp_path.iterdir()) == []
    else:
        assert stdout.startswith("generated ")


@pytest.mark.parametrize("rule", rules.ALL, ids=lambda r: r.id)
def test_rule_has_a_fixture_that_triggers_it(rule):
    if not rule.fixture:
        assert rule.id in rules.TESTED_ELSEWHERE
        return
    assert rule.fixture in EXPECTED, f"{rule.id}: no fixture {rule.fixture}"
    tag = f"[{rule.id} {rule.name}]"
    assert any(tag in line for line in EXPECTED[rule.fixture]), f"{rule.id} not triggered"


def test_rule_ids_are_unique_and_well_formed():
    ids = [r.id for r in rules.ALL]
    names = [r.name for r in rules.ALL]
    assert len(set(ids)) == len(ids) and len(set(names)) == len(names)
    for r in rules.ALL:
        assert len(r.id) == 4 and r.id[0] in "EW" and r.id[1:].isdigit()
        assert r.name == r.name.lower() and " " not in r.name and r.summary.endswith(".")


def test_every_diagnostic_of_the_fixtures_names_a_known_rule():
    known = {f"[{r.id} {r.name}]" for r in rules.ALL}
    for name, lines in EXPECTED.items():
        for line in lines:
            if line.startswith("  hint: "):
                continue
            tag = line[line.index("["):line.index("]") + 1]
            assert tag in known, (name, line)


def test_checks_md_is_up_to_date(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "checks.md").read_text()
    assert text == docs.checks_md("."), \
        "docs/checks.md is stale: python3 -m generator --list-rules > docs/checks.md"
    for r in rules.ALL:
        assert f"## {r.id} {r.name}" in text


def test_errors_are_sorted(run, tmp_path):
    for name in ("many_errors", "io_overlap", "schema_errors"):
        path = f"tests/generator/fixtures/{name}.yaml"
        _, _, stderr = run(path, str(tmp_path / "gen"))
        lines = [line for line in stderr if not line.startswith("  hint: ")]
        assert len(lines) >= 4
        keys = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
        assert keys == sorted(keys)
