"""Every check of the generator: a stable id, a name, a summary, a fixture.

Ids are never reused or renumbered; a retired rule keeps its id unused.
E<nnn> are errors; W<nnn> are warnings (errors with --werror). Grouped by
tens: 00 input files, 10 schema, 20 platform, 30 names, 40 cores,
50 memory, 60 devices, 70 interrupts, 80 I/O, 90 scheduling, 100 channels,
110 variants, 120 output and setup, 130 fault policies.

`fixture` names tests/generator/fixtures/<fixture>.yaml, which triggers the
rule (docs/checks.md shows it and its output; the tests check both). A
fixture of "" means the rule cannot be triggered by a system file; `test`
then names the test that triggers it.

docs/checks.md is generated from this list: python3 -m generator --list-rules
"""
from __future__ import annotations

from .diag import Rule

INPUT_FILE = Rule("E001", "input-file", "An input file cannot be read: it is missing, a "
                  "directory, not UTF-8, or empty.", "input_directory")
YAML_SYNTAX = Rule("E002", "yaml-syntax", "The file is not valid YAML (one document; only "
                   "the standard tags).", "yaml_syntax")
YAML_DUPLICATE_KEY = Rule("E003", "yaml-duplicate-key", "A mapping has the same key twice "
                          "(YAML would silently keep the last one).", "yaml_duplicate_key")
YAML_KEY_TYPE = Rule("E004", "yaml-key-type", "A mapping key is not a string (e.g. `1:` or "
                     "`true:`).", "yaml_key_type")
YAML_TOO_LARGE = Rule("E005", "yaml-too-large", "The document nests too deeply, contains "
                      "itself, or explodes when its aliases are expanded.", "yaml_alias_bomb")

SCHEMA_UNKNOWN_KEY = Rule("E010", "unknown-key", "A key the schema does not know, with the "
                          "closest known key as a suggestion.", "schema_unknown_key")
SCHEMA_MISSING_KEY = Rule("E011", "missing-key", "A required key is missing.",
                          "schema_missing_key")
SCHEMA_TYPE = Rule("E012", "wrong-type", "A value has the wrong type or format (a string "
                   "where an integer belongs, a size without a unit it knows, ...).",
                   "schema_errors")
SCHEMA_VALUE = Rule("E013", "bad-value", "A value is out of range, not one of the allowed "
                    "choices, or a list has too many or too few entries.", "too_many_guests")

PLATFORM_UNKNOWN = Rule("E020", "unknown-platform", "No platforms/<name>.yaml for the "
                        "system's `platform`.", "unknown_platform")
PLATFORM_INVALID = Rule("E021", "platform-invalid", "The platform file contradicts itself "
                        "(duplicate devices, IRQs beyond irq_lines, missing monitor devices, "
                        "...).", "platform_invalid")
BOARD_CLOCK = Rule("E022", "board-clock", "A `target: board` platform without `clocks.cpu_hz`, "
                   "or whose private timer is not at CPU_3x2x (half the CPU clock), e.g. "
                   "QEMU's 100 MHz.", "board_clock")

DUPLICATE_NAME = Rule("E030", "duplicate-name", "Two guests, channels, windows or device "
                      "entries share a name.", "dup_guest_name")
RESERVED_NAME = Rule("E031", "reserved-name", "The guest name 'monitor' is reserved.",
                     "reserved_name")
UNKNOWN_NAME = Rule("E032", "unknown-name", "A reference to a device or guest that does not "
                    "exist.", "unknown_device")
IMAGE_MISSING = Rule("E033", "image-missing", "A guest's image directory guests/<image> does "
                     "not exist.", "image_missing")
LINUX_FILE = Rule("E034", "linux-file", "A Non-secure guest's kernel Image or initramfs "
                  "file is missing or empty.", "linux_file")
BOOTARGS = Rule("E035", "bootargs-too-long", "A Non-secure guest's kernel command line is "
                "longer than Linux keeps (1023 bytes).", "bootargs_too_long")

CORE_MISSING = Rule("E040", "core-missing", "A core number beyond the platform's cores.",
                    "bad_core")
CORE_DUPLICATE = Rule("E041", "core-duplicate", "A core is listed twice under `cores`.",
                      "bad_core_entry")
HRT_EXCLUSIVE = Rule("E042", "hrt-exclusive", "An HRT guest owns its core: no other guest "
                     "may run there.", "hrt_core_shared")
