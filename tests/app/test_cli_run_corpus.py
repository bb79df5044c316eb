"""`veil-cli run` with a project pointing at each file of the degenerate-input corpus: one clear
line and nothing written, or a run whose documents carry the loader's warnings."""

from __future__ import annotations

import contextlib
import html
import json
import os

import pytest

from app.cli import main
from core.errors import VeilError
from core.io import load_table
from core.project import Project, save_project
from core.provenance import sha256_file
from core.settings import AssessmentSettings, ProtectionSettings
from tests.corpus import case, cases

BIG_ENOUGH = {"wrong_encoding_late", "number_with_typo"}  # the loadable files of ≥ 20 rows
QUICK = AssessmentSettings(attacks=("reidentification", "membership"))


def _project(path, tmp_path, protection=None):
    """A project on ``path``: every column a quasi-identifier when the file loads."""
    roles = {}
    with contextlib.suppress(VeilError):  # the run itself must report it
        roles = {str(c): "quasi_identifier" for c in load_table(path).frame.columns}
    project = Project(
        input_path=path,
        input_sha256=sha256_file(path) if path.is_file() and os.access(path, os.R_OK) else None,
        roles=roles,
        protection=protection or ProtectionSettings(),
        assessment=QUICK,
    )
    return save_project(project, tmp_path / "study.veil.json")


def _nothing_written(out):
    return not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("bad", cases(), ids=str)
def test_a_project_on_each_degenerate_file_ends_in_a_clear_outcome(bad, tmp_path, capsys):
    path = bad.make(tmp_path)
    if why := bad.skip(path):
        pytest.skip(why)
    project, out = _project(path, tmp_path), tmp_path / "out"
    code = main(["run", str(project), "--out", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    if bad.name in BIG_ENOUGH:
        assert code == 0, err
        doc = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
        assert bad.message_contains in doc["warnings"][0]  # the loader's warning comes first
        assert f"warning: {doc['warnings'][0]}" in err
        page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
        assert bad.message_contains in page
        return
    assert code == 2, err
    message = [line for line in err.splitlines() if not line.startswith("[")]
    assert len(message) == 1 and message[0].startswith("veil-cli: error:"), err
    expected = bad.message_contains if bad.expect_error else f"The table {path.name} has"
    assert expected in message[0]
    assert _nothing_written(out)


@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
@pytest.mark.parametrize("name", sorted(BIG_ENOUGH))
def test_dp_projects_on_the_degenerate_files_that_run(name, method, tmp_path, capsys):
    bad = case(name)
    path = bad.make(tmp_path)
    protection = ProtectionSettings(method=method, epsilon=1.0)
    project, out = _project(path, tmp_path, protection), tmp_path / "out"
    assert main(["run", str(project), "--out", str(out), "--quiet"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    doc = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    assert bad.message_contains in doc["warnings"][0]
    assert any(w.startswith("Privacy leak") for w in doc["warnings"])
    assert doc["release"]["protection"]["method"] == method
    assert doc["release"]["protection"]["seed"] is None  # the real release: fresh noise
