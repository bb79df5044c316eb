"""Privacy–utility sweep: the grid, and points that trace the trade-off on Adult."""

import json

import pytest

from core.assess import assess
from core.assessment import sweep
from core.jobs import Monitor
from core.settings import AssessmentSettings, ProtectionSettings
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
    assert k50["average_risk"] < k2["average_risk"]
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
