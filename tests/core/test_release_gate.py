"""The release gate on purpose-built tables: identifying columns kept as is, HIGH lights,
refusal before anything is written, and the confirmed concerns recorded in assessment.json."""

import json

import numpy as np
import pandas as pd
import pytest

from core.pipeline import run_project
from core.project import Project
from core.provenance import sha256_file
from core.release_gate import Concern, GateResult, ReleaseRefused, check_release
from core.report.document import Level, Light
from core.roles import suggest_roles
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings

N = 300
GIVEN = ["Anna", "Bernd", "Chloé", "Diego", "Emma", "Femke", "Gustav", "Hugo", "Inès", "Jonas"]
FAMILY = ["Müller", "Dubois", "García", "Jansen", "Smith", "Rossi", "Novák", "Berg", "Lund"]


def people(seed: int = 0) -> pd.DataFrame:
    """Names under neutral headers, a few demographics, a unique measurement."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "col_1": pd.Series(
                [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{rng.choice(['', 'er', 'a', 'i'])}"
                 for _ in range(N)], dtype="str"),
            "sex": pd.Series(rng.choice(["F", "M"], N), dtype="str"),
            "age": rng.integers(20, 80, N),
            "weight_g": rng.integers(40_000, 120_000, N),  # nearly every value distinct
            "visits": rng.integers(0, 3, N),
        }
    )  # fmt: skip


def roles_kept(frame: pd.DataFrame) -> dict[str, Role]:
    return {"col_1": Role.INSENSITIVE, "sex": Role.QUASI_IDENTIFIER, "age": Role.QUASI_IDENTIFIER,
            "weight_g": Role.INSENSITIVE, "visits": Role.INSENSITIVE}  # fmt: skip


def test_identifying_columns_kept_as_is_are_named_one_line_each():
    frame = people()
    gate = check_release(frame, roles_kept(frame), suggestions=suggest_roles(frame))
    assert [(c.kind, c.subject) for c in gate.concerns] == [
        ("column", "col_1"),
        ("column", "weight_g"),
    ]
    assert "suggests it is an identifier" in gate.lines[0] and "names" in gate.lines[0]
    alone = (frame["weight_g"].map(frame["weight_g"].value_counts()) == 1).mean()
    assert alone > 0.5 and f"alone makes {alone:.0%} of the records unique" in gate.lines[1]
    assert not gate.clear


def test_removed_columns_dp_releases_and_low_lights_raise_nothing():
    frame = people()
    roles = {**roles_kept(frame), "col_1": Role.IDENTIFIER, "weight_g": Role.QUASI_IDENTIFIER}
    low = Light("Membership inference", Level.LOW, "fine", "t")
    assert check_release(frame, roles, suggestions=suggest_roles(frame), lights=[low]).clear
    kept = roles_kept(frame)
    assert check_release(frame, kept, suggestions=suggest_roles(frame), dp=True).clear
    released = frame.drop(columns=["col_1", "weight_g"])
    assert check_release(frame, kept, suggestions=suggest_roles(frame), released=released).clear


def test_high_lights_are_concerns():
    frame = people()
    roles = {c: Role.QUASI_IDENTIFIER for c in frame}
    high = Light("Re-identification", Level.HIGH, "Most records are unique.", "t")
    gate = check_release(frame, roles, lights=[high])
    assert gate.concerns == (
        Concern("light", "Re-identification", "Re-identification risk is HIGH: Most records are "
                "unique."),
    )  # fmt: skip
    assert gate.to_dict()["concerns"][0]["kind"] == "light"
    assert isinstance(gate, GateResult)


def _project(tmp_path, roles) -> Project:
    path = tmp_path / "people.csv"
    people().to_csv(path, index=False)
    return Project(
        input_path=path,
        input_sha256=sha256_file(path),
        roles=roles,
        protection=ProtectionSettings(method="optimal", k=5, suppression=0.1),
        assessment=AssessmentSettings(attacks=("reidentification",)),
    )


def test_run_refuses_before_writing_anything_and_records_what_was_accepted(tmp_path):
    project = _project(tmp_path, roles_kept(people()))
    out = tmp_path / "out"
    with pytest.raises(ReleaseRefused) as refused:
        run_project(project, out)
    assert [c.subject for c in refused.value.gate.concerns][:2] == ["col_1", "weight_g"]
    assert not out.exists() or not any(out.iterdir()), "nothing written"
    result = run_project(project, out, accept_risk=True)
    document = json.loads(result.assessment_json.read_text())
    assert document["release"]["confirmed_risks"] == refused.value.gate.lines
    assert "col_1" in pd.read_csv(result.release).columns
    kept = [u["column"] for u in document["release"]["uniqueness"]]
    assert "weight_g" in kept, "the unique measurement is named with what would help"
    html = result.report_html.read_text()
    assert "Released although Veil warned" in html and "What would help" in html


def test_a_run_without_concerns_records_an_empty_list(tmp_path):
    roles = {**roles_kept(people()), "col_1": Role.IDENTIFIER, "weight_g": Role.IDENTIFIER}
    result = run_project(_project(tmp_path, roles), tmp_path / "out")
    document = json.loads(result.assessment_json.read_text())
    assert document["release"]["confirmed_risks"] == []
    assert "Released although Veil warned" not in result.report_html.read_text()


def test_a_high_reconstruction_light_stops_the_release(tmp_path):
    """Record reconstruction attacks the released table itself: its HIGH light is a concern
    like the three verdicts (the other new families attack a served model, not the table)."""
    rng = np.random.default_rng(1)
    n = 2000
    frame = pd.DataFrame(
        {
            "sex": pd.Series(rng.choice(["F", "M"], n), dtype="str"),
            "age": rng.integers(20, 80, n),
            "zip": pd.Series(rng.choice([f"10{i:02d}" for i in range(20)], n), dtype="str"),
            "visits": rng.integers(0, 10, n),
        }
    )
    path = tmp_path / "visits.csv"
    frame.to_csv(path, index=False)
    qi, other = Role.QUASI_IDENTIFIER, Role.INSENSITIVE
    project = Project(
        input_path=path,
        input_sha256=sha256_file(path),
        roles={"sex": qi, "age": qi, "zip": qi, "visits": other},
        protection=ProtectionSettings(method="none"),
        assessment=AssessmentSettings(attacks=("reconstruction",)),
    )
    with pytest.raises(ReleaseRefused) as refused:
        run_project(project, tmp_path / "out")
    assert [(c.kind, c.subject) for c in refused.value.gate.concerns] == [
        ("light", "Record reconstruction")
    ]
    assert "Record reconstruction risk is HIGH" in refused.value.gate.lines[0]
