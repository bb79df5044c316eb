"""Privacy–utility sweep: the grid, and points that trace the trade-off on Adult."""

import json

import pytest

from core.assess import assess
from core.assessment import sweep
from core.errors import ConfigError
from core.jobs import Monitor
from core.settings import AssessmentSettings, ProtectionSettings
from tests.assessment_schema import check
from tests.conftest import ADULT_QIS, adult_roles

QIS, ROLES = ADULT_QIS, adult_roles()


def test_the_grid_covers_every_k_and_epsilon_of_the_issue():
    points = sweep.grid(ProtectionSettings(method="mondrian", k=5, suppression=0.02))
    ks = [(p.method, p.k) for p in points if not p.is_dp]
    eps = [(p.method, p.epsilon) for p in points if p.is_dp]
    assert ks == [("mondrian", k) for k in (2, 5, 10, 20, 50)]
    assert eps == [("dp-synthetic", e) for e in (0.1, 0.5, 1, 2, 5, 10)]
    assert all(p.suppression == 0.02 for p in points)
    dp = sweep.grid(ProtectionSettings(method="dp-noise", epsilon=3))
    assert {p.method for p in dp} == {"optimal", "dp-noise"}


def test_sweep_points_trace_the_trade_off(adult_frame, adult_qi_hierarchies, monkeypatch):
    monkeypatch.setattr(sweep, "K_GRID", (2, 50))
    monkeypatch.setattr(sweep, "EPSILON_GRID", (0.1, 10.0))
    seen = []
    result = assess(
        adult_frame.sample(3000, random_state=4), ROLES,
        ProtectionSettings(method="optimal", k=5, bounds={"age": (17, 90)}),
        AssessmentSettings(model="rf", attacks=("reidentification",), sweep=True),
        hierarchies=adult_qi_hierarchies, seed=0,
        monitor=Monitor(lambda f, m: seen.append(m)),
    )  # fmt: skip
    points = json.loads(json.dumps(result.to_dict()["sweep"]))
    assert [(p["method"], p["k"], p["epsilon"]) for p in points] == [
        ("optimal", 2, None), ("optimal", 50, None),
        ("dp-synthetic", None, 0.1), ("dp-synthetic", None, 10.0),
    ]  # fmt: skip
    for p in points:
        assert "error" not in p, p
        assert 0 <= p["advantage"] <= 1 and 0 <= p["accuracy"] <= 1
        assert p["advantage"] == max(p["advantage_threshold"], p["advantage_distance"])
    k2, k50, e01, e10 = points
    assert all(p["measured_by"] == "membership" for p in points)  # the default figure only
    assert all(p["average_risk"] is None and p["linkage_risk"] is None for p in points)
    assert k50["advantage_distance"] < k2["advantage_distance"]
    assert e01["dp_ceiling"] == pytest.approx(0.04996, abs=1e-4)
    assert e01["advantage_distance"] < 0.1
    assert e10["accuracy"] > e01["accuracy"]
    assert any(m.startswith("Sweep, optimal k=50: ") for m in seen)


def test_a_point_that_cannot_run_is_reported_not_raised(adult_frame, monkeypatch):
    monkeypatch.setattr(sweep, "K_GRID", (5,))
    monkeypatch.setattr(sweep, "EPSILON_GRID", ())
    roles = ROLES | {"age": "insensitive"} | {q: "insensitive" for q in QIS}
    result = assess(
        adult_frame.sample(600, random_state=1), roles, ProtectionSettings(method="none"),
        AssessmentSettings(model="logreg", attacks=("reidentification",), sweep=True),
    )  # fmt: skip
    (point,) = result.sweep
    assert point["method"] == "optimal" and "quasi-identifier" in point["error"]


def test_a_sweep_measured_by_one_family_runs_only_that_family(
    adult_frame, adult_qi_hierarchies, monkeypatch
):
    """Measured by re-identification, the sweep runs neither model extraction nor property
    inference (nor any other family) at its points; the rehearsal itself still runs them."""
    import core.assessment.extraction as extraction
    import core.assessment.property as prop
    import core.assessment.side as side

    monkeypatch.setattr(sweep, "K_GRID", (5, 20))
    monkeypatch.setattr(sweep, "EPSILON_GRID", (1.0,))
    calls = []
    for module, name in ((side, "run_reidentification"), (extraction, "run_extraction"),
                         (prop, "run_property")):  # fmt: skip
        real = getattr(module, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    settings = AssessmentSettings(
        target="salary-class", model="logreg", sweep=True, sweep_figure="reidentification",
        attacks=("reidentification", "extraction", "property"),
    )  # fmt: skip
    result = assess(
        adult_frame.sample(1200, random_state=2), ROLES, ProtectionSettings(method="none"),
        settings, hierarchies=adult_qi_hierarchies, seed=1, dataset={"name": "adult-1200"},
    )  # fmt: skip
    # the rehearsal (one side: nothing is protected), then one family at each sweep point
    assert (
        calls
        == ["run_reidentification", "run_extraction", "run_property"] + ["run_reidentification"] * 3
    )
    points = result.to_dict()["sweep"]
    assert [p["measured_by"] for p in points] == ["reidentification"] * 3
    for p in points:
        assert set(p["figures"]) == {"reidentification"} and p["advantage"] is None
        assert 0 <= p["figures"]["reidentification"] <= 1 and 0 <= p["accuracy"] <= 1
    assert points[1]["average_risk"] < points[0]["average_risk"]  # k = 20 below k = 5
    document = json.loads(json.dumps(result.to_dict()))
    assert document["settings"]["assessment"]["sweep_figure"] == "reidentification"
    check(document)  # measured_by, figures and sweep_figure are in the schema


def test_the_sweep_figure_is_a_setting_kept_in_the_project():
    settings = AssessmentSettings(sweep=True, sweep_figure="extraction")
    assert AssessmentSettings.from_dict(settings.to_dict()) == settings
    assert "sweep_figure" not in AssessmentSettings(sweep=True).to_dict()  # the default, as before
    with pytest.raises(ConfigError, match="sweep_figure 'utility'"):
        AssessmentSettings(sweep_figure="utility")
