"""Smoke test of a built bundle: run the frozen ``veil --selftest`` offscreen and read its log.

    python packaging/smoke.py [dist/veil]

Fails on a non-zero exit, a missing module, Qt plugin or resource, a traceback in the log or a
hard crash. Used by packaging/build.py and tests/packaging/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Signs of a broken bundle in the log or on stderr: tracebacks, errors, import and Qt plugin
# failures. Informational lines (e.g. an optional format reader that is absent) are not problems.
PROBLEM_TEXT = (
    "Traceback (most recent call last)",
    "ModuleNotFoundError",
    "ImportError",
    "No module named",
    "Could not load the Qt platform plugin",
    "Could not find the Qt platform plugin",
    "Cannot load library",
    "Failed to execute script",
)
ERROR_RECORD = re.compile(r"^(\S+ \S+ |veil: )(ERROR|CRITICAL)\b")
QUIET_RECORD = re.compile(r"^\S+ \S+ (DEBUG|INFO)\b")
SUFFIX = {"win32": ".exe"}.get(sys.platform, "")
PLUGINS = {
    "linux": ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
              "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
              "platformthemes/libqxdgdesktopportal.so",
              "xcbglintegrations/libqxcb-glx-integration.so"),
    "win32": ("platforms/qwindows.dll", "platforms/qoffscreen.dll", "imageformats/qsvg.dll",
              "iconengines/qsvgicon.dll"),
    "darwin": ("platforms/libqcocoa.dylib", "platforms/libqoffscreen.dylib",
               "imageformats/libqsvg.dylib", "iconengines/libqsvgicon.dylib"),
}  # fmt: skip
RESOURCES = ("icons/veil.svg", "icons/veil-256.png", "demo/patients.csv")
LDD_LINE = re.compile(r"^\s*(\S+) => (.+?)(?: \(0x[0-9a-f]+\))?$", re.M)


@dataclass
class SmokeResult:
    """What one frozen run did; ``problems`` is empty when the bundle is healthy."""

    returncode: int
    seconds: float
    stdout: str
    stderr: str
    log: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def internal_dir(bundle: Path) -> Path:
    """Where PyInstaller put the libraries and data (``_internal`` in onedir builds)."""
    return bundle / "_internal"


def missing_files(bundle: Path) -> list[str]:
    """Qt plugins, resources and executables a working bundle must contain."""
    internal = internal_dir(bundle)
    plugins = internal / "PySide6" / "Qt" / "plugins"
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    wanted = [bundle / f"veil{SUFFIX}", bundle / f"veil-cli{SUFFIX}"]
    wanted += [plugins / p for p in PLUGINS.get(platform, ())]
    wanted += [internal / "resources" / r for r in RESOURCES]
    return [str(p.relative_to(bundle)) for p in wanted if not p.exists()]


def log_problems(text: str) -> list[str]:
    """Lines of a log or stderr that show a broken bundle."""
    return [
        line.strip()
        for line in text.splitlines()
        if ERROR_RECORD.match(line)
        or (not QUIET_RECORD.match(line) and any(p in line for p in PROBLEM_TEXT))
    ]


def frozen_env(log_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a frozen run: offscreen Qt, a fresh log folder, no inherited paths."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", VEIL_LOG_DIR=str(log_dir), **extra)
    return env


def run_selftest(bundle: Path, timeout: float = 1200) -> SmokeResult:
    """Run ``veil --selftest`` from ``bundle``; collect exit code, output and log problems."""
    with tempfile.TemporaryDirectory(prefix="veil-smoke-") as tmp:
        log_dir = Path(tmp)
        start = time.perf_counter()
        proc = subprocess.run(
            [str(bundle / f"veil{SUFFIX}"), "--selftest"],
            env=frozen_env(log_dir),
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        seconds = time.perf_counter() - start
        logs = sorted(log_dir.glob("*.log"))
        log = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    result = SmokeResult(proc.returncode, seconds, proc.stdout, proc.stderr, log)
    if proc.returncode != 0:
        result.problems.append(f"veil --selftest exited with {proc.returncode}")
    result.problems += [f"log: {line}" for line in log_problems(log)]
    result.problems += [f"stderr: {line}" for line in log_problems(proc.stderr)]
    result.problems += [f"missing: {name}" for name in missing_files(bundle)]
    return result


def foreign_libraries(bundle: Path) -> dict[str, list[str]]:
    """Linux: libraries a bundled binary loads from outside the bundle that PyInstaller would
    have bundled (a sign that trimming went too far); {} when the bundle is self-contained."""
    from PyInstaller.depend.dylib import include_library

    internal = internal_dir(bundle)
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))  # as the bootloader sets it
    found: dict[str, set[str]] = {}
    for path in internal.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with open(path, "rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        ldd = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True).stdout
        for name, where in LDD_LINE.findall(ldd):
            if not where.startswith(str(bundle)) and include_library(name):
                found.setdefault(name, set()).add(str(path.relative_to(bundle)))
    return {name: sorted(users) for name, users in found.items()}


def bundle_check(bundle: Path, executable: str) -> dict:
    """Import every Veil module inside one frozen executable (see bundle_check.py)."""
    with tempfile.TemporaryDirectory(prefix="veil-check-") as tmp:
        out = Path(tmp) / "check.json"
        subprocess.run(
            [str(bundle / f"{executable}{SUFFIX}")],
            env=frozen_env(Path(tmp), VEIL_BUNDLE_CHECK=str(out)),
            cwd=tmp,
            capture_output=True,
            timeout=300,
        )
        if not out.exists():
            return {"failed": {executable: "the executable wrote no report"}, "imported": []}
        return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    bundle = Path(argv[0] if argv else "dist/veil").resolve()
    result = run_selftest(bundle)
    print(result.stdout.strip())
    for problem in result.problems:
        print(f"smoke test: {problem}", file=sys.stderr)
    print(f"smoke test: {'passed' if result.ok else 'FAILED'} in {result.seconds:.1f} s")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
