"""Outputs that cannot be written, and outputs that would replace an input: one clear line,
exit 2, the input intact and no temporary file left behind."""

from __future__ import annotations

import dataclasses
import errno
import os
import subprocess

import pytest

from app.cli import main
from core.demo import demo_project
from core.project import save_project
from core.settings import AssessmentSettings


@pytest.fixture
def people(tmp_path):
    """A small table of made-up people."""
    path = tmp_path / "people.csv"
    rows = [f"{30 + i % 40},{'FM'[i % 2]},{['north', 'south', 'east'][i % 3]}" for i in range(300)]
    path.write_text("age,sex,region\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def protect(data, out, result):
    return main(["protect", str(data), "--qi", "age,sex", "--k", "2", "--out", str(out),
                 "--result", str(result)])  # fmt: skip


def mount_tmpfs(folder, options):
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")


@pytest.fixture
def mounted(tmp_path):
    folders = []

    def mount(name, options):
        folder = tmp_path / name
        mount_tmpfs(folder, options)
        folders.append(folder)
        return folder

    yield mount
    for folder in folders:
        subprocess.run(["umount", str(folder)], check=False)


def clean_error(capsys) -> str:
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    return err


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "detour"])
def test_result_never_replaces_the_input(people, tmp_path, capsys, how):
    before = people.read_bytes()
    alias = {
        "same": people,
        "symlink": tmp_path / "link.json",
        "hardlink": tmp_path / "hard.json",
        "detour": tmp_path / "sub" / ".." / people.name,
    }[how]
    if how == "symlink":
        alias.symlink_to(people)
    elif how == "hardlink":
        os.link(people, alias)
    assert protect(people, tmp_path / "p.csv", alias) == 2
    assert "Refusing to write over the input file people.csv" in clean_error(capsys)
    assert people.read_bytes() == before
    assert not (tmp_path / "p.csv").exists()


def test_release_never_replaces_a_hierarchy_file(people, tmp_path, capsys):
    hierarchy = tmp_path / "sex.csv"
    hierarchy.write_text("F;*\nM;*\n", encoding="utf-8")
    code = main(["protect", str(people), "--qi", "age,sex", f"--hierarchy=sex={hierarchy}",
                 "--out", str(hierarchy), "--result", str(tmp_path / "r.json")])  # fmt: skip
    assert code == 2
    assert "input file sex.csv" in clean_error(capsys)
    assert hierarchy.read_text(encoding="utf-8") == "F;*\nM;*\n"


def test_a_read_only_folder_is_named_with_what_to_do(people, tmp_path, capsys, mounted):
    folder = mounted("locked", "ro,size=64k")
    assert protect(people, folder / "p.csv", tmp_path / "r.json") == 2
    err = clean_error(capsys)
    assert str(folder) in err and "read-only" in err and "another output folder" in err
    assert os.listdir(folder) == []


def test_a_full_disk_is_named_and_leaves_no_temporary_file(tmp_path, capsys, mounted, adult_csv):
    folder = mounted("small", "size=64k")
    assert protect(adult_csv, folder / "p.csv", tmp_path / "r.json") == 2
    err = clean_error(capsys)
    assert str(folder) in err and "full" in err and "another disk" in err
    assert os.listdir(folder) == []


def test_a_file_where_the_folder_should_be(people, tmp_path, capsys):
    blocker = tmp_path / "results"
    blocker.write_text("not a folder", encoding="utf-8")
    assert protect(people, blocker / "p.csv", tmp_path / "r.json") == 2
    err = clean_error(capsys)
    assert f"{blocker} is a file, not a folder" in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_vanished_network_folder(people, tmp_path, capsys, monkeypatch):
    out = tmp_path / "share"
    out.mkdir()

    def stale(src, dst):
        raise OSError(errno.ESTALE, "Stale file handle")

    monkeypatch.setattr(os, "replace", stale)
    assert protect(people, out / "p.csv", tmp_path / "r.json") == 2
    err = clean_error(capsys)
    assert str(out) in err and "no longer there" in err and "Reconnect" in err
    assert os.listdir(out) == []


def quick_project(tmp_path):
    project = dataclasses.replace(
        demo_project(), assessment=AssessmentSettings(attacks=("reidentification",))
    )
    return save_project(project, tmp_path / "study.veil.json")


def test_run_into_a_full_disk_leaves_the_old_results_whole(tmp_path, capsys, mounted):
    folder = mounted("small", "size=64k")
    out = folder / "results"
    out.mkdir()
    (out / "report.html").write_text("old report", encoding="utf-8")
    assert main(["run", str(quick_project(tmp_path)), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and "full" in err
    assert sorted(os.listdir(folder)) == ["results"]  # no staging folder left
    assert os.listdir(out) == ["report.html"]
    assert (out / "report.html").read_text(encoding="utf-8") == "old report"


@pytest.mark.slow
def test_a_run_killed_while_writing_leaves_no_temporary_file_and_the_next_run_cleans_up(
    tmp_path,
):
    import signal
    import time

    from tests.conftest import console_script

    out = tmp_path / "results"
    out.mkdir()
    (out / "report.html").write_text("old report", encoding="utf-8")
    argv = [
        console_script("veil-cli"),
        "run",
        "--demo",
        "--out",
        str(out),
        "--quiet",
        "--accept-risk",
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    staging = []
    while proc.poll() is None and time.monotonic() < deadline:
        staging = [p for p in tmp_path.glob(".results.veil-staging-*") if any(p.iterdir())]
        if staging:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if not staging:
        pytest.skip("the run finished before it could be killed while writing")
    assert os.listdir(out) == ["report.html"]  # the old results, whole; nothing hidden
    assert (out / "report.html").read_text(encoding="utf-8") == "old report"
    assert main(["run", "--demo", "--out", str(out), "--quiet", "--accept-risk"]) == 0
    assert sorted(os.listdir(tmp_path)) == ["results"]  # the killed run's folder swept
    assert not any(name.endswith(".tmp") for name in os.listdir(out))
    assert (out / "report.html").read_text(encoding="utf-8") != "old report"
