"""The "Leave out" role: a column dropped from the release and from the attacks' view, named
as left out by choice in the report, never flagged by the release gate nor suggested."""

import html
import json

import numpy as np
import pandas as pd

from app.cli import main
from core.assess import assess
from core.pipeline import run_project
from core.project import Project, load_project, save_project
from core.protect import protect
from core.provenance import sha256_file
from core.release_gate import check_release
from core.report import build_report, render_html
from core.roles import suggest_roles
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from tests.core.test_release_gate import people

LEFT = {"col_1": Role.LEAVE_OUT, "weight_g": Role.LEAVE_OUT}


def roles() -> dict[str, Role]:
    return {"sex": Role.QUASI_IDENTIFIER, "age": Role.QUASI_IDENTIFIER,
            "visits": Role.INSENSITIVE, **LEFT}  # fmt: skip


def test_protect_drops_left_out_columns_for_every_method():
    frame = people()
    for settings in (
        ProtectionSettings(method="none"),
        ProtectionSettings(method="optimal", k=3, suppression=0.1),
        ProtectionSettings(method="dp-noise", epsilon=1.0, bounds={"age": (18, 90)}),
    ):
        data = protect(frame, roles(), settings, seed=0).data
        assert not {"col_1", "weight_g"} & set(data.columns), settings.method
        assert {"sex", "age", "visits"} <= set(data.columns)
    assert list(frame.columns) == ["col_1", "sex", "age", "weight_g", "visits"], "input kept"


def test_the_rehearsal_never_sees_a_left_out_column():
    rng = np.random.default_rng(3)
    frame = people().assign(outcome=rng.choice(["yes", "no"], len(people())))
    frame["copy"] = frame["outcome"]  # would predict the target perfectly if it were seen
    r = {**roles(), "outcome": Role.TARGET, "copy": Role.LEAVE_OUT}
    settings = AssessmentSettings(attacks=("reidentification",))
    result = assess(frame, r, ProtectionSettings(method="none"), settings, seed=0)
    assert not {"col_1", "weight_g", "copy"} & set(result.release.columns)
    doc = result.to_dict()
    assert doc["roles"]["copy"] == "leave_out" and doc["dataset"]["columns"] == 7
    assert not any("'copy' predicts" in w for w in doc["warnings"])
    r["copy"] = Role.INSENSITIVE
    kept = assess(frame, r, ProtectionSettings(method="none"), settings, seed=0).to_dict()
    assert any("'copy' predicts 'outcome' 100% of the time" in w for w in kept["warnings"])
    shown = html.unescape(render_html(build_report(kept)))
    assert "'copy' predicts 'outcome' 100% of the time" in shown, "the report lists it"


def test_gate_report_and_document_call_it_left_out_by_choice(tmp_path):
    path = tmp_path / "people.csv"
    people().to_csv(path, index=False)
    project = Project(
        input_path=path, input_sha256=sha256_file(path), roles=roles(),
        protection=ProtectionSettings(method="optimal", k=5, suppression=0.1),
        assessment=AssessmentSettings(attacks=("reidentification",)),
    )  # fmt: skip
    result = run_project(project, tmp_path / "out")  # no --accept-risk: the gate is clear
    assert list(pd.read_csv(result.release).columns) == ["sex", "age", "visits"]
    document = json.loads(result.assessment_json.read_text())
    assert document["roles"]["col_1"] == "leave_out"
    assert document["release"]["confirmed_risks"] == []
    html = result.report_html.read_text()
    assert "Left out" in html and "not released, by the data owner" in html
    assert "points straight at a person" not in html
    as_identifier = check_release(people(), {**roles(), "col_1": Role.INSENSITIVE},
                                  suggestions=suggest_roles(people()))  # fmt: skip
    assert "col_1" in [c.subject for c in as_identifier.concerns], "kept, it would be flagged"


def test_project_file_keeps_the_role(tmp_path):
    path = tmp_path / "people.csv"
    people().to_csv(path, index=False)
    saved = save_project(Project(input_path=path, roles=roles()), tmp_path / "p.veil.json")
    assert json.loads(saved.read_text())["roles"]["col_1"] == "leave_out"
    assert load_project(saved).roles["weight_g"] == Role.LEAVE_OUT


def test_suggestions_never_propose_leaving_out(adult_frame):
    frame = people()
    frame["same"] = "x"
    frame["empty"] = np.nan
    for table in (frame, adult_frame):
        assert Role.LEAVE_OUT not in {Role(s.role) for s in suggest_roles(table)}


def test_cli_protect_and_assess_take_leave_out(tmp_path, capsys):
    path = tmp_path / "people.csv"
    rng = np.random.default_rng(1)
    people().assign(outcome=rng.choice(["yes", "no"], 300)).to_csv(path, index=False)
    out = tmp_path / "out.csv"
    code = main(["protect", str(path), "--qi", "sex,age", "--leave-out", "col_1,weight_g",
                 "--keep", "visits,outcome", "--k", "3", "--suppression", "0.1",
                 "--out", str(out), "--result", str(tmp_path / "r.json")])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert list(pd.read_csv(out).columns) == ["sex", "age", "visits", "outcome"]
    code = main(["assess", str(path), "--qi", "sex,age", "--target", "outcome",
                 "--leave-out", "col_1", "--leave-out", "weight_g", "--attacks",
                 "reidentification", "--out", str(tmp_path / "a"), "--quiet"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    document = json.loads((tmp_path / "a" / "assessment.json").read_text())
    assert document["roles"]["col_1"] == document["roles"]["weight_g"] == "leave_out"
    assert document["release"]["columns"] == 4
