"""Large-table mode in the one workflow (threshold patched small on Adult): the file is never
loaded whole; Protect goes through DuckDB; Assess attacks a seeded sample drawn by DuckDB and
measures re-identification on every record; Export writes the engine's whole release."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

import core.engine.choose
from core.errors import JobCancelled
from core.io import load_table
from core.jobs import Monitor
from core.metrics import reidentification
from core.pipeline import protect_release
from core.settings import ProtectionSettings
from core.workflow.large import sample_rows
from tests.assessment_schema import check
from tests.conftest import adult_roles, adult_workflow

K5 = ProtectionSettings(method="optimal", k=5, suppression=0.05)


def _figures(reid: dict) -> dict:
    return {k: v for k, v in reid.items() if k != "elapsed_seconds"}


@pytest.fixture(scope="module")
def large(adult_csv, adult_hierarchy_files, tmp_path_factory):
    """Adult in large-table mode, protected, assessed on 2,000 records and exported."""
    patch = pytest.MonkeyPatch()
    patch.setattr(core.engine.choose, "threshold", lambda suffix, memory=None: 1000)
    try:
        attacks = ("reidentification", "attribute")
        w = adult_workflow(adult_csv, adult_hierarchy_files, K5, attacks, attack_sample=2000)
        w.protect()
        w.assess()
        exported = w.export(tmp_path_factory.mktemp("large") / "out", accept_risk=True)
    finally:
        patch.undo()
    return w, exported


def test_the_file_is_not_loaded_whole(large):
    w, _ = large
    assert w.large.rows == 30_162 and len(w.loaded.frame) == 10_000
    assert w.release.engine == "duckdb" and len(w.release.data) == 10_000


def test_assess_attacks_a_sample_and_reidentifies_every_record(large, adult_csv, adult_frame):
    w, exported = large
    doc = exported.document
    check(doc)
    assert doc["sample"] == {"rows": 2000, "of": 30_162, "seed": w.seed}
    assert doc["split"]["members"] + doc["split"]["non_members"] == 2000
    assert doc["dataset"]["rows"] == 30_162
    qis = doc["before"]["reidentification"]["qis"]
    whole = reidentification(load_table(adult_csv).frame, qis).to_dict()
    for key in ("records", "equivalence_classes", "unique_records", "highest_risk"):
        assert doc["before"]["reidentification"][key] == whole[key]
        assert doc["release"]["input_reidentification"][key] == whole[key]
    assert doc["after"]["reidentification"]["records"] == doc["release"]["rows"] == 28_704


def test_export_writes_the_whole_release_as_pandas_would(large, adult_csv, adult_qi_hierarchies):
    _, exported = large
    written = pd.read_csv(exported.paths[0])
    frame = load_table(adult_csv).frame
    expected = protect_release(frame, adult_roles(), K5, hierarchies=adult_qi_hierarchies).data
    assert written.shape == expected.shape == (28_704, 9)
    for column in ("age", "education", "sex"):
        got = written[column].astype(str).value_counts().sort_index()
        want = expected[column].astype(str).value_counts().sort_index()
        assert got.equals(want), column
    assert [p.name for p in exported.paths][1:3] == ["assessment.json", "report.html"]
    assert "Measured on a sample of 2,000 of 30,162 records." in exported.paths[2].read_text(
        encoding="utf-8"
    )


def test_the_sample_is_seeded_uniform_and_cancellable(adult_csv):
    first = sample_rows(adult_csv, 500, 3, Monitor())
    again = sample_rows(adult_csv, 500, 3, Monitor())
    other = sample_rows(adult_csv, 500, 4, Monitor())
    assert len(first) == 500 and first.equals(again) and not first.equals(other)
    assert pd.api.types.is_integer_dtype(first["age"])
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(JobCancelled):
        sample_rows(adult_csv, 500, 3, Monitor(None, cancel))
