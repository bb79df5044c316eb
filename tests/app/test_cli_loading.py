"""How the CLI reads awkward tables: repeated column names, pipes, wide headers."""

from __future__ import annotations

import json
import os

import pytest

from app.cli import main
from core.project import Project, load_project, save_project
from core.provenance import sha256_file
from core.workflow import steps


@pytest.fixture
def repeated(tmp_path):
    path = tmp_path / "scores.csv"
    rows = [f"{20 + i % 50},{'fm'[i % 2]},{i % 10},{i % 7}" for i in range(200)]
    path.write_text("age,sex,decile_score,decile_score\n" + "\n".join(rows) + "\n")
    return path


def test_without_the_flag_every_repeat_is_named_with_the_way_out(repeated, capsys):
    assert main(["inspect", str(repeated)]) == 2
    err = capsys.readouterr().err
    assert "'decile_score' (columns 3 and 4)" in err and "--rename-duplicates" in err


def test_inspect_renames_with_the_flag_and_warns(repeated, capsys):
    assert main(["inspect", str(repeated), "--rename-duplicates"]) == 0
    out = capsys.readouterr()
    assert "decile_score.2" in out.out
    assert "'decile_score' (column 4) → 'decile_score.2'" in out.out + out.err


def test_protect_and_assess_take_the_flag(repeated, tmp_path, capsys):
    args = ["protect", str(repeated), "--qi", "age,sex", "--k", "2", "--out",
            str(tmp_path / "p.csv"), "--result", str(tmp_path / "r.json")]  # fmt: skip
    assert main(args) == 2
    assert main([*args, "--rename-duplicates"]) == 0
    header = (tmp_path / "p.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith("decile_score,decile_score.2")
    assess = ["assess", str(repeated), "--qi", "age,sex", "--target", "decile_score.2",
              "--attacks", "reidentification", "--out", str(tmp_path / "a"),
              "--rename-duplicates", "--quiet"]  # fmt: skip
    assert main(assess) == 0
    assert json.loads((tmp_path / "a" / "assessment.json").read_text())["warnings"] is not None


def test_the_project_remembers_to_rename(repeated, tmp_path):
    project = Project(input_path=repeated, input_sha256=sha256_file(repeated),
                      rename_duplicates=True)  # fmt: skip
    saved = save_project(project, tmp_path / "scores.veil.json")
    assert json.loads(saved.read_text())["input"]["rename_duplicates"] is True
    again = load_project(saved)
    assert again.rename_duplicates
    table = steps.load_project_table(again, saved, _null(), suggest=False)
    assert "decile_score.2" in table.loaded.frame.columns
    plain = save_project(Project(input_path=repeated), tmp_path / "plain.veil.json")
    assert "rename_duplicates" not in json.loads(plain.read_text())["input"]


def test_a_project_with_a_wrong_flag_is_refused(repeated, tmp_path, capsys):
    doc = Project(input_path=repeated).to_document()
    doc["input"]["rename_duplicates"] = "yes"
    path = tmp_path / "bad.veil.json"
    path.write_text(json.dumps(doc))
    assert main(["run", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "'input.rename_duplicates'" in capsys.readouterr().err


def _null():
    from core.jobs import null_monitor

    return null_monitor()


def test_a_pipe_named_csv_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)
    assert main(["inspect", str(fifo)]) == 2
    assert "data.csv is not a regular file" in capsys.readouterr().err
