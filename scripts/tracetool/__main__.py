"""make trace: boot a traced image, read the monitor's trace rings out of the
emulated memory, and write trace.json, trace.svg and trace.txt.

    /usr/bin/python3 scripts/tracetool --elf build/V/traced/image.elf \\
        --meta build/V/traced/gen/trace_meta.json --out build/V \\
        [--seconds N] [--until REGEX] [--icount ARGS]

QEMU runs with its monitor on a UNIX socket; when N seconds have passed
(wall time) or the console matched REGEX, the machine is stopped and the
rings (the ELF's `trace_rings`) are saved with `pmemsave`: the monitor's
memory is identity-mapped, so its addresses are physical. Nothing is
added to the monitor for this: the rings are plain memory.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import selectors
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(1, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import decode  # noqa: E402
import render  # noqa: E402
from qemuproc import QEMU, hmp, start, stop  # noqa: E402  (scripts/qemuproc.py)


def run(elf: str, dump: str, addr: int, size: int, seconds: float, until: str | None,
        icount: str, console_log: str) -> str:
    """Boots `elf`, stops it, saves [addr, addr + size) into `dump`; returns
    the console output."""
    with tempfile.TemporaryDirectory(prefix="trace-") as tmp:
        sock = os.path.join(tmp, "hmp.sock")
        cmd = (QEMU + (["-icount", icount] if icount else [])
               + ["-monitor", f"unix:{sock},server=on,wait=off", "-serial", "stdio",
                  "-kernel", elf])
        proc = start(cmd, seconds + 60, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = b""
        pat = re.compile(until, re.M) if until else None
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                if not sel.select(timeout=0.2):
                    if proc.poll() is not None:
                        break
                    continue
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                out += chunk
                if pat and pat.search(out.decode("utf-8", "replace")):
                    break
            if proc.poll() is not None:
                raise RuntimeError("the image ended before its trace was read (a test exit?): "
                                   "trace a system that keeps running, or stop it earlier "
                                   "with --until")
            hmp(sock, ["stop", f"pmemsave {addr:#x} {size:#x} \"{dump}\"", "quit"])
            proc.wait(timeout=20)
        finally:
            stop(proc)
            sel.close()
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    with open(console_log, "w", encoding="utf-8") as f:
        f.write(text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/tracetool")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--meta", required=True, help="gen/trace_meta.json of the same build")
    ap.add_argument("--out", required=True, help="directory for trace.json, .svg, .txt")
    ap.add_argument("--seconds", type=float, default=5.0, help="wall-clock run time")
    ap.add_argument("--until", help="stop as soon as the console matches this regex")
    ap.add_argument("--icount", default="shift=3,sleep=off",
                    help="QEMU -icount argument ('' for none); default shift=3,sleep=off")
    ap.add_argument("--dump", help="decode this saved dump instead of running QEMU")
    args = ap.parse_args(argv)
    try:
        with open(args.meta, encoding="utf-8") as f:
            meta = json.load(f)
        addr, size = decode.symbol(args.elf, "trace_rings")
        os.makedirs(args.out, exist_ok=True)
        dump = args.dump or os.path.join(args.out, "trace.bin")
        if not args.dump:
            run(args.elf, os.path.abspath(dump), addr, size, args.seconds, args.until,
                args.icount, os.path.join(args.out, "trace-console.log"))
        with open(dump, "rb") as f:
            data = f.read()
        rings = decode.parse(data, len(meta["cores"]))
        a = decode.analyse(meta, rings)
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as e:
        print(f"make trace: {e}", file=sys.stderr)
        return 1
    outputs = {"trace.json": render.chrome_json(a), "trace.svg": render.svg(a),
               "trace.txt": render.text(a)}
    for name, text in outputs.items():
        path = os.path.join(args.out, name)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
    n = sum(len(r.records) for r in rings)
    print(f"make trace: {n} events on {len(rings)} cores over "
          f"{(a.end - a.start) / meta['ticks_per_second'] * 1e3:.1f} ms -> "
          + ", ".join(os.path.join(args.out, k) for k in outputs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
