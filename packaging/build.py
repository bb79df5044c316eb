"""Build Veil's desktop bundle, check it, measure it, and package it for this platform.

    python packaging/build.py [--dist DIR] [--work DIR] [--skip-build] [--no-smoke]
                              [--runs N] [--compare-source] [--no-package]

1. PyInstaller with build.spec → DIST/veil/ (the windowed `veil` and the console `veil-cli`).
2. Bundle size on disk (target < 400 MB).
3. Smoke test: the frozen `veil --selftest` offscreen (packaging/smoke.py).
4. Start-up: time until the frozen window is on screen, under Xvfb (target < 2 s).
5. Package: Linux DIST/veil-VERSION-linux-ARCH.tar.gz (bundle + veil.desktop + install.sh);
   Windows: Inno Setup installer when ISCC is installed; macOS: DIST/veil-VERSION-macos.dmg.
Exits non-zero when the build or the smoke test fails (the targets are printed, not enforced
here; tests/packaging/test_frozen.py enforces the size).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
import measure  # noqa: E402  (packaging/ is on sys.path as this script's folder)
import smoke  # noqa: E402

SIZE_TARGET_MB = 400
START_TARGET_S = 2.0


def version() -> str:
    from core import __version__

    return __version__


def run_pyinstaller(dist: Path, work: Path) -> Path:
    """Build the onedir bundle and return its folder."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    print(f"build: PyInstaller finished in {time.perf_counter() - start:.0f} s")
    return dist / "veil"


def report_size(bundle: Path) -> None:
    size_mb = measure.bundle_size(bundle) / 1e6
    verdict = "ok" if size_mb < SIZE_TARGET_MB else "OVER TARGET"
    print(f"bundle size: {size_mb:.0f} MB unpacked (target < {SIZE_TARGET_MB} MB: {verdict})")


def report_startup(bundle: Path, runs: int, compare_source: bool) -> None:
    if not measure.can_measure_startup():
        print("start-up: not measured (needs Xvfb and xwininfo: apt-get install xvfb x11-utils)")
        return
    commands = {"frozen": [str(bundle / f"veil{smoke.SUFFIX}")]}
    if compare_source:
        commands["source"] = [sys.executable, "-m", "app"]
    for label, command in commands.items():
        try:
            times = measure.time_to_window(command, runs + 1, cwd=ROOT)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"start-up ({label}): could not measure: {exc}")
            continue
        verdict = "ok" if min(times[1:] or times) < START_TARGET_S else "OVER TARGET"
        print(
            f"start-up ({label}), launch to window on screen: {measure.describe(times)} "
            f"(target < {START_TARGET_S:.0f} s: {verdict})"
        )


def linux_tarball(bundle: Path, dist: Path) -> Path:
    """DIST/veil-VERSION-linux-ARCH.tar.gz: the bundle plus menu entry, installer and icon."""
    name = f"veil-{version()}"
    target = dist / f"{name}-linux-{platform.machine()}.tar.gz"
    extras = {
        "veil.desktop": HERE / "linux" / "veil.desktop",
        "install.sh": HERE / "linux" / "install.sh",
        "README.txt": HERE / "linux" / "README.txt",
        "veil.png": ROOT / "resources" / "icons" / "veil-256.png",
    }
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=name)  # keeps the bundle's symbolic links as links
        for arcname, source in extras.items():
            tar.add(source, arcname=f"{name}/{arcname}")
    os.replace(partial, target)
    print(f"package: {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return target


def windows_installer(dist: Path) -> None:
    """The Inno Setup installer, when the Inno Setup compiler (ISCC) is installed."""
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    default = default / "Inno Setup 6" / "ISCC.exe"
    if iscc is None and default.exists():
        iscc = str(default)
    if iscc is None:
        print("package: Inno Setup (ISCC) not found; see packaging/windows/veil.iss")
        return
    script = HERE / "windows" / "veil.iss"
    subprocess.run(
        [iscc, f"/DAppVersion={version()}", f"/DDistDir={dist}", str(script)], check=True
    )


def macos_dmg(dist: Path) -> None:
    """DIST/veil-VERSION-macos.dmg holding Veil.app and a link to /Applications."""
    app = dist / "Veil.app"
    staging = dist / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    subprocess.run(["ditto", str(app), str(staging / "Veil.app")], check=True)
    (staging / "Applications").symlink_to("/Applications")
    target = dist / f"veil-{version()}-macos-{platform.machine()}.dmg"
    create = ["hdiutil", "create", "-volname", "Veil", "-srcfolder", str(staging), "-ov"]
    subprocess.run([*create, "-format", "UDZO", str(target)], check=True)
    shutil.rmtree(staging)
    print(f"package: {target}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder")
    parser.add_argument("--skip-build", action="store_true", help="use the bundle already in DIST")
    parser.add_argument("--no-smoke", action="store_true", help="skip the frozen --selftest")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs after a warm-up one")
    parser.add_argument("--compare-source", action="store_true", help="also time `python -m app`")
    parser.add_argument("--no-package", action="store_true", help="skip the tarball/installer")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    bundle = dist / "veil" if args.skip_build else run_pyinstaller(dist, work)
    report_size(bundle)
    if not args.no_smoke:
        result = smoke.run_selftest(bundle)
        for problem in result.problems:
            print(f"smoke test: {problem}", file=sys.stderr)
        print(f"smoke test: {'passed' if result.ok else 'FAILED'} in {result.seconds:.1f} s")
        if not result.ok:
            return 1
    if args.runs > 0:
        report_startup(bundle, args.runs, args.compare_source)
    if not args.no_package:
        if sys.platform.startswith("linux"):
            linux_tarball(bundle, dist)
        elif sys.platform == "win32":
            windows_installer(dist)
        elif sys.platform == "darwin":
            macos_dmg(dist)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
