"""The validated system: frozen dataclasses, every entity with its location.

Built by validate.py from the YAML trees; read by allocate.py. Nothing here
is computed: sizes are bytes, times are nanoseconds, addresses are integers.
"""
from __future__ import annotations

from dataclasses import dataclass

from .diag import Loc

HRT, SRT, NRT = "HRT", "SRT", "NRT"
LEVELS = (HRT, SRT, NRT)

PAGE = 0x1000          # small page (ARM ARM B3.5.1)
SECTION = 0x100000     # section


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

    @property
    def pages(self) -> tuple[int, ...]:
        """The 4 KB pages its registers touch."""
        first = self.base & ~(PAGE - 1)
        return tuple(range(first, self.base + self.size, PAGE))


@dataclass(frozen=True)
class RamBank:
    name: str
    base: int
    size: int
    loc: Loc


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
    access: str
    loc: Loc


@dataclass(frozen=True)
class Irq:
    id: int
    loc: Loc


@dataclass(frozen=True)
class Schedule:
    period: int        # ns
    budget: int        # ns
    deadline: int      # ns
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
    loc: Loc
    core_loc: Loc

    @property
    def domain(self) -> int:
        return self.index + 1


@dataclass(frozen=True)
class Core:
    id: int
    quantum_ns: int


@dataclass(frozen=True)
class System:
    path: str
    variant: str
    platform: Platform
    monitor_base: int
    monitor_size: int
    monitor_loc: Loc
    console: Device
    test_hypercalls: bool
    bench: bool
    cores: tuple[Core, ...]
    guests: tuple[Guest, ...]
    inputs: tuple[str, ...]      # every file read, for make's dependencies