NS_GUEST = Rule("E043", "ns-guest", "A Non-secure guest must be NRT, own its devices "
                "passthrough at their physical addresses, have its console on one of them, "
                "and use none of the keys of the monitor's own guests (image, io, vuart, ...); "
                "`linux` is only for Non-secure guests.", "ns_guest")
NS_PER_CORE = Rule("E044", "ns-per-core", "At most one Non-secure guest per core: the "
                   "Non-secure world has one set of banked registers (and none on an HRT "
                   "core, E042).", "ns_per_core")
NS_CORES = Rule("E045", "ns-cores", "`cores` (a guest on several cores) is only for Non-secure "
                "guests, and must include `core`, the core its kernel boots on; each of its "
                "cores is checked like `core` (E040, E042, E044).", "ns_cores")
NS_DOORBELL = Rule("E046", "ns-doorbell", "A channel with a doorbell into a Non-secure "
                   "guest needs an interrupt Linux can wait on: one of the platform's "
                   "`software_spis` that no device of the system uses; none is left.",
                   "ns_doorbell")

MEMORY_ALIGNMENT = Rule("E050", "memory-alignment", "Memory not aligned as its level maps it "
                        "(HRT/SRT: 1 MB sections, NRT: 4 KB pages; the monitor: 1 MB).",
                        "align_hrt")
MEMORY_OUTSIDE_RAM = Rule("E051", "memory-outside-ram", "Memory outside the platform's RAM "
                          "banks or past 4 GB.", "outside_ram")
MEMORY_OVERLAP = Rule("E052", "memory-overlap", "Physical memory of two guests, or of a guest "
                      "and the monitor, overlaps.", "overlap_guests")
ADDRESS_OVERLAP = Rule("E053", "address-space-overlap", "Two things at the same guest virtual "
                       "address: RAM, devices, I/O windows, or the monitor's identity "
                       "mappings present in every guest.", "virtual_overlap")
MEMORY_PLACEMENT = Rule("E054", "memory-placement", "A region lacks what its level needs "
                        "(SRT/HRT: base; NRT: guest address), an HRT region is not "
                        "straight-mapped, or `scatter` is set on a guest that is not NRT.",
                        "srt_missing_base")
MEMORY_EXHAUSTED = Rule("E055", "memory-exhausted", "No free frames left for an NRT region or "
                        "a channel, or no free guest address for a channel.", "nrt_alloc_fail")
TLB_LOCKDOWN = Rule("E056", "tlb-lockdown", "An SRT guest has more 1 MB sections than its "
                    "core can lock in the TLB.", "tlb_lockdown")
FOREIGN_SECTION = Rule("E057", "foreign-section", "The test-only `build: "
                       "test_foreign_section` cannot be emitted: its `guest` is not SRT, or its "
                       "`of` is that guest itself or not section-mapped (HRT or SRT).",
                       "foreign_section")
NS_MEMORY = Rule("E058", "ns-memory", "A Non-secure guest's RAM is one physical region "
                 "(guest address = base, 2 MB aligned) large enough for its kernel, device "
                 "tree, initramfs and the channels it shares.", "ns_memory")
TRUSTZONE_BLOCKS = Rule("E064", "trustzone-blocks", "On a platform whose DDR is split into "
                        "TrustZone blocks, a Non-secure guest's RAM must fill whole blocks "
                        "that hold no Secure memory (the monitor, Secure guests, channels not "
                        "shared with it).", "trustzone_blocks")
BOOT_RESERVED = Rule("E059", "boot-reserved", "Guest memory overlaps the platform's "
                     "`boot.reserved` range (the BootROM's wait loop and the secondary "
                     "core's mailbox).", "boot_reserved")

DEVICE_RESERVED = Rule("E060", "device-reserved", "A device only the monitor may touch (its "
                       "own devices and the console).", "reserved_device")
DEVICE_CONFLICT = Rule("E061", "device-conflict", "A device given to two guests (other than "
                       "mediated by both), or sharing a 4 KB page with another owner's "
                       "device.", "device_two_guests")
DEVICE_PRIVATE = Rule("E062", "device-private", "A per-core private device given to a guest "
                      "that does not own its core.", "private_not_hrt")
