"""Figures for the build script: bundle size on disk and time until the window is on screen.

The start-up time is measured from outside, as a user sees it: launch the program on a private
Xvfb display and poll the X server until a top-level window of class "Veil" is mapped. No hook in
the application is needed, so the frozen and the source program are measured the same way.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

WINDOW_CLASS = "Veil"  # QApplication.applicationName(), the WM_CLASS class of every window
POLL = 0.01  # seconds between two looks at the X server
_CHILD = re.compile(r'^\s+(0x[0-9a-f]+) .*\("[^"]*" "' + WINDOW_CLASS + r'"\)', re.M)


def bundle_size(path: Path) -> int:
    """Bytes of every file under ``path`` (symbolic links count as nothing, as unpacked)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def can_measure_startup() -> bool:
    """Whether Xvfb and xwininfo (x11-utils) are installed."""
    return bool(shutil.which("Xvfb") and shutil.which("xwininfo"))


@contextlib.contextmanager
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server for the duration of the block; yields its DISPLAY value."""
    read_end, write_end = os.pipe()
    # -noreset: a server reset each time the last client leaves races with the app connecting
    command = ["Xvfb", "-displayfd", str(write_end), "-noreset", "-nolisten", "tcp"]
    server = subprocess.Popen(
        [*command, "-screen", "0", "1400x900x24"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        display = f":{number}"
        env = dict(os.environ, DISPLAY=display)
        for _ in range(100):  # the server may need a moment before it accepts clients
            probe = subprocess.run(["xwininfo", "-root"], env=env, capture_output=True)
            if number and probe.returncode == 0:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("Xvfb did not start")
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def _window_mapped(env: dict[str, str]) -> bool:
    tree = subprocess.run(
        ["xwininfo", "-root", "-children"], env=env, capture_output=True, text=True
    ).stdout
    for window in _CHILD.findall(tree):
        info = subprocess.run(
            ["xwininfo", "-id", window], env=env, capture_output=True, text=True
        ).stdout
        if "IsViewable" in info:
            return True
    return False


def _one_start(command: list[str], env: dict[str, str], cwd: Path | None, timeout: float) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while not _window_mapped(env):
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
                name = Path(command[0]).name
                raise RuntimeError(f"{name} exited ({proc.returncode}) before a window:\n{err}")
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"no window after {timeout:.0f} s")
            time.sleep(POLL)
        return time.perf_counter() - start
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def time_to_window(
    command: list[str], runs: int, *, cwd: Path | None = None, timeout: float = 60
) -> list[float]:
    """Seconds from launch to a mapped window, for ``runs`` fresh starts on one Xvfb display."""
    with xvfb_display() as display, tempfile.TemporaryDirectory(prefix="veil-start-") as logs:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "PYTHONPATH")}
        env.update(DISPLAY=display, VEIL_LOG_DIR=logs)
        env.pop("WAYLAND_DISPLAY", None)
        return [_one_start(command, env, cwd, timeout) for _ in range(runs)]


def describe(times: list[float]) -> str:
    """'first 1.23 s, median 0.98 s of 5 (0.95–1.02)'."""
    rest = times[1:] or times
    return (
        f"first {times[0]:.2f} s, then median {statistics.median(rest):.2f} s "
        f"of {len(rest)} (min {min(rest):.2f}, max {max(rest):.2f})"
    )
