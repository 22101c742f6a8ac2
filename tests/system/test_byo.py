"""Bringing your own program (issue 10): guests with their own build
options, a prebuilt ELF, the size check after linking, the C runtime and
hard-float guests with lazy VFP switching."""
from __future__ import annotations

import re
import shutil
import subprocess

from qemu import ROOT, boot, build
from test_rt import ICOUNT

MINIBENCH = ROOT / "guests" / "minibench"


def _host_minibench(tmp_path, defines: dict) -> list[str]:
    """The worked example's result lines from the same upstream sources
    compiled for the host (the ARM CRC replaced by the C one)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    shim = tmp_path / "shim.c"
    shim.write_text('#include "minibench.h"\n'
                    "mb_u16 mb_crc16_arm(mb_u16 crc, mb_u32 v) { return mb_crc16(crc, v); }\n")
    exe = tmp_path / "minibench"
    d = [f"-D{k}={v}" for k, v in defines.items()]
    srcs = sorted(MINIBENCH.glob("src/**/*.c")) + [MINIBENCH / "port/posix/mb_port.c", shim]
    subprocess.run(["gcc", "-std=gnu99", "-O1", "-w", f"-I{MINIBENCH}/include", *d, "-c",
                    *map(str, srcs)], cwd=tmp_path, check=True)
    subprocess.run(["g++", "-std=gnu++17", "-fno-exceptions", "-fno-rtti", "-O1",
                    f"-I{MINIBENCH}/include", *d, str(MINIBENCH / "src/report.cpp"),
                    *(str(tmp_path / (p.stem + ".o")) for p in srcs), "-o", str(exe)], check=True)
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60).stdout
    return [re.sub(r" in \d+ ticks.*crc", " crc", l) for l in out.splitlines()
            if re.match(r"minibench: \w+: ", l)]


def test_third_party_guest_builds_unchanged_and_computes_what_the_host_does(tmp_path):
    elf = build("tests/system/minibench.yaml", "test-minibench")
    objs = {p.relative_to(elf.parent / "guests" / "mb_short").as_posix()
            for p in (elf.parent / "guests" / "mb_short").rglob("*.o")}
    # subfolders, assembly and C++ were built; the bare-metal port was not
    assert "guests/minibench/src/core/list.c.o" in objs, objs
    assert "guests/minibench/src/arch/arm/crc16_arm.S.o" in objs, objs
    assert "guests/minibench/src/report.cpp.o" in objs, objs
    assert not any("baremetal" in o for o in objs), objs
    run = boot(elf, timeout=60, until=[r"^\[monitor\] guest 'mb_short' stopped",
                                       r"^\[monitor\] guest 'mb_long' stopped"])
    out = run.output
    assert "[monitor] guest 'mb_short' stopped itself with status 0" in out, out
    assert "[monitor] guest 'mb_long' stopped itself with status 0" in out, out
    for name, defines in (("mb_short", {"MB_ITERATIONS": 100}),
                          ("mb_long", {"MB_ITERATIONS": 400, "MB_MATRIX_N": 16})):
        mine = [re.sub(r" in \d+ ticks.*crc", " crc", l[len(name) + 3:])
                for l in run.lines(f"[{name}] minibench: ")
                if re.match(r"minibench: \w+: ", l[len(name) + 3:])]
        assert len(mine) == 3 and mine == _host_minibench(tmp_path / name, defines), out
        assert f"[{name}] minibench: C++ static constructor ran" in out
        assert f"[{name}] minibench: crc self-check passed" in out


def test_prebuilt_elf_guest_runs(tmp_path):
    out = ROOT / "build" / "prebuilt-elf"
    out.mkdir(parents=True, exist_ok=True)
    src = ROOT / "tests" / "system" / "prebuilt"
    subprocess.run(["arm-none-eabi-gcc", "-mcpu=cortex-a9", "-nostdlib", "-nostartfiles",
                    "-T", str(src / "app.ld"), str(src / "app.S"), "-o", str(out / "app.elf")],
                   check=True)
    elf = build("tests/system/prebuilt.yaml", "test-prebuilt")
    run = boot(elf, timeout=30, until=[r"^\[monitor\] guest 'app' stopped"])
    assert "[app] prebuilt: bss zero, data loaded" in run.output, run.output
    assert "[monitor] guest 'app' stopped itself with status 7" in run.output, run.output


def test_image_too_large_is_refused_at_its_line_not_by_the_linker():
    build_dir = ROOT / "build" / "toolarge"
    shutil.rmtree(build_dir, ignore_errors=True)
    # no VARIANT: SYSTEM=tests/system/toolarge.yaml builds build/toolarge/
    proc = subprocess.run(["make", "--no-print-directory", "image",
                           "SYSTEM=tests/system/toolarge.yaml"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0, text
    assert ("tests/system/toolarge.yaml:10:35: error[E144 image-too-large]: the image built from "
            "tests/system/guests/toolarge of guest 'big' does not fit: it needs ") in text, text
    assert re.search(r"has 262144 \(256K\): \d+ bytes missing", text), text
    assert "overflowed" not in text and "ld:" not in text and "Traceback" not in text, text
    assert (build_dir / "gen" / "build.mk").is_file()
    assert not (build_dir / "guests" / "big.bin").exists()


def test_c_runtime_time_sleep_heap_stdin_exit():
    elf = build("tests/system/runtime.yaml", "test-runtime")
    run = boot(elf, timeout=60, extra=ICOUNT, stdin=b"hello there\n",
               type_after=r"runtime: type a line", until=[r"^\[monitor\] guest 'runtime' stopped"])
    out = run.output
    m = re.search(r"^\[runtime\] runtime: hz (\d+) (\d+) (\d+), ticks (\d+), ns (\d+)$", out, re.M)
    assert m, out
    hz = int(m[1])
    assert hz > 0 and m[1] == m[2] == m[3], out
    assert int(m[5]) >= int(m[4]) * 10**9 // hz, out               # ns follow ticks
    m = re.search(r"^\[runtime\] runtime: slept (\d+) us \(asked 200000\), yields (\d+), rc 0 0$",
                  out, re.M)
    assert m, out
    slept, yields = int(m[1]), int(m[2])
    assert 200000 <= slept < 260000, out
    # It gave the core away (to busy) rather than spinning; each yield lets
    # busy run its 2 ms quantum, so a few dozen at most.
    assert 3 <= yields <= 200, out
    m = re.search(r"^\[runtime\] runtime: clock (\d+) ms of (\d+) per s, time (\d+) s, "
                  r"gettimeofday (\d+) s (\d+) us$", out, re.M)
    assert m and 190 <= int(m[1]) <= 270 and int(m[2]) > 0, out
    assert "[runtime] runtime: monotonic yes" in out
    m = re.search(r"^\[runtime\] runtime: heap (\d+) KiB of 256 KiB RAM, then ENOMEM$", out, re.M)
    assert m and 100 <= int(m[1]) < 256 - 16, out
    long_line = "".join(chr(ord("a") + i % 26) for i in range(300))
    assert f"[runtime] runtime: long {long_line}|end\n" in out, out
    assert "[runtime] runtime: read 'hello there'" in out, out
    assert "[monitor] guest 'runtime' stopped itself with status 3" in out, out


def test_hard_float_guests_keep_their_registers_and_soft_float_cannot_see_them():
    elf = build("tests/system/vfp.yaml", "test-vfp")
    run = boot(elf, timeout=90, until=[
        r"^\[fpa\] fpcalc: seed", r"^\[fpb\] fpcalc: seed", r"^\[fpc\] fpcalc: seed",
        r"^\[monitor\] guest 'fpspy' stopped"])
    out = run.output
    assert not run.timed_out, out
    total = 0.0
    for i in range(1, 300001):
        total += 1.0 / (float(i) * i)
    # fpb rounds toward zero: 1/3 is one unit lower in the last place.
    for name, seed, rounds, third in (("fpa", 1, 2000, "0x3eaaaaab"),
                                      ("fpb", 2, 2000, "0x3eaaaaaa"),
                                      ("fpc", 3, 300, "0x3eaaaaab")):
        assert (f"[{name}] fpcalc: seed {seed}, {rounds} rounds, 0 wrong registers, 0 wrong fpscr, "
                f"1/3 = {third}, sum {total:.6f}") in out, out
    assert re.search(r"^\[monitor\] guest 'fpspy' stopped: undefined instruction at pc "
                     r"0x[0-9a-f]+$", out, re.M), out
    assert "LEAKED" not in out


def _compile(tmp_path, body: str, *flags: str) -> subprocess.CompletedProcess:
    src = tmp_path / "t.c"
    src.write_text('#include <stdint.h>\n#include "hv.h"\n' + body)
    return subprocess.run(["arm-none-eabi-gcc", "-mcpu=cortex-a9", "-marm", "-std=c11",
                           "-Wall", "-Wextra", "-Werror", f"-I{ROOT}/guests/lib/include",
                           f"-I{ROOT}/monitor/include", *flags, "-c", str(src), "-o",
                           str(tmp_path / "t.o")], capture_output=True, text=True)


def test_hv_time_takes_the_callers_unsigned_type_and_refuses_others(tmp_path):
    ok = _compile(tmp_path, """