DEVICE_ACCESS = Rule("E063", "device-access", "A device access mode or address its guest "
                     "cannot have (an HRT guest is passthrough only; guest addresses are 4 KB "
                     "aligned).", "device_access")
BUS_MASTER = Rule("E065", "bus-master", "A bus master (a device whose DMA reaches all of "
                  "memory: the Zynq-7000 has no IOMMU) given to an SRT or NRT guest, passthrough "
                  "or mediated, without `trusted_dma`; or `trusted_dma` on a device that is not "
                  "a bus master, or of an HRT guest (trusted already).", "bus_master")
TZ_DEVICE = Rule("E068", "tz-device", "On a board platform with TrustZone registers, a "
                 "device given to a Non-secure guest that the platform file gives no `tz` bits: "
                 "the monitor could not make it Non-secure, so the guest could not reach it "
                 "(QEMU enforces no partition: not checked for a QEMU target).", "tz_device")
TZ_SHARED = Rule("E069", "tz-shared", "A device of a Non-secure guest whose TrustZone bit also "
                 "covers a device of the monitor or of a Secure guest: making it Non-secure "
                 "would open the other to the Non-secure world.", "tz_shared")

IRQ_NOT_OWNED = Rule("E070", "irq-not-owned", "An IRQ that belongs to none of the guest's "
                     "devices.", "irq_not_owned")
IRQ_CONFLICT = Rule("E071", "irq-conflict", "An IRQ routed to two guests, or to a guest and "
                    "the monitor.", "irq_two_guests")

IO_TARGET = Rule("E080", "io-target", "An I/O window whose translation target is outside the "
                 "guest's own mediated devices.", "io_target")
IO_ALIGNMENT = Rule("E081", "io-alignment", "I/O windows are word granular (guest address, "
                    "offset, size multiples of 4); a virtual UART is one 4 KB page.",
                    "io_alignment")
IO_LEVEL = Rule("E082", "io-level", "An HRT guest runs privileged with its own vectors: the "
                "monitor cannot emulate or proxy its accesses.", "io_level")
PROXY_SERVICE = Rule("E083", "proxy-service", "A proxied device served by its own guest or "
                     "by an HRT guest.", "proxy_service")
CONSOLE_INPUT = Rule("E084", "console-input", "Console input goes to a guest without a "
                     "virtual UART.", "console_input")

SCHEDULE_LEVEL = Rule("E090", "schedule-level", "`schedule` is required for SRT guests and "
                      "only for them.", "schedule_level")
SCHEDULE_ORDER = Rule("E091", "schedule-order", "budget <= deadline <= period, and the "
                      "limits bracket them (min_period <= period, max_budget >= budget).",
                      "schedule_order")
SCHEDULE_TICKS = Rule("E092", "schedule-ticks", "A time shorter than one tick of the private "
                      "timer, or longer than its 32-bit counter.", "schedule_ticks")
UNSCHEDULABLE = Rule("E093", "unschedulable", "The SRT guests of a core cannot all meet their "
                     "deadlines under EDF (utilisation over 100%, or the processor-demand "
                     "test fails for constrained deadlines).", "utilisation")
SCHEDULE_MINIMUM = Rule("E094", "schedule-minimum", "An SRT period or budget below the "
                        "platform's `scheduling_minimums` (the monitor cannot serve it: its "
                        "own cost per job would dominate).", "schedule_minimum")
RELEASE_LEAD = Rule("E095", "release-lead", "An SRT guest with `exact_release` cannot have "
                    "it: the platform states no `monitor_cost` to take its lead from, or the "
                    "core's SRT guests meet their deadlines without the lead but not with it "
                    "(the lead is core time at every release of that guest).", "release_lead")

CHANNEL_ENDS = Rule("E100", "channel-ends", "A channel's writer and reader must be two "
                    "different guests, neither of them HRT.", "channel_ends")
CHANNEL_SIZE = Rule("E101", "channel-size", "A channel's size is not a multiple of 4K.",
                    "channel_size")
TOO_MANY_CHANNELS = Rule("E102", "too-many-channels", "More channels than doorbell vIRQs "
                         "(28: vIRQ 100..127).", "too_many_channels")

OVERLAY = Rule("E110", "overlay", "A variant overlay cannot be merged (it removes an entry "
               "that does not exist, or names no entry).", "overlay_remove")

