"""core.report.fmt: one rule for signs, so the report never says '-0.0 points' or '-0.0%'."""

from __future__ import annotations

import re

import pytest

from core.report import build_report, fmt
from core.report.build import block_texts
from tests.core.report.example import example_assessment


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (-0.0, 1, "0.0"),
        (-0.04, 1, "0.0"),
        (-0.0004, 3, "0.000"),
        (-0.4, 0, "0"),
        (-0.06, 1, "-0.1"),
    ],
)
def test_fixed_turns_negative_zero_after_rounding_into_zero(value, digits, expected):
    assert fmt.fixed(value, digits) == expected


def test_signed_figures_lose_the_sign_only_when_they_round_to_zero():
    assert fmt.fixed(0.04, 1, sign=True) == "0.0"
    assert fmt.fixed(-0.04, 1, sign=True) == "0.0"
    assert fmt.fixed(1.5, 1, sign=True) == "+1.5"
    assert fmt.fixed(-1.5, 1, sign=True) == "-1.5"


def test_points_between_two_shares():
    assert fmt.points(0.80, 0.7996) == "0.0 points"  # was "-0.0 points"
    assert fmt.points(0.80, 0.815) == "+1.5 points"
    assert fmt.points(0.80, 0.7) == "-10.0 points"
    assert fmt.points(0.5, 0.5) == "0.0 points"
    assert fmt.points(None, 0.5) == fmt.DASH


def test_percent_decimal_epsilon_and_text_never_show_minus_zero():
    assert fmt.pct(-0.0001) == "0.0%"
    assert fmt.pct(-0.004, 0) == "0%"
    assert fmt.pct(-0.02) == "-2.0%"
    assert fmt.dec(-0.0001) == "0.000"
    assert fmt.dec(-0.0006) == "-0.001"
    assert fmt.interval([-0.0002, 0.1]) == "0.000–0.100"
    assert fmt.epsilon(-0.0) == "0"
    assert fmt.text(-0.0) == "0"
    assert fmt.seconds(-0.01) == "0.0 s"


def test_report_on_an_unchanged_model_says_zero_points():
    """Accuracy 0.02 points lower and a risk a hair below zero: no '-0.0' anywhere."""
    a = example_assessment()
    a["after"]["utility"]["accuracy"] = a["before"]["utility"]["accuracy"] - 0.0002
    a["after"]["utility"]["balanced_accuracy"] = a["before"]["utility"]["balanced_accuracy"]
    for res in a["after"]["attribute"].values():
        res["risk"], res["risk_ci"] = -0.0001, [-0.0004, 0.0003]
    texts = [t for s in build_report(a).sections for b in s.blocks for t in block_texts(b)]
    shown = "\n".join(texts)
    assert "0.0 points" in shown
    assert re.findall(r"[-−+]0(?:\.0+)?(?![\d.])", shown) == []