uint64_t f(void);
uint64_t f(void)
{
    unsigned int a; unsigned long b; uint32_t c; uint64_t d;
    return hv_time(&a) + hv_time(&b) + hv_time(&c) + hv_time(&d) + hv_time(0) +
           hv_time((void *)0) + a + b + c + d + hv_now_ns() + hv_ticks_to_ns(5, 3);
}
""")
    assert ok.returncode == 0, ok.stderr
    bad = _compile(tmp_path, "uint64_t f(int *p);\nuint64_t f(int *p) { return hv_time(p); }\n")
    assert bad.returncode != 0 and "_Generic" in bad.stderr, bad.stderr


def test_guest_headers_work_from_cpp_with_strict_warnings(tmp_path):
    src = tmp_path / "t.cpp"
    src.write_text('#include "hv.h"\n#include "guest_virq.h"\n#include "ring.h"\n'
                   "unsigned long long f();\n"
                   "unsigned long long f() { unsigned int a; uint32_t b; uint64_t c;\n"
                   "  virq_init(nullptr); return hv_time(&a) + hv_time(&b) + hv_time(&c) +\n"
                   "  hv_time(0) + hv_time(nullptr) + hv_now_ns() + hv_sleep_until(5) +\n"
                   "  hv_stats().jobs; }\n")
    r = subprocess.run(["arm-none-eabi-g++", "-mcpu=cortex-a9", "-marm", "-std=gnu++17",
                        "-Wall", "-Wextra", "-Werror", "-Wshadow", f"-I{ROOT}/guests/lib/include",
                        f"-I{ROOT}/monitor/include", "-c", str(src), "-o", str(tmp_path / "t.o")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    syms = subprocess.run(["arm-none-eabi-nm", str(tmp_path / "t.o")], capture_output=True,
                          text=True).stdout
    assert " U virq_init\n" in syms and " U hv_sleep_until\n" in syms, syms   # C linkage


def test_hard_float_hrt_guest_has_the_vfp_from_the_start():
    elf = build("tests/system/hrtfp.yaml", "test-hrtfp")
    # its line reaches the console through core 0 (the HRT ring), maybe
    # after the monitor's own line about the stop: wait for both
    run = boot(elf, timeout=30, until=[r"^\[monitor\] guest 'hrtfp' stopped",
                                       r"^\[hrtfp\] hrtfp: sum"])
    total = 0.0
    for i in range(1, 1001):
        total += 2.0 / (float(i) * i)
    assert f"[hrtfp] hrtfp: sum {total:.6f}, neon 14 14 14 14" in run.output, run.output
    assert "[monitor] guest 'hrtfp' stopped itself with status 0" in run.output, run.output
