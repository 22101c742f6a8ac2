#!/usr/bin/env bash
# The Linux guest's inputs, from Debian only, cached in OUT (build/linux):
#   OUT/Image               the raw kernel Image of Debian's current
#                           linux-image-armmp (armhf), unmodified, taken out of
#                           the package's zImage (scripts/zimage.py)
#   OUT/config              the kernel's configuration, for reference
#   OUT/modules/evdev.ko    the package's evdev module (CONFIG_INPUT_EVDEV=m),
#                           which /init loads to wait on the channel doorbells
#   OUT/VERSION             the package name and version it came from
#   OUT/initramfs.cpio.gz   a newc cpio with a static armhf /init
#                           (guests/linux/*.c, Debian's arm-linux-gnueabihf-gcc)
# The kernel is downloaded (apt-get download) and unpacked, never installed.
# The version follows the metapackage linux-image-armmp, so a point release
# in the archive moves it instead of breaking the build; with no archive
# (offline) the cached kernel is used. A second run downloads nothing.
#
#   scripts/linux-assets.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/linux}
mkdir -p "$OUT"

if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi

# armhf package lists, once per machine (apt-get download needs them).
if ! dpkg --print-foreign-architectures | grep -qx armhf; then
    echo "linux-assets: adding the armhf architecture to apt"
    $sudo dpkg --add-architecture armhf
    $sudo apt-get update -qq || true
fi

pkg=$(apt-cache depends linux-image-armmp:armhf 2>/dev/null \
      | sed -n 's/^ *Depends: \(linux-image-[^: ]*\).*/\1/p' | head -n1 || true)
if [ -z "$pkg" ] && [ -n "$sudo$(id -u | grep -x 0)" ]; then
    $sudo apt-get update -qq || true
    pkg=$(apt-cache depends linux-image-armmp:armhf 2>/dev/null \
          | sed -n 's/^ *Depends: \(linux-image-[^: ]*\).*/\1/p' | head -n1 || true)
fi
ver=
[ -n "$pkg" ] && ver=$(apt-cache policy "$pkg:armhf" | sed -n 's/^ *Candidate: //p')

if [ -n "$pkg" ] && [ -n "$ver" ] && { [ "$(cat "$OUT/VERSION" 2>/dev/null)" != "$pkg $ver" ] \
                                      || [ ! -f "$OUT/modules/evdev.ko" ]; }; then
    echo "linux-assets: fetching $pkg $ver (armhf) from Debian's archive"
    rm -rf "$OUT/dl" && mkdir -p "$OUT/dl"
    (cd "$OUT/dl" && apt-get download -q "$pkg:armhf=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
    deb=$(ls "$OUT"/dl/*.deb 2>/dev/null | head -n1)
    [ -n "$deb" ] || { echo "linux-assets: download of $pkg failed" >&2; exit 1; }
    # The kernel, its config and the one module /init loads (Debian ships
    # it uncompressed: CONFIG_MODULE_COMPRESS_NONE).
    rm -rf "$OUT/deb" && mkdir -p "$OUT/deb"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$OUT/deb" --wildcards './boot/vmlinuz-*' './boot/config-*' \
        './lib/modules/*/kernel/drivers/input/evdev.ko*'
    /usr/bin/python3 scripts/zimage.py "$OUT"/deb/boot/vmlinuz-* "$OUT/Image.new"
    cp "$OUT"/deb/boot/config-* "$OUT/config"
    mkdir -p "$OUT/modules"
    ko=$(ls "$OUT"/deb/lib/modules/*/kernel/drivers/input/evdev.ko* | head -n1)
    case "$ko" in
        *.xz) xz -dc "$ko" > "$OUT/modules/evdev.ko" ;;
        *) cp "$ko" "$OUT/modules/evdev.ko" ;;
    esac
    mv "$OUT/Image.new" "$OUT/Image"
    echo "$pkg $ver" > "$OUT/VERSION"
    rm -rf "$OUT/dl" "$OUT/deb"
elif [ ! -f "$OUT/Image" ]; then
    echo "linux-assets: linux-image-armmp:armhf is not in the apt lists and no kernel is cached in $OUT" >&2
    exit 1
fi

# The initramfs: rebuilt when /init's sources or this script change.
init_c=$(ls guests/linux/*.c)
stale=
for f in $init_c guests/linux/*.h "$0" "$OUT/modules/evdev.ko"; do
    [ "$f" -nt "$OUT/initramfs.cpio.gz" ] && stale=1
done
if [ ! -f "$OUT/initramfs.cpio.gz" ] || [ -n "$stale" ]; then
    echo "linux-assets: building $OUT/initramfs.cpio.gz"
    root="$OUT/rootfs"
    rm -rf "$root" && mkdir -p "$root/dev" "$root/proc" "$root/sys" "$root/lib/modules"
    cp "$OUT/modules/evdev.ko" "$root/lib/modules/evdev.ko"
    arm-linux-gnueabihf-gcc -std=gnu11 -static -O2 -Wall -Wextra -Werror \
        -o "$root/init" $init_c
    arm-linux-gnueabihf-strip "$root/init"
    find "$root" -exec touch -h -d @0 {} +
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort \
        | cpio --quiet --reproducible -o -H newc -R 0:0) | gzip -9n > "$OUT/initramfs.cpio.gz.new"
    mv "$OUT/initramfs.cpio.gz.new" "$OUT/initramfs.cpio.gz"
fi
echo "linux-assets: $(cat "$OUT/VERSION"), Image $(stat -c %s "$OUT/Image") bytes, initramfs $(stat -c %s "$OUT/initramfs.cpio.gz") bytes"
