"""Build the PyInstaller bundle (about 2-5 minutes) and test the frozen programs.

The bundle is built once per session into a temporary folder by ``packaging/build.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.packaging.scripts import load

pytestmark = pytest.mark.slow
smoke = load("smoke")

SIZE_LIMIT_MB = 400


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    pytest.importorskip("PyInstaller", reason="pip install -e '.[build]' to test the bundle")
    out = tmp_path_factory.mktemp("bundle")
    build = [sys.executable, str(REPO / "packaging" / "build.py"), "--no-smoke", "--runs", "0"]
    build += ["--no-package", "--dist", str(out / "dist"), "--work", str(out / "work")]
    proc = subprocess.run(build, cwd=REPO, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return out / "dist" / "veil"


def source_modules(*packages: str) -> set[str]:
    """Dotted names of every module of ``packages`` in the source tree."""
    names = set()
    for package in packages:
        root = REPO / package.replace(".", "/")
        for path in root.rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names - {"app.__main__"}


def test_frozen_selftest_runs_the_demo_end_to_end(bundle):
    """Load, protect, assess (attacks on threads) and export the PDF report, frozen."""
    result = smoke.run_selftest(bundle)
    details = "\n".join(result.problems) + f"\n{result.stdout}\n{result.stderr[-3000:]}"
    assert result.ok, details
    assert "veil --selftest: OK" in result.stdout


def test_every_module_imports_inside_both_executables(bundle):
    gui = smoke.bundle_check(bundle, "veil")
    assert gui["failed"] == {}
    assert source_modules("core", "ui", "app", "resources") <= set(gui["imported"])
    cli = smoke.bundle_check(bundle, "veil-cli")
    assert cli["failed"] == {}
    assert source_modules("core", "app.cli", "resources") <= set(cli["imported"])
    assert cli["absent"] == ["ui"], "the console program carries no GUI"


def test_resources_resolve_inside_the_bundle(bundle):
    report = smoke.bundle_check(bundle, "veil-cli")
    assert report["frozen"] is True
    assert Path(report["resource_root"]) == smoke.internal_dir(bundle) / "resources"
    assert Path(report["bundle_root"]) == smoke.internal_dir(bundle)
    assert smoke.missing_files(bundle) == []


def test_console_program_answers_from_the_bundle(bundle, tmp_path):
    from core import __version__

    env = smoke.frozen_env(tmp_path)
    out = subprocess.run(
        [str(bundle / f"veil-cli{smoke.SUFFIX}"), "--version"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"veil {__version__}"
    assert "frozen=True" in (tmp_path / "veil.log").read_text(encoding="utf-8")


def test_frozen_console_program_opens_parquet_without_pyarrow(bundle, tmp_path):
    """DuckDB reads Parquet in the bundle, which leaves pyarrow out (issue 17)."""
    import pandas as pd

    path = tmp_path / "visits.parquet"
    frame = pd.DataFrame({
        "age": pd.array([34, None, 51, 29, 62], dtype="Int64"),
        "city": ["Lyon", "Oslo", None, "Lyon", "Porto"],
        "visit": pd.to_datetime(["2021-03-01", "2021-04-12", None, "2022-01-30", "2020-12-24"]),
        "smoker": [True, False, False, True, False],
    })  # fmt: skip
    frame.to_parquet(path, index=False)
    out = subprocess.run(
        [str(bundle / f"veil-cli{smoke.SUFFIX}"), "inspect", str(path), "--format", "json"],
        env=smoke.frozen_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["rows"] == 5
    types = {c["name"]: c["type"] for c in report["columns"]}
    assert types == {
        "age": "integer",
        "city": "categorical",
        "visit": "date",
        "smoker": "categorical",
    }
    assert not (smoke.internal_dir(bundle) / "pyarrow").exists()


def test_frozen_console_program_exports_parquet_without_pyarrow(bundle, tmp_path):
    """The protected table is written as Parquet in the bundle too (through DuckDB)."""
    import pandas as pd

    source = tmp_path / "wards.csv"
    rows = [f"{w},{a},{s}" for w, a, s in zip("AB" * 20, range(30, 70), "yn" * 20, strict=True)]
    source.write_text("ward,age,smoker\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "release.parquet"
    command = [str(bundle / f"veil-cli{smoke.SUFFIX}"), "protect", str(source), "--qi", "ward",
               "--k", "5", "--out", str(out), "--result", str(tmp_path / "r.json"),
               "--accept-risk"]  # fmt: skip
    done = subprocess.run(
        command,
        env=smoke.frozen_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    back = pd.read_parquet(out)
    assert len(back) == 40
    assert list(back.columns) == ["ward", "age", "smoker"]
    assert back["smoker"].tolist() == list("yn" * 20)


def test_bundle_is_slim_and_leaves_out_what_veil_does_not_use(bundle):
    size_mb = (
        sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
        / 1e6
    )
    assert size_mb < SIZE_LIMIT_MB
    internal = smoke.internal_dir(bundle)
    names = {p.name for p in internal.rglob("*")}
    unwanted = [n for n in names if n.startswith(("libQt6Quick", "libQt6Qml", "libQt6WebEngine"))]
    unwanted += [n for n in names if n in ("pyarrow", "tkinter", "_tkinter", "PyQt5", "PyQt6")]
    unwanted += [n for n in names if n.endswith(".qm")]  # Qt translations
    assert unwanted == []
    assert any(n.startswith("_duckdb") for n in names), "DuckDB reads Parquet in the bundle"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd")
def test_bundled_binaries_find_their_libraries_inside_the_bundle(bundle):
    assert smoke.foreign_libraries(bundle) == {}


def test_frozen_window_starts_on_a_real_x_server(bundle):
    """The xcb platform plugin works (the selftest only uses offscreen)."""
    measure = load("measure")
    if not (sys.platform.startswith("linux") and measure.can_measure_startup()):
        pytest.skip("needs Linux with Xvfb and xwininfo")
    times = measure.time_to_window([str(bundle / "veil")], 1, timeout=120)
    assert len(times) == 1 and 0 < times[0] < 120
