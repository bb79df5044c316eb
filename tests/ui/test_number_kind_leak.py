"""A number kind (whole or decimal) taken from the loaded type is a leak in the window too:
the banner's advice, the summary's count and the assess step's advice all count it."""

from __future__ import annotations

import types

import pandas as pd

from ui.panels.protect_summary import dp_items
from ui.verdict_lights import advice_key
from ui.warning_text import RANGES_BOX, leak_advice


def test_the_banner_advises_choosing_the_kind_in_the_ranges_box():
    advice = leak_advice([], ranged=["stay"], kinds=["stay"])
    assert advice == f"Choose “whole numbers” or “decimals” for stay under “{RANGES_BOX}”."
    assert "whole numbers" not in leak_advice(["stay"], ranged=["stay"])


def test_the_summary_counts_a_column_read_from_the_data_once():
    result = types.SimpleNamespace(data=pd.DataFrame({"stay": [1, 2], "sex": ["F", "M"]}))
    d = {"epsilon_spent": 1.0, "mechanisms": [], "bounds_from_data": ["stay", "sex"]}
    assert dict(dp_items(result, d, 2))["Read from the data"] == "2 columns (a leak)"
    d["kinds_from_data"] = ["stay", "score"]
    assert dict(dp_items(result, d, 2))["Read from the data"] == "3 columns (a leak)"
    only = {"epsilon_spent": 1.0, "mechanisms": [], "kinds_from_data": ["stay"]}
    assert dict(dp_items(result, only, 2))["Read from the data"] == "1 column (a leak)"


def test_low_risks_with_a_kind_from_the_data_advise_giving_it(monkeypatch):
    import core.report.verdict

    low = [types.SimpleNamespace(level="low")] * 3
    monkeypatch.setattr(core.report.verdict, "verdicts", lambda _a: low)
    protection = {"bounds_from_data": [], "mechanisms": []}
    assessment = {"release": {"protection": protection}}
    assert advice_key(assessment) == "low"
    protection["kinds_from_data"] = ["stay"]
    assert advice_key(assessment) == "leak"
