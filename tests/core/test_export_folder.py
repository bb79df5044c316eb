"""atomic_folder: a run's files arrive together, a failed or killed run changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from core.export import atomic_folder, write_text_atomic
from core.io.writable import OutputError
from core.pipeline import OUTPUT_FILES, run_demo

OWNED = ("release.csv", "report.html", "report.pdf")


def test_a_new_folder_appears_whole_with_ordinary_permissions(tmp_path):
    out = tmp_path / "results"
    with atomic_folder(out, owned=OWNED) as staging:
        write_text_atomic(staging / "release.csv", "a\n1\n")
        assert not out.exists()
    assert os.listdir(out) == ["release.csv"]
    assert out.stat().st_mode & 0o777 == 0o777 & ~_umask()
    assert os.listdir(tmp_path) == ["results"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_old_report_never_stays_beside_a_new_release(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "release.csv").write_text("old", encoding="utf-8")
    (out / "report.html").write_text("old", encoding="utf-8")
    (out / ".release.csv.x1y2.tmp").write_text("left by a killed run", encoding="utf-8")
    with atomic_folder(out, owned=OWNED) as staging:
        write_text_atomic(staging / "release.csv", "new")
    assert os.listdir(out) == ["release.csv"]
    assert (out / "release.csv").read_text(encoding="utf-8") == "new"
    assert os.listdir(tmp_path) == ["results"]


def test_the_users_own_files_in_the_folder_are_kept(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "report.html").write_text("old", encoding="utf-8")
    with atomic_folder(out, owned=OWNED) as staging:
        write_text_atomic(staging / "release.csv", "new")
    assert sorted(os.listdir(out)) == ["notes.txt", "release.csv"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_failure_midway_changes_nothing(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "report.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_folder(out, owned=OWNED) as staging:
        write_text_atomic(staging / "release.csv", "new")
        raise RuntimeError("the report failed")
    assert os.listdir(out) == ["report.html"]
    assert os.listdir(tmp_path) == ["results"]


def test_a_killed_runs_staging_folder_is_swept_by_the_next_run(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    orphan = tmp_path / f".results.veil-staging-{dead.stdout.strip()}-abc123"
    orphan.mkdir()
    (orphan / ".release.csv.q.tmp").write_text("half", encoding="utf-8")
    mine = tmp_path / f".results.veil-staging-{os.getpid()}-live"  # a run still going: left alone
    mine.mkdir()
    with atomic_folder(tmp_path / "results", owned=OWNED) as staging:
        write_text_atomic(staging / "release.csv", "new")
    assert sorted(os.listdir(tmp_path)) == [mine.name, "results"]


def test_a_killed_runs_staging_folder_inside_a_shared_folder_is_swept_too(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / f".veil-staging-{dead.stdout.strip()}-x").mkdir()
    with atomic_folder(out, owned=OWNED) as staging:
        assert staging.parent == out  # the user's files stay: staged inside, moved one by one
        write_text_atomic(staging / "release.csv", "new")
    assert sorted(os.listdir(out)) == ["notes.txt", "release.csv"]


def test_a_symbolic_link_to_the_folder_stays_a_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "report.html").write_text("old", encoding="utf-8")
    link = tmp_path / "results"
    link.symlink_to(real, target_is_directory=True)
    with atomic_folder(link, owned=OWNED) as staging:
        write_text_atomic(staging / "release.csv", "new")
    assert link.is_symlink() and os.listdir(real) == ["release.csv"]


def test_a_mount_point_as_the_folder(tmp_path):
    out = tmp_path / "disk"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(out)],
                      capture_output=True, check=False).returncode:  # fmt: skip
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        (out / "report.html").write_text("old", encoding="utf-8")
        with atomic_folder(out, owned=OWNED) as staging:
            write_text_atomic(staging / "release.csv", "new")
        assert os.listdir(out) == ["release.csv"] and os.path.ismount(out)
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_file_in_place_of_the_folder_is_named(tmp_path):
    out = tmp_path / "results"
    out.write_text("a file", encoding="utf-8")
    with (
        pytest.raises(OutputError, match="is a file, not a folder"),
        atomic_folder(out, owned=OWNED),
    ):
        pass
    assert out.read_text(encoding="utf-8") == "a file"


@pytest.mark.slow
def test_a_rerun_replaces_every_file_and_leaves_nothing_hidden(tmp_path):
    out = tmp_path / "demo"
    out.mkdir()
    (out / "report.pdf").write_text("old report from another run", encoding="utf-8")
    (out / ".release.csv.k1ll.tmp").write_text("killed", encoding="utf-8")
    run_demo(out, accept_risk=True)
    assert sorted(os.listdir(out)) == sorted(OUTPUT_FILES)
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    assert os.listdir(tmp_path) == ["demo"]
