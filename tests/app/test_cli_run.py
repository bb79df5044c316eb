"""`veil-cli run` and `veil-cli report`: through app.cli.main, and once as a real process."""

from __future__ import annotations

import dataclasses
import json
import subprocess

import pytest

from app.cli import main
from core.demo import demo_project
from core.project import save_project
from core.settings import AssessmentSettings
from tests.conftest import REPO, console_script

FILES = ["assessment.json", "project.veil.json", "release.csv", "report.html", "report.pdf"]


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "demo results"
    assert main(["run", "--demo", "--out", str(out), "--quiet", "--accept-risk"]) == 0
    return out


@pytest.mark.slow
def test_run_demo_writes_every_file(demo_out):
    assert sorted(p.name for p in demo_out.iterdir()) == FILES
    doc = json.loads((demo_out / "assessment.json").read_text(encoding="utf-8"))
    assert doc["dataset"]["synthetic"] is True and doc["after"]["membership"]


def test_run_project_file_prints_the_verdicts_and_the_files(tmp_path, capsys):
    quick = dataclasses.replace(
        demo_project(), assessment=AssessmentSettings(attacks=("reidentification",))
    )
    project = save_project(quick, tmp_path / "study.veil.json")
    out = tmp_path / "out"
    assert main(["run", str(project), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "Re-identification: MODERATE" in printed.out
    assert "Membership inference: NOT ASSESSED" in printed.out
    doc = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    rows = doc["release"]["rows"]
    assert rows == 10_000 - doc["release"]["protection"]["suppressed_records"]
    assert f"Released the whole table, protected: {rows:,} of 10,000 records." in printed.out
    assert str(out / "report.pdf") in printed.out
    assert "Writing the PDF report" in printed.err  # progress goes to stderr
    assert sorted(p.name for p in out.iterdir()) == FILES
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "study.veil.json" in html  # the report names the project that produced it


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--out", "x"], "Give either a project file or --demo"),
        (["run", "p.veil.json", "--demo", "--out", "x"], "Give either a project file or --demo"),
        (["run", "missing.veil.json", "--out", "x"], "missing.veil.json not found"),
        (["report", "no-such-folder"], "assessment.json not found"),
    ],
)
def test_mistakes_give_one_clear_line_and_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("veil-cli: error:") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.slow
def test_report_command_rerenders_identically_as_a_real_process(demo_out):
    cmd = [console_script("veil-cli")]
    pdf = demo_out / "report.pdf"
    before = pdf.read_bytes()
    pdf.unlink()
    (demo_out / "report.html").unlink()
    done = subprocess.run([*cmd, "report", str(demo_out)], cwd=REPO, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [str(demo_out / "report.html"), str(pdf)]
    assert pdf.read_bytes() == before