OUTPUT = Rule("E120", "output", "The output directory cannot be written.", "output_file")
SETUP = Rule("E121", "setup", "The generator's own files or Python modules are missing or "
             "broken (run `make setup`).", "")

RESTART_HRT = Rule("E130", "fault-policy-hrt", "An HRT guest takes its own exceptions at "
                   "PL1: the monitor never sees its faults, so its on_fault can only be `stop`.",
                   "restart_hrt")
MAX_RESTARTS = Rule("E131", "max-restarts", "`max_restarts` is only for a guest with "
                    "`on_fault: restart`.", "max_restarts")
RESET_NO_SLCR = Rule("E132", "reset-no-slcr", "`on_all_stopped: reset` on a platform whose "
                     "monitor_devices has no `slcr` (the soft reset is an SLCR register).",
                     "reset_no_slcr")

# 140: guest images (sources, build options, prebuilt ELF files; generator/elfimage.py).
IMAGE_SOURCE = Rule("E140", "image-source", "A guest names neither or both of `image` (its "
                    "sources) and `elf` (a prebuilt image), or gives `build` options to a "
                    "prebuilt image.", "image_source")
BUILD_OPTION = Rule("E141", "build-option", "A guest's `build` option cannot be used: a "
                    "source pattern that matches no file or leaves the image's folder, a "
                    "missing include folder, a bad define or library name.", "build_option")
ELF_INVALID = Rule("E142", "elf-invalid", "A guest's ELF cannot be loaded: missing, not a "
                   "32-bit little-endian ARM executable, or built for the hard-float ABI "
                   "while the guest is soft-float.", "elf_invalid")
IMAGE_LAYOUT = Rule("E143", "image-layout", "A segment of a guest's image lies outside the "
                    "guest's first memory region (where the monitor loads it), or its entry "
                    "point is not in an executable segment.", "elf_layout")
IMAGE_TOO_LARGE = Rule("E144", "image-too-large", "A guest's image (code, data, .bss) and "
                       "its 16 KB stack do not fit its first memory region; also checked after "
                       "linking an image built from sources.", "image_too_large")

MEMORY_UNUSED = Rule("W001", "memory-unused", "A memory region after a guest's first is used "
                     "by nothing: the image, stack and heap live in the first region, and no "
                     "source of the guest refers to GUEST_RAM<n>_VA.", "memory_unused")
NRT_STARVED = Rule("W002", "nrt-starved", "An NRT guest can never run: the SRT guests of its "
                   "core use 100% of it.", "nrt_starved")
CHANNEL_UNREAD = Rule("W003", "channel-unread", "Nobody reads a channel: no source of the "
                      "reader's image refers to its CHANNEL_<NAME>_VA.", "channel_unread")
DEVICE_UNMAPPED = Rule("W004", "device-unmapped", "A mediated device with no I/O window: the "
                       "guest cannot reach it.", "device_unmapped")
TLB_SLOTS = Rule("W005", "tlb-slots", "The SRT guests of a core need more locked TLB entries "
                 "(one per 1 MB section, each guest's fixed slots) than the core has: the "
                 "guests that do not fit get none (refused with --werror).", "tlb_slots")
TRUSTED_DMA = Rule("W006", "trusted-dma", "An SRT or NRT guest owns a bus master by "
                   "`trusted_dma`: its DMA reaches all of memory, so the whole system's isolation "
                   "rests on that guest (printed on every build; an error with --werror).",
                   "trusted_dma")
MONITOR_OVERHEAD = Rule("W010", "monitor-overhead", "The SRT guests of a core meet their "
                        "deadlines only if the monitor cost nothing: with every job charged "
                        "the platform's `monitor_cost` (a release, 2 switches, an interrupt) "
                        "the EDF test fails. A warning, so that a test may build a system "
                        "that misses on purpose; deployable builds use --werror, and "
                        "HC_SET_RT refuses such parameters at run time regardless.",
                        "schedule_overhead")

# Rules with no fixture, and the test that triggers each.
TESTED_ELSEWHERE = {"E121": "tests/generator/test_repro.py::test_missing_dependency"}

ALL: tuple[Rule, ...] = tuple(sorted(
    (v for v in dict(globals()).values() if isinstance(v, Rule)), key=lambda r: r.id))


def by_id(rule_id: str) -> Rule:
    return next(r for r in ALL if r.id == rule_id)
