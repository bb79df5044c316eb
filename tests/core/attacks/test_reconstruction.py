"""Record reconstruction on real Adult records and on purpose-built tables: k-anonymity with
k = 20 lowers the risk, numbers and dates count within 5 % of their range, records at risk are
named by row number only, same seed same figures, and a missing part is skipped with a reason."""

import json

import numpy as np
import pandas as pd
import pytest

from core.assess import assess
from core.report import build_report, render_html
from core.report.document import Level
from core.report.verdict import reconstruction
from core.settings import AssessmentSettings, ProtectionSettings
from tests.conftest import adult_roles

ONLY = AssessmentSettings(model="logreg", attacks=("reconstruction",))


@pytest.fixture(scope="module")
def adult_8k(adult_full_csv):
    return pd.read_csv(adult_full_csv).sample(8000, random_state=0)


@pytest.fixture(scope="module")
def k20(adult_8k, adult_qi_hierarchies):
    return assess(
        adult_8k, adult_roles(target="income"), ProtectionSettings(method="optimal", k=20),
        ONLY, hierarchies=adult_qi_hierarchies, seed=0,
    )  # fmt: skip


def _worst(result):
    return max(c.risk for c in result.columns.values())


def test_k_anonymity_with_k_20_lowers_the_reconstruction_risk(k20):
    before, after = k20.before.reconstruction, k20.after.reconstruction
    assert before.share_members > before.share_control + 0.1  # the raw members leak
    assert after.share_members < before.share_members - 0.1
    assert _worst(after) < _worst(before)
    for col in ("occupation", "fnlwgt", "hours-per-week"):
        assert after.columns[col].risk < before.columns[col].risk
        assert before.columns[col].risk_ci[0] > 0.2
    doc = json.loads(json.dumps(k20.to_dict(), allow_nan=False))
    assert reconstruction(doc).level is not Level.HIGH
    before_doc = {**doc, "after": doc["before"], "settings": {"protection": {"method": "none"}}}
    assert reconstruction(before_doc).level is Level.HIGH


def test_every_column_beyond_the_quasi_identifiers_is_tried(k20):
    r = k20.after.reconstruction
    assert r.qis == ("age", "sex", "race", "marital-status", "education", "native-country",
                     "workclass")  # fmt: skip
    assert set(r.columns) == {
        "fnlwgt", "education-num", "occupation", "relationship", "capital-gain",
        "capital-loss", "hours-per-week", "income",
    }  # fmt: skip
    assert r.columns["occupation"].kind == "category" and r.columns["occupation"].tolerance is None
    age_range = k20.before.reconstruction.columns["fnlwgt"].tolerance
    assert r.columns["fnlwgt"].kind == "number" and age_range > 0
    for c in r.columns.values():
        assert 0 <= c.risk_ci[0] <= c.risk <= c.risk_ci[1] <= 1
        assert c.n_members == c.n_control == r.n_members


def test_records_most_at_risk_are_members_by_row_number_only(k20):
    for side in (k20.before, k20.after):
        rows = [x["row"] for x in side.reconstruction.at_risk]
        shares = [x["share"] for x in side.reconstruction.at_risk]
        assert set(rows) <= set(k20.split.eval_members) and shares == sorted(shares, reverse=True)
    html = render_html(build_report(k20.to_dict() | {"dataset": {"name": "adult"}}))
    listed = html.split("Records most at risk")[1].split("</p>")[0].split(": ", 1)[1]
    assert listed.rstrip(".").split(", ") == [str(r + 1) for r in rows]  # after protection
    part = html.split("Record reconstruction</h2>")[1].split("</section>")[0]
    assert "Exec-managerial" not in part and "Married-civ-spouse" not in part  # no values


def test_numbers_and_dates_count_within_five_percent_of_their_range():
    """A purpose-built table: 'x' decides 'when' (a date) and 'amount' up to a small jitter."""
    rng = np.random.default_rng(1)
    n = 600
    x = rng.integers(0, 30, n)
    frame = pd.DataFrame({
        "x": x.astype(str), "y": rng.choice(["p", "q"], n),
        "when": pd.Timestamp("2000-01-01") + pd.to_timedelta(x * 100 + rng.integers(0, 5, n), "D"),
        "amount": x * 10.0 + rng.uniform(0, 3, n),
        "label": np.where(x % 2 == 0, "even", "odd"),
        "noise": rng.choice(["a", "b", "c", "d"], n),
    })  # fmt: skip
    roles = {"x": "quasi_identifier", "y": "quasi_identifier"}
    result = assess(frame, roles, ProtectionSettings(method="none"), ONLY, seed=0)
    cols = result.before.reconstruction.columns
    assert cols["when"].kind == "number" and cols["amount"].kind == "number"
    years = (frame["when"].max() - frame["when"].min()).days / 365.25
    assert cols["when"].tolerance == pytest.approx(0.05 * years, rel=0.02)
    for c in ("when", "amount", "label"):  # follow from what anyone knows: no risk
        assert cols[c].recovered_members > 0.95 and cols[c].recovered_control > 0.95
        assert cols[c].risk_ci[0] == 0
    assert cols["noise"].recovered_control < 0.4


def test_same_seed_same_figures(adult_8k):
    frame = adult_8k.iloc[:1500]
    runs = [
        assess(frame, adult_roles(target="income"), ProtectionSettings(method="mondrian", k=5),
               ONLY, seed=3).after.reconstruction.to_dict()
        for _ in range(2)
    ]  # fmt: skip
    for r in runs:
        r.pop("elapsed_seconds")
    assert runs[0] == runs[1]


def test_no_quasi_identifier_is_skipped_with_a_reason(adult_8k):
    roles = {"income": "target", "occupation": "sensitive"}
    result = assess(adult_8k.iloc[:500], roles, ProtectionSettings(method="none"), ONLY)
    assert result.before.reconstruction is None
    assert "No quasi-identifiers in the release: record reconstruction skipped." in (
        result.before.warnings
    )
    assert reconstruction(result.to_dict()).level is Level.NOT_ASSESSED


@pytest.mark.parametrize("method", ["optimal", "mondrian", "dp-noise", "dp-synthetic"])
def test_before_and_after_every_protection(adult_8k, adult_qi_hierarchies, method):
    protection = ProtectionSettings(
        method=method, k=5, epsilon=1.0,
        bounds={"age": (17, 90), "fnlwgt": (0, 1.5e6), "education-num": (1, 16),
                "capital-gain": (0, 1e5), "capital-loss": (0, 5000), "hours-per-week": (1, 99)},
    )  # fmt: skip
    settings = AssessmentSettings(model="logreg", attacks=("membership", "reconstruction"))
    result = assess(
        adult_8k.iloc[:600], adult_roles(target="income"), protection, settings,
        hierarchies=adult_qi_hierarchies, seed=0,
    )  # fmt: skip
    for side in (result.before, result.after):
        assert {"domias", "tapas"} <= set(side.membership)
        assert side.reconstruction is not None and side.reconstruction.columns
    doc = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    titles = [s.title for s in build_report(doc | {"dataset": {"name": "a"}}).sections]
    assert "Record reconstruction" in titles
