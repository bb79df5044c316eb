"""DP ledger: a row per step and kind of column with its total ε; all mechanisms in an appendix."""

from __future__ import annotations

import math

import pytest

from core.report import build_report
from core.report.document import Table
from tests.core.report.example import dp_assessment
from tests.core.report.wide import CATEGORIES, DATES, NUMBERS, wide_dp_assessment


@pytest.fixture(scope="module")
def wide() -> dict:
    return wide_dp_assessment()


def _ledger(doc, title: str) -> Table:
    return next(b for b in doc.section(title).blocks if isinstance(b, Table) and "ε" in b.header)


def test_fifty_one_mechanisms_become_three_rows_and_a_total(wide):
    mechanisms = wide["protection"]["mechanisms"]
    assert len(mechanisms) == len(NUMBERS) + len(CATEGORIES) + len(DATES)
    rows = _ledger(build_report(wide), "Protection applied").rows
    by_step = {r[0]: r for r in rows}
    assert list(by_step) == [
        "Noise on number columns",
        "Noise on category columns",
        "Noise on date columns",
        "Total",
    ]
    for step, columns in (
        ("Noise on number columns", NUMBERS),
        ("Noise on category columns", CATEGORIES),
        ("Noise on date columns", DATES),
    ):
        spent = math.fsum(m["epsilon"] for m in mechanisms if m["target"] in columns)
        assert by_step[step][1] == f"{len(columns)} columns"
        assert float(by_step[step][3]) == pytest.approx(spent, rel=1e-3)
    assert by_step["Noise on category columns"][2] == "randomized response"
    assert by_step["Noise on date columns"][5] == "read from the data"
    # one number range (days_b_screening_arrest) and one category list were not given
    assert by_step["Noise on number columns"][5] == "mixed: 15 given, 1 read from the data"
    assert by_step["Total"][3] == "2"


def test_the_appendix_lists_every_mechanism_in_the_order_it_ran(wide):
    doc = build_report(wide)
    heads = [h for h, _ in doc.numbered()]
    assert any(h.endswith("Privacy budget ledger") and h.startswith("Appendix") for h in heads)
    rows = _ledger(doc, "Privacy budget ledger").rows
    assert [r[0] for r in rows[:-1]] == [m["target"] for m in wide["protection"]["mechanisms"]]
    assert rows[-1][0] == "Total" and rows[-1][2] == "2"
    assert "the appendix lists every column" in _ledger(doc, "Protection applied").caption


def test_a_ledger_with_nothing_to_group_has_no_appendix():
    doc = build_report(dp_assessment())
    assert doc.section("Privacy budget ledger") is None
    assert "appendix" not in _ledger(doc, "Protection applied").caption


def test_synthetic_steps_are_named_and_pairs_counted_as_groups():
    a = dp_assessment()
    pair = {"step": "2-way marginal", "mechanism": "histogram (GeometricTruncated)", "delta": 0.0}
    a["protection"]["mechanisms"] = [
        {**pair, "target": "age × sex", "epsilon": 0.25, "source": "user"},
        {**pair, "target": "sex × diagnosis", "epsilon": 0.25, "source": "data"},
        {"target": "age", "step": "network selection", "mechanism": "Exponential",
         "epsilon": 0.5, "source": "none"},
    ]  # fmt: skip
    rows = _ledger(build_report(a), "Protection applied").rows
    assert rows[0][:4] == ("Noisy counts of 2 columns together", "2 groups of columns",
                           "noise on counts", "0.5")  # fmt: skip
    assert rows[0][5] == "mixed: 1 given, 1 read from the data"
    assert rows[1][:2] == ("Choosing which columns depend on each other", "age")
    assert rows[2][0] == "Total" and rows[2][3] == "1"


def test_older_documents_with_a_mapping_of_columns_still_read():
    a = dp_assessment()
    a["protection"]["mechanisms"] = {"age": 0.4, "sex": 0.6}
    rows = _ledger(build_report(a), "Protection applied").rows
    assert [r[1] for r in rows] == ["2 columns", ""] and rows[-1][3] == "1"
