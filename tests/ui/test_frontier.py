"""The Trade-off tab through the real window: it says why it is empty and how to fill it."""

from __future__ import annotations

import pandas as pd
import pytest

from core.assessment import sweep
from core.schema import Role
from core.settings import ProtectionSettings
from tests.conftest import adult_file
from ui.panels.frontier import NO_ATTACK, NO_SWEEP, NO_TARGET, NOTHING_MEASURED, empty_reason
from ui.qt import Qt, QtCore

LONG = 300_000  # ms


@pytest.fixture
def small_adult_window(window, qtbot, tmp_path, monkeypatch):
    """600 Adult records, three quasi-identifiers, a sweep of one k and one ε."""
    monkeypatch.setattr(sweep, "K_GRID", (2,))
    monkeypatch.setattr(sweep, "EPSILON_GRID", (1.0,))
    frame = pd.read_csv(adult_file("adult.csv"), sep=";").sample(600, random_state=3)
    path = tmp_path / "adult-600.csv"
    frame.to_csv(path, index=False)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    s = window.session
    roles = {"age": Role.QUASI_IDENTIFIER, "sex": Role.QUASI_IDENTIFIER,
             "race": Role.QUASI_IDENTIFIER, "occupation": Role.SENSITIVE}  # fmt: skip
    for column in s.roles:
        s.set_role(column, roles.get(column, Role.INSENSITIVE))
    s.set_protection(ProtectionSettings(method="mondrian", k=5))
    window.go_to("assess")
    return window


def run_assessment(qtbot, panel):
    with qtbot.waitSignal(panel.runner.finished, timeout=LONG):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)


def test_trade_off_without_a_target_says_why_and_fills_once_one_is_chosen(
    small_adult_window, qtbot
):
    panel = small_adult_window.panels["assess"]
    form, frontier = panel.form, panel.frontier
    form.target_box.setCurrentIndex(form.target_box.findData(None))
    qtbot.mouseClick(form.sweep_check, Qt.MouseButton.LeftButton, pos=QtCore.QPoint(8, 8))
    assert form.settings().sweep and form.settings().target is None
    run_assessment(qtbot, panel)

    points = small_adult_window.session.assessment_data["sweep"]
    assert len(points) == 2 and all(p["accuracy"] is None for p in points)
    panel.tabs.setCurrentWidget(frontier)
    assert panel.tabs.isTabVisible(panel.tabs.indexOf(frontier))
    assert frontier.is_empty() and frontier.empty.isVisible() and not frontier.chart.isVisible()
    assert frontier.empty.text() == NO_TARGET and "Column to predict" in NO_TARGET

    form.target_box.setCurrentIndex(form.target_box.findData("salary-class"))
    run_assessment(qtbot, panel)
    panel.tabs.setCurrentWidget(frontier)
    assert not frontier.is_empty() and len(frontier.points) == 2
    assert frontier.chart.isVisible() and not frontier.empty.isVisible()
    assert frontier.chart.figure.axes[0].collections, "the points are drawn"


@pytest.mark.parametrize(
    ("points", "reason"),
    [
        ([], NO_SWEEP),
        ([{"method": "optimal", "k": 2, "advantage": 0.3, "accuracy": None}], NO_TARGET),
        ([{"method": "optimal", "k": 2, "advantage": None, "accuracy": 0.8}], NO_ATTACK),
        ([{"method": "optimal", "k": 2, "error": "no quasi-identifier"}], NOTHING_MEASURED),
        (
            [
                {"method": "optimal", "k": 2, "error": "no quasi-identifier"},
                {"method": "dp-synthetic", "epsilon": 1.0, "advantage": 0.1, "accuracy": None},
            ],
            NO_TARGET,
        ),
    ],
)
def test_empty_reason_names_what_is_missing(points, reason):
    assert empty_reason(points) == reason


def test_the_frontier_can_place_the_settings_by_any_familys_figure(qtbot):
    from ui.panels.frontier import FrontierView

    view = FrontierView()
    qtbot.addWidget(view)
    points = [
        {"method": "optimal", "k": k, "advantage": a, "accuracy": acc,
         "figures": {"membership": a, "extraction": g, "property": p}}
        for k, a, acc, g, p in ((2, 0.2, 0.8, 0.9, 0.7), (10, 0.1, 0.75, 0.6, 0.55))
    ]  # fmt: skip
    view.set_points(points, ProtectionSettings(method="optimal", k=2))
    keys = [view.figure_box.itemData(i) for i in range(view.figure_box.count())]
    assert keys == [
        "advantage", "reidentification", "attribute", "extraction", "property", "reconstruction"
    ]  # fmt: skip
    view.figure_box.setCurrentIndex(keys.index("extraction"))
    assert view.figure == "extraction" and len(view.points) == 2
    ax = view.chart.figure.axes[0]
    assert ax.get_xlabel().startswith("Model copy gain over chance")
    xs = sorted(x for line in ax.lines for x in line.get_xdata())
    assert xs == [0.6, 0.9]

    assert not view.is_waiting()
    view.figure_box.setCurrentIndex(keys.index("reconstruction"))  # not measured at the points
    assert view.is_waiting() and view.is_empty()
    assert "measured by attacker's advantage and model copy gain" in view.measure_text.text()
    with qtbot.waitSignal(view.measure_requested) as asked:
        view.measure_button.click()
    assert asked.args == ["reconstruction"]


def test_switching_the_figure_measures_the_settings_by_that_family(small_adult_window, qtbot):
    """The sweep measures one family (membership by default); choosing re-identification in
    "Privacy measured by" runs the assessment again, its sweep measured by re-identification."""
    panel = small_adult_window.panels["assess"]
    form, frontier = panel.form, panel.frontier
    for name, check in form.attack_checks.items():
        check.setChecked(name == "reidentification")
    form.target_box.setCurrentIndex(form.target_box.findData("salary-class"))
    form.sweep_check.setChecked(True)
    run_assessment(qtbot, panel)
    points = small_adult_window.session.assessment_data["sweep"]
    assert [p["measured_by"] for p in points] == ["membership"] * 2
    assert all(set(p["figures"]) == {"membership"} for p in points)
    assert frontier.figure == "advantage" and len(frontier.points) == 2
    assert "measured by attacker's advantage" in frontier.measured_note.text()

    frontier.figure_box.setCurrentIndex(frontier.figure_box.findData("reidentification"))
    assert (
        frontier.is_waiting()
        and (frontier.measure_button.text()) == "Measure by average re-identification risk"
    )
    with qtbot.waitSignal(panel.runner.finished, timeout=LONG):
        qtbot.mouseClick(frontier.measure_button, Qt.MouseButton.LeftButton)
    data = small_adult_window.session.assessment_data
    assert data["settings"]["assessment"]["sweep_figure"] == "reidentification"
    assert [p["measured_by"] for p in data["sweep"]] == ["reidentification"] * 2
    assert frontier.figure == "reidentification" and not frontier.is_waiting()
    assert len(frontier.points) == 2 and frontier.chart.figure.axes[0].collections
    assert frontier.chart.figure.axes[0].get_xlabel().startswith("Average re-identification")
