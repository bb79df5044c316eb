"""run_project with repeated rehearsals on the demo, cancel inside them, and the checks made
before any work (a table too small to rehearse, the loader's warnings first)."""

from __future__ import annotations

import dataclasses
import html
import json
import threading

import pytest

from core.demo import demo_project
from core.errors import JobCancelled, ValidationError
from core.jobs import Monitor
from core.pipeline import run_project
from core.project import Project, load_project
from core.settings import AssessmentSettings

QUICK = AssessmentSettings(
    target="readmitted_30d", sensitive="diagnosis", model="logreg",
    attacks=("reidentification", "attribute"),
)  # fmt: skip


def test_a_project_with_repeats_reports_the_spread_of_its_rehearsals(tmp_path):
    project = dataclasses.replace(demo_project(), assessment=dataclasses.replace(QUICK, repeats=2))
    result = run_project(project, tmp_path / "out")
    doc = json.loads(result.assessment_json.read_text(encoding="utf-8"))
    assert doc["repeats"]["n"] == 2 and doc["repeats"]["seeds"] == [0, 1]
    linkage = doc["after"]["attribute"]["linkage"]
    spread = linkage["repeats"]["risk"]
    assert spread["min"] <= linkage["risk"] <= spread["max"]
    assert "repeats" not in doc["release"]["reidentification"]  # the release is measured once
    page = html.unescape(result.report_html.read_text(encoding="utf-8"))
    assert "Risk in 2 rehearsals: mean (range)" in page
    assert f"{spread['mean']:.3f} ({spread['min']:.3f}–{spread['max']:.3f})" in page
    assert "The rehearsal was repeated 2 times" in page
    assert load_project(result.project_copy).assessment.repeats == 2  # reruns the same way


def test_cancel_in_the_second_rehearsal_writes_nothing(tmp_path):
    cancel, seen = threading.Event(), []

    def stop_in_second(fraction, message):
        seen.append(message)
        if message.startswith("Rehearsal 2 of 3"):
            cancel.set()

    project = dataclasses.replace(
        demo_project(), assessment=AssessmentSettings(attacks=("reidentification",), repeats=3)
    )
    out = tmp_path / "out"
    with pytest.raises(JobCancelled):
        run_project(project, out, monitor=Monitor(stop_in_second, cancel))
    assert any(m.startswith("Rehearsal 1 of 3: Assessment done") for m in seen)
    assert not out.exists() or not any(out.iterdir())


def test_a_table_too_small_to_rehearse_is_refused_before_protecting(adult_frame, tmp_path):
    path = tmp_path / "few.csv"
    adult_frame.head(12).to_csv(path, sep=";", index=False)
    seen = []
    project = Project(input_path=path, roles={"age": "quasi_identifier", "sex": "quasi_identifier"})
    with pytest.raises(ValidationError, match=r"The table few\.csv has 12 rows; .* at least 20"):
        run_project(project, tmp_path / "out", monitor=Monitor(lambda f, m: seen.append(f)))
    assert max(seen, default=0.0) <= 0.08  # nothing but loading ran
    assert not (tmp_path / "out").exists()
