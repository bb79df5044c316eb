"""Model extraction's query budgets as settings: checked when made, stored in project files
only when given, refused before any work when larger than the attacker's pool."""

import json

import pandas as pd
import pytest

from core.assess import assess
from core.errors import ConfigError, ValidationError
from core.jobs import Monitor
from core.project import Project, load_project, save_project
from core.settings import AssessmentSettings, ProtectionSettings


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ((10, 10), "do not increase"),
        ((30, 10), "do not increase"),
        ((0, 10), "budget 0 is not a whole number"),
        ((10, 2.5), "2.5 is not a whole number"),
        ((True,), "is not a whole number"),
        ((10, 2_000_000), "from 1 to 1,000,000"),
        ((), "must be a list"),
        ("10,30", "must be a list"),
    ],
)
def test_bad_budgets_are_refused_when_the_settings_are_made(bad, message):
    with pytest.raises(ConfigError, match=message):
        AssessmentSettings(extraction_budgets=bad)


def test_project_files_carry_budgets_only_when_given(tmp_path):
    assert "extraction_budgets" not in AssessmentSettings().to_dict()
    given = AssessmentSettings(extraction_budgets=[10, 30, 100])
    assert given.extraction_budgets == (10, 30, 100)
    path = save_project(Project(assessment=given), tmp_path / "p.veil.json")
    stored = json.loads(path.read_text(encoding="utf-8"))["assessment"]
    assert stored["extraction_budgets"] == [10, 30, 100]
    assert load_project(path).assessment.extraction_budgets == (10, 30, 100)
    plain = save_project(Project(), tmp_path / "q.veil.json")
    assert "extraction_budgets" not in json.loads(plain.read_text(encoding="utf-8"))["assessment"]


def test_budgets_larger_than_the_pool_stop_assess_before_any_work(adult_full_csv):
    frame = pd.read_csv(adult_full_csv).sample(1200, random_state=2)
    seen = []
    settings = AssessmentSettings(model="logreg", extraction_budgets=(10, 100, 5000))
    with pytest.raises(ValidationError, match=r"5,000 cannot be used.*pool holds 300 records"):
        assess(
            frame, {"age": "quasi_identifier", "sex": "quasi_identifier", "income": "target"},
            ProtectionSettings(method="optimal", k=5), settings,
            monitor=Monitor(lambda f, m: seen.append(m)),
        )  # fmt: skip
    assert seen == []  # not even the split was reported: nothing protected, fitted or attacked
    other = AssessmentSettings(
        model="logreg", attacks=("reconstruction",), extraction_budgets=(5000,)
    )
    done = assess(
        frame, {"age": "quasi_identifier", "sex": "quasi_identifier", "income": "target"},
        ProtectionSettings(method="none"), other,
    )  # fmt: skip
    assert done.before.extraction is None  # budgets only matter when extraction runs
