#!/usr/bin/env bash
# Installs what the project needs from Debian's archive, on Debian bookworm.
# Idempotent: when everything is present it only looks and returns.
#   - the bare-metal ARM toolchain and newlib (guest C library),
#   - the generator's Python modules for /usr/bin/python3, hypothesis for
#     its property tests and rsvg-convert to check that report.svg renders,
#   - QEMU 10 from bookworm-backports (bookworm's 7.2 has one CPU and no
#     TrustZone on xilinx-zynq-a9, see ../shared/QEMU-ZYNQ.md),
#   - spin (Promela models of the cross-core protocols), device-tree-compiler,
#     the armhf Linux cross compiler and cpio (the Linux guest's DTB and
#     initramfs; xz-utils for a kernel whose modules are .ko.xz), u-boot-tools (mkimage for board artefacts), gdb-multiarch
#     (make debug) and newlib's libstdc++ (C++ guests); g++ builds the porting
#     guide's worked example for the host, which its test compares with.
set -euo pipefail

pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi make gcc
      python3-yaml python3-jinja2 python3-jsonschema python3-pytest
      python3-hypothesis python3-pytest-xdist librsvg2-bin
      spin device-tree-compiler gcc-arm-linux-gnueabihf libc6-dev-armhf-cross cpio
      xz-utils u-boot-tools gdb-multiarch libstdc++-arm-none-eabi-newlib g++)

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$p")
done

qemu_ok() {
    command -v qemu-system-arm >/dev/null 2>&1 || return 1
    local v
    v=$(qemu-system-arm --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p' | head -n1)
    [ -n "$v" ] && [ "$v" -ge 10 ]
}

if [ ${#missing[@]} -eq 0 ] && qemu_ok; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
else
    sudo=
fi

export DEBIAN_FRONTEND=noninteractive
if ! qemu_ok; then
    if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "setup: adding the bookworm-backports suite"
        echo "deb http://deb.debian.org/debian bookworm-backports main" \
            | $sudo tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
    fi
fi

echo "setup: installing ${missing[*]} ${qemu_ok_msg:-}$(qemu_ok || echo qemu-system-arm/bookworm-backports)"
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! qemu_ok; then
    $sudo apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-system-arm
fi
qemu_ok || { echo "setup: qemu-system-arm >= 10 could not be installed" >&2; exit 1; }
