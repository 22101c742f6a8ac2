"""Starting and ending QEMU runs, for the project's tools (scripts/tracetool)
and its tests (tests/system): the Zynq-7000 machine's command line and the
one way a run is bounded and ended.

A run is started under `timeout -s KILL` (under -icount QEMU can ignore
SIGTERM) in a session of its own, so that stop() kills QEMU itself and not
only the `timeout` wrapper, which would leave QEMU running.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

# The machine every run boots (the Makefile's QEMU is the same), without its
# console and monitor wiring, which each caller chooses.
QEMU = ["qemu-system-arm", "-M", "xilinx-zynq-a9", "-smp", "2", "-m", "1G",
        "-display", "none", "-semihosting-config", "enable=on,target=native"]


def start(cmd: list[str], seconds: float, **popen) -> subprocess.Popen:
    """Starts `cmd` (a QEMU command line), killed after `seconds` at the
    latest; `popen` goes to subprocess.Popen (stdin is /dev/null unless
    given)."""
    popen.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.Popen(["timeout", "-s", "KILL", str(int(seconds))] + list(cmd),
                            start_new_session=True, **popen)


def stop(proc: subprocess.Popen) -> None:
    """Kills a started run's process group (QEMU and its wrapper) and reaps it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def hmp(sock_path: str, commands: list[str], timeout: float = 20.0) -> list[str]:
    """Sends `commands` to a run's HMP monitor socket (`-monitor
    unix:<path>,server=on,wait=off`), waiting for the socket to open and for
    the prompt after each; returns each command's answer. A `quit` ends the
    session (QEMU answers it by exiting)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    deadline = time.monotonic() + timeout
    while True:
        try:
            s.connect(sock_path)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("QEMU's monitor socket did not open")
            time.sleep(0.05)

    def until_prompt() -> str:
        buf = b""
        while not buf.endswith(b"(qemu) "):
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        return buf.decode("utf-8", "replace")

    until_prompt()
    answers = []
    for c in commands:
        s.sendall(c.encode() + b"\n")
        if c == "quit":
            break
        answers.append(until_prompt())
    s.close()
    return answers
