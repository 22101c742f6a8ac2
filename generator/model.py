"""The validated system: frozen dataclasses, every entity with its location.

Built by validate.py from the (merged) YAML trees; read by allocate.py.
Nothing here is computed: sizes are bytes, times are nanoseconds, addresses
are integers, references are guest indices. `loc` fields say which file and
line set the entity (the base system or a variant overlay).
"""
from __future__ import annotations

from dataclasses import dataclass

from .diag import Loc

HRT, SRT, NRT = "HRT", "SRT", "NRT"
LEVELS = (HRT, SRT, NRT)
PASSTHROUGH, MEDIATED = "passthrough", "mediated"
SECURE, NON_SECURE = "secure", "non-secure"

PAGE = 0x1000          # small page (ARM ARM B3.5.1)
SECTION = 0x100000     # section
LIMIT = 1 << 32


@dataclass(frozen=True)
class Device:
    """A platform device; `monitor_only` for the platform's monitor_devices."""

    name: str
    base: int
    size: int
    irqs: tuple[int, ...]
    private: bool
    monitor_only: bool
    loc: Loc
    bus_master: bool = False   # masters the bus: its DMA reaches all of memory (busmaster.py)
    # The TrustZone controls that make it Non-secure (platform `tz`, trustzone.py):
    # every bit must be set for the Non-secure world to reach it. Empty: the
    # platform cannot make it Non-secure.
    tz: tuple["TzBit", ...] = ()

    @property
    def pages(self) -> tuple[int, ...]:
        """The 4 KB pages its registers touch."""
        first = self.base & ~(PAGE - 1)
        return tuple(range(first, self.base + self.size, PAGE))

    @property
    def page_span(self) -> tuple[int, int]:
        """(first page, bytes of whole pages)."""
        return self.pages[0], len(self.pages) * PAGE


@dataclass(frozen=True)
class TzBit:
    """One bit of a TrustZone register (platform `trustzone.registers`):
    set, it makes what it covers Non-secure (UG585: every TrustZone
    register of the Zynq-7000 resets to 0 = Secure)."""

    register: str
    bit: int
    loc: Loc


@dataclass(frozen=True)
class TzReg:
    """A TrustZone register the monitor writes at boot (trustzone.py)."""

    name: str
    address: int
    slcr: bool           # in the SLCR: written between its unlock and lock
    readable: bool       # False: write-only (the monitor cannot read it back)
    what: str            # what its bits cover, for the report
    loc: Loc


@dataclass(frozen=True)
class TrustZone:
    """The platform's TrustZone partition controls (platform `trustzone`):
    DDR in blocks (one bit each of `ddr`), OCM in pages (bit i of the n-th
    register of `ocm`: page 32n + i from `ocm_base`), the SCU's access
    control (`sac`, `snsac`: Cortex-A9 MPCore TRM, SCU registers 0x50, 0x54)."""

    ddr_block: int
    registers: tuple[TzReg, ...]
    ddr: str | None = None
    ocm: tuple[str, ...] = ()
    ocm_base: int = 0
    ocm_page: int = 0
    sac: str | None = None
    snsac: str | None = None
    loc: Loc | None = None

    def reg(self, name: str) -> TzReg | None:
        return next((r for r in self.registers if r.name == name), None)


@dataclass(frozen=True)
class RamBank:
    name: str
    base: int
    size: int
    loc: Loc


