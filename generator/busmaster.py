"""Bus masters: devices whose DMA reaches all of physical memory.

The Zynq-7000 processing system has no IOMMU (no System MMU: the central
interconnect, UG585 ch. 5.1, passes a master's physical address straight to
the DDR and OCM controllers), so a device that masters the bus, once a guest
programs it, reads and writes every byte of RAM: the monitor's code and
tables and every other guest. The platform file marks such devices
`bus_master: true`. A User-mode (SRT or NRT) guest may own one, passthrough
or mediated (its io windows program the same DMA engine), only if its entry
says why it is trusted with all of memory (`trusted_dma: "reason"`); the
build then warns every time and report.txt / report.svg mark the guest as
breaking isolation. An HRT guest is trusted already (it runs at PL1 and owns
its core) and may own one without it.
"""
from __future__ import annotations

from . import rules
from .diag import Collector
from .load import MarkedDict
from .model import HRT, Device, Guest


def check_use(errors: Collector, dev: Device, node: MarkedDict, level: str, label: str,
              access: str, platform_path: str) -> None:
    """The checks of one `devices` entry of a guest."""
    reason = node.get("trusted_dma")
    if reason is not None:
        loc = node.vloc("trusted_dma")
        if not dev.bus_master:
            errors.error(rules.BUS_MASTER, loc,
                         f"'trusted_dma' on device '{dev.name}' of guest {label}, which is not a "
                         f"bus master ({platform_path})")
        elif level == HRT:
            errors.error(rules.BUS_MASTER, loc,
                         f"'trusted_dma' is not for HRT guest {label}: it is trusted already "
                         f"and may own bus master '{dev.name}'")
        else:
            errors.warn(rules.TRUSTED_DMA, loc,
                        f"{level} guest {label} owns bus master '{dev.name}' ({access}, "
                        f'trusted_dma: "{reason}"): its DMA reaches all of memory, so the '
                        "isolation of the monitor and of every guest rests on this guest")
        return
    if dev.bus_master and level != HRT:
        how = ("mediated: its io windows program the same DMA engine" if access == "mediated"
               else "passthrough")
        errors.error(rules.BUS_MASTER, node.vloc("name"),
                     f"device '{dev.name}' of {level} guest {label} is a bus master ({how}): "
                     "the Zynq-7000 has no IOMMU, so its DMA reaches all of memory, the "
                     "monitor's and every guest's",
                     hint="give it to an HRT guest, or, if this guest is trusted with all of "
                          "memory, say why on its entry: trusted_dma: \"<reason>\"")


def trusted(g: Guest) -> list[tuple[str, str]]:
    """(device, reason) of every bus master the guest owns by opt-in."""
    return [(u.device.name, u.trusted_dma) for u in g.devices if u.trusted_dma is not None]

