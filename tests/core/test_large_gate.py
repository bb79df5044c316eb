"""Large-table mode judges a release on every record, not on the 10,000-row preview: a table
whose rare values and combinations all lie past the preview still stops the release gate, and
the assessment's uniqueness and re-identification figures are whole-table ones, equal to what
the in-memory path measures on the whole frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import core.engine.choose
from app.cli import main
from core.engine import describe, make_engine
from core.engine.uniqueness import whole_table_shares
from core.hierarchy import Hierarchy
from core.io import load_table
from core.jobs import Monitor
from core.metrics import reidentification
from core.release_gate import check_release
from core.settings import AssessmentSettings, ProtectionSettings
from core.uniqueness import contributions
from core.workflow import Workflow
from core.workflow.large import PREVIEW_ROWS, _in_file, draw_sample
from tests.assessment_schema import check

ROWS = 30_000
RARE = 40  # rows with an age no one else has, all past the preview
ROLES = {
    "age": "quasi_identifier", "sex": "quasi_identifier", "visits": "insensitive",
    "ward": "insensitive", "outcome": "target",
}  # fmt: skip
AGE = Hierarchy([[str(a), f"{a // 10 * 10}s", "*"] for a in range(20, 200)], name="age")
SEX = Hierarchy([["F", "*"], ["M", "*"]], name="sex")


def _table() -> pd.DataFrame:
    """The preview: 100 visit counts and ten ages seen many times; past it, every visit count
    is new (two thirds of the records unique on it alone) and the last rows have rare ages."""
    i = np.arange(ROWS)
    rng = np.random.default_rng(5)
    age = 30 + i % 10
    age[-RARE:] = 100 + np.arange(RARE)
    visits = np.where(i < PREVIEW_ROWS, i % 100, 1_000 + i)
    return pd.DataFrame({
        "age": age, "sex": np.where(i % 2, "F", "M"), "visits": visits,
        "ward": np.array(["north", "south", "east"])[i % 3],
        "outcome": np.where(rng.random(ROWS) < 0.3, "yes", "no"),
    })  # fmt: skip


@pytest.fixture(scope="module")
def table_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("gate") / "visits.csv"
    _table().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def large(table_csv):
    """The table in large-table mode, protected at k = 2 and assessed on 3,000 records."""
    patch = pytest.MonkeyPatch()
    patch.setattr(core.engine.choose, "threshold", lambda suffix, memory=None: 1000)
    try:
        w = Workflow()
        w.load(table_csv)
        w.set_roles(ROLES)
        w.set_hierarchy("age", AGE)
        w.set_hierarchy("sex", SEX)
        w.set_protection(ProtectionSettings(method="optimal", k=2, suppression=0.01))
        w.set_assessment_settings(
            AssessmentSettings(
                model="logreg", target="outcome", attacks=("reidentification",), attack_sample=3000
            )
        )
        w.protect()
        w.assess()
    finally:
        patch.undo()
    return w


def test_the_preview_alone_hides_the_unique_column(table_csv):
    preview = load_table(table_csv).frame.head(PREVIEW_ROWS)
    assert check_release(preview, ROLES).clear


def test_the_gate_sees_a_column_unique_past_the_preview(large, table_csv):
    assert large.large.rows == ROWS and len(large.loaded.frame) == PREVIEW_ROWS
    gate = large.release_gate(lights=False)
    whole = check_release(load_table(table_csv).frame, ROLES)
    assert [c.subject for c in gate.concerns] == [c.subject for c in whole.concerns] == ["visits"]
    assert "alone makes 67% of all the records unique" in gate.lines[0]


def test_whole_table_uniqueness_equals_the_in_memory_figures(large, table_csv):
    frame = load_table(table_csv).frame
    expected = {c.column: c for c in contributions(frame, ROLES)}
    shares = large.release.shares
    assert set(shares) == {"visits", "ward", "outcome"}
    for column, found in shares.items():
        want = expected[column]
        assert (found.unique_without, found.unique_with, found.alone) == pytest.approx(
            (want.unique_without, want.unique_with, want.alone), abs=1e-12
        ), column
    doc = large.document
    check(doc)
    listed = {u["column"]: u for u in doc["release"]["uniqueness"]}
    assert listed["visits"]["alone"] == pytest.approx(2 / 3)
    assert "remove it" in listed["visits"]["action"]


def test_records_at_risk_count_the_rare_rows_past_the_preview(large, table_csv):
    frame = load_table(table_csv).frame
    before = large.document["release"]["input_reidentification"]
    whole = reidentification(frame, ["age", "sex"]).to_dict()
    assert before["unique_records"] == whole["unique_records"] == RARE
    assert before["records_at_risk"] == whole["records_at_risk"]
    preview = reidentification(frame.head(PREVIEW_ROWS), ["age", "sex"]).to_dict()
    assert preview["unique_records"] == 0


def test_sampled_records_are_named_by_their_place_in_the_file(table_csv):
    frame = load_table(table_csv).frame
    sample, places = draw_sample(table_csv, 500, 7, Monitor())
    pd.testing.assert_frame_equal(sample, frame.iloc[places].reset_index(drop=True))
    doc = {"after": {"membership": {"at_risk": [{"row": 0, "score": 0.9}, {"row": 499}]}}}
    _in_file(doc, places)
    assert [r["row"] for r in doc["after"]["membership"]["at_risk"]] == [places[0], places[499]]
    assert doc["after"]["membership"]["at_risk"][0]["score"] == 0.9


def test_whole_table_shares_without_quasi_identifiers(table_csv):
    found = whole_table_shares(
        make_engine("duckdb"), describe(str(table_csv)), [], ["visits"], Monitor()
    )
    assert found["visits"].unique_without == 0.0
    assert found["visits"].alone == found["visits"].unique_with == pytest.approx(2 / 3)


def test_cli_duckdb_gate_counts_every_record(table_csv, tmp_path, capsys):
    assert_cli_refuses_visits(table_csv, tmp_path, capsys, "duckdb")


def assert_cli_refuses_visits(table_csv, tmp_path, capsys, engine: str) -> None:
    """`veil-cli protect --engine ENGINE` stops at the gate on 'visits', unique past the
    first rows, and writes nothing."""
    out = tmp_path / "o.csv"
    args = ["protect", str(table_csv), "--qi", "age,sex", "--k", "2", "--engine", engine]
    args += ["--keep", "visits,ward,outcome", "--out", str(out), "--result", str(tmp_path / "r")]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert "'visits' is released as it is and alone makes 67% of all the records" in err
    assert not out.exists()