@dataclass(frozen=True)
class MonitorCost:
    """What the monitor costs every SRT job (platform `monitor_cost`, issue 8):
    instruction counts measured by `make bench`, and the clock that turns
    them into time."""

    measured: str
    cpu_hz: int
    release: int
    switch: int
    interrupt: int
    loc: Loc
    longest_path: int = 2000   # the bound on one masked monitor entry (performance.md section 8)

    @property
    def per_job_instructions(self) -> int:
        return self.release + 2 * self.switch + self.interrupt

    @property
    def lead_instructions(self) -> int:
        """How early a time-triggered release's timer fires (exact_release):
        the longest masked monitor entry the interrupt may wait behind, plus
        the release's own path (timer interrupt, pass) up to the wait."""
        return self.longest_path + self.release

    @property
    def lead_ns(self) -> int:
        return -(-self.lead_instructions * 1_000_000_000 // self.cpu_hz)

    @property
    def per_job_ns(self) -> int:
        """release + 2 switches + interrupt, in ns, rounded up."""
        return -(-self.per_job_instructions * 1_000_000_000 // self.cpu_hz)


@dataclass(frozen=True)
class Platform:
    name: str
    path: str
    cores: int
    ram: tuple[RamBank, ...]
    monitor_base: int
    monitor_size: int
    monitor_loc: Loc
    console: str
    console_loc: Loc
    private_timer_hz: int
    monitor_devices: tuple[Device, ...]
    devices: tuple[Device, ...]
    irq_lines: int
    edge_irqs: tuple[int, ...]
    tlb_lockable: int
    # Board bring-up (docs/boards.md): what the image runs on, the CPU clock
    # and the secondary core's boot mailbox with the memory it reserves.
    target: str = "qemu"
    cpu_hz: int | None = None
    secondary_mailbox: int | None = None
    boot_reserved: tuple[int, int] | None = None     # (base, size)
    boot_loc: Loc | None = None
    trustzone_ddr_block: int = 0     # UG585 ch. 32: DDR TrustZone block size, 0 = none
    trustzone: TrustZone | None = None   # the registers that partition it (trustzone.py)
    # Admission counts the monitor (issue 8): its measured cost per SRT job
    # (None: not stated, jobs are charged nothing) and the shortest period
    # and budget (ns; 0: none) the platform supports.
    monitor_cost: MonitorCost | None = None
    min_period: int = 0
    min_budget: int = 0
    minimums_loc: Loc | None = None
    # SPIs no device of the platform raises, which the monitor may pend in
    # software: a channel's doorbell into a Non-secure guest (nsguest.py).
    software_spis: tuple[int, ...] = ()

    def device(self, name: str) -> Device | None:
        for dev in self.monitor_devices + self.devices:
            if dev.name == name:
                return dev
        return None


@dataclass(frozen=True)
class Region:
    """A guest RAM region. `base` None: the generator chooses the frames."""

    va: int
    base: int | None
    size: int
    loc: Loc


@dataclass(frozen=True)
class DeviceUse:
    device: Device
    access: str        # PASSTHROUGH or MEDIATED
    va: int            # passthrough: guest address of the first page; mediated: = PA
    loc: Loc
    trusted_dma: str | None = None   # a bus master's opt-in: why this guest is trusted


@dataclass(frozen=True)
class Irq:
    id: int
    loc: Loc


@dataclass(frozen=True)
class Schedule:
    period: int        # ns
    budget: int        # ns
    deadline: int      # ns
    min_period: int    # ns
    max_budget: int    # ns
    loc: Loc
    exact_release: bool = False   # time-triggered release (release.h): the timer fires a lead early
    exact_loc: Loc | None = None


@dataclass(frozen=True)
class IoWindow:
    """A constant I/O translation onto a mediated device (sub-page, trapped)."""

    name: str
    va: int
    device: Device
    offset: int
    size: int
    access: str        # rw, ro, wo
    loc: Loc


@dataclass(frozen=True)
class Proxy:
    name: str
    va: int
    size: int
    service: int       # guest index
    loc: Loc


@dataclass(frozen=True)
class GuestBuild:
    """How a guest's image is made (`image` + `build`, or `elf`) and its float ABI.

    Paths are relative to the project root. For a prebuilt ELF, `sources` is
    empty and `elf` names the file; `entry` is then its entry point."""

    sources: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    defines: tuple[str, ...] = ()      # NAME or NAME=value
    cflags: tuple[str, ...] = ()       # C and assembly
    cxxflags: tuple[str, ...] = ()     # C++
    warnings: str = "strict"           # strict, relaxed, none
    libs: tuple[str, ...] = ()
    hard_float: bool = False
    elf: str | None = None
    entry: int | None = None
    loc: Loc | None = None             # `elf:`, or the first region's size (size checks)


@dataclass(frozen=True)
class Linux:
    """What a Non-secure guest boots (world: non-secure): files relative to
    the project root, the command line, and its device tree's console node."""

    kernel: str            # raw Image
    initrd: str            # initramfs (gzip'd cpio)
    kernel_size: int       # bytes, read at generation time
    initrd_size: int
    bootargs: str
    console: DeviceUse     # one of the guest's devices
    compatible: str
    offset: int            # of the console registers in the device
    loc: Loc


@dataclass(frozen=True)
class Guest:
    index: int
    name: str
    level: str
    core: int
    image: str
    image_dir: str     # relative to the project root
    regions: tuple[Region, ...]
    devices: tuple[DeviceUse, ...]
    irqs: tuple[Irq, ...]
    schedule: Schedule | None
    info: bool
    scatter: bool
    io: tuple[IoWindow, ...]
    vuart: int | None  # guest address of the virtual UART page
    vuart_loc: Loc | None
    proxied: tuple[Proxy, ...]
    loc: Loc
    core_loc: Loc
    build: GuestBuild = GuestBuild()
    # Fault policy (docs/monitor.md "Fault policies").
    on_fault: str = "stop"       # stop, restart, stop-system
    max_restarts: int = 0        # restart: restarts before the next fault stops it
    # Non-secure guests (world: non-secure): an unmodified OS in the other world.
    world: str = SECURE
    world_loc: Loc | None = None
    linux: Linux | None = None
    # A Non-secure guest on several cores (`cores`): all of them, `core`
    # (where its kernel boots) among them, and where each is written.
    cores: tuple[int, ...] = ()
    cores_locs: tuple[Loc, ...] = ()

    @property
    def non_secure(self) -> bool:
        return self.world == NON_SECURE

    @property
    def on_cores(self) -> tuple[int, ...]:
        """Every core the guest runs on: `core` first."""
        return (self.core,) + tuple(c for c in self.cores if c != self.core)

    def core_loc_of(self, core: int) -> Loc:
        """Where the guest names `core`: its `cores` entry, else `core`."""
        if core != self.core and core in self.cores:
            return self.cores_locs[self.cores.index(core)]
        return self.core_loc

    @property
    def domain(self) -> int:
        return self.index + 1


@dataclass(frozen=True)
class Channel:
    index: int
    name: str
    writer: int        # guest index
    reader: int
    size: int
    doorbell: bool
    loc: Loc


@dataclass(frozen=True)
class ForeignSection:
    """build: test_foreign_section (test images only): one deliberately wrong L1
    section entry in guest `guest`'s table at `va`, mapping the first 1 MB of
    guest `of`'s memory (physical `pa`) User read/write in `of`'s domain, as if
    copied from `of`'s table. The guest's DACR does not grant that domain, so
    every access to `va` takes a domain fault."""

    guest: int         # guest index of the table that holds the entry
    of: int            # guest index whose memory it maps (and whose domain it carries)
    va: int            # 1 MB aligned
    pa: int            # `of`'s first section
    domain: int        # `of`'s domain
    loc: Loc           # the `test_foreign_section` mapping
    va_loc: Loc        # its `va`


@dataclass(frozen=True)
class Core:
    id: int
    quantum_ns: int
    loc: Loc | None    # the `cores` entry, if any


@dataclass(frozen=True)
class System:
    path: str
    variant: str
    platform: Platform
    monitor_base: int
    monitor_size: int
    monitor_loc: Loc
    console: Device
    console_loc: Loc
    console_input: int | None    # guest index
    test_hypercalls: bool
    bench: bool
    cores: tuple[Core, ...]
    guests: tuple[Guest, ...]
    channels: tuple[Channel, ...]
    inputs: tuple[str, ...]      # every file read, for make's dependencies
    test_foreign_section: ForeignSection | None = None
    test_proxy_delay: int = 0    # build: test_proxy_delay (test images only)
    on_all_stopped: str = "halt"  # halt, reset, idle
    test_probes: bool = False     # build: test_probes (generator/probes.py)
    # Test images of the monitor's exception paths (docs/monitor.md).
    test_stack_check: bool = False       # every C entry checks sp & 7 == 0
    test_monitor_faults: bool = False    # HC_TEST_FAULT makes the monitor fault
    # Guest index whose mediated devices the monitor cannot reach (its
    # accesses for the guest abort, standing in for a bus error), or None.
    test_bus_error: int | None = None
    trace: bool = False          # build: {trace: true}: the monitor records events (docs/trace.md)
    # monitor: {missing_core, core_start_timeout} (boot.c)
    missing_core: str = "halt"
    core_start_timeout_ns: int = 1_000_000_000

    def service_guests(self) -> set[int]:
        return {p.service for g in self.guests for p in g.proxied}
