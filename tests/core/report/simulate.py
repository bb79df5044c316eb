"""Simulated attacks with a known truth, summarized by Veil's real figure functions and judged by
the real lights: pure noise, a planted membership leak, attribute attacks at, below and above
the most-common-value guess. Used by tests/core/report/test_calibration.py and
benchmarks/lights.py.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

from core.attacks.attribute.result import attribute_result
from core.attacks.reconstruction.result import Hits, column_recovery
from core.metrics.roc import summarize
from core.report import Light
from core.report.verdict import attribute, membership, reconstruction

MEMBERSHIP_ATTACKS = ("threshold", "shadow", "lira", "distance")
ALL_MEMBERSHIP_ATTACKS = (*MEMBERSHIP_ATTACKS, "domias", "tapas")


def shift_for(advantage: float) -> float:
    """Mean shift of binormal scores whose true advantage max(TPR − FPR) is ``advantage``."""
    return 2 * norm.ppf((1 + advantage) / 2)


def membership_light(
    n: int,
    rng: np.random.Generator,
    *,
    leak: float = 0.0,
    n_bootstrap: int = 200,
    attacks: tuple[str, ...] = MEMBERSHIP_ATTACKS,
) -> Light:
    """Four attacks on ``n`` members and ``n`` non-members; the first carries a leak of true
    advantage ``leak`` (0: all four are noise). The fourth gives tied scores, as a distance
    attack does."""
    results = {}
    for i, key in enumerate(attacks):
        shift = shift_for(leak) if i == 0 and leak else 0.0
        members, others = rng.normal(shift, 1, n), rng.normal(0, 1, n)
        if key == "distance":
            members, others = members.round(1), others.round(1)
        s = summarize(members, others, rng=rng, n_bootstrap=n_bootstrap)
        results[key] = {k: v for k, v in s.figures().items() if k != "roc"}
    return membership(_document("membership", results))


def attribute_light(
    n: int, rng: np.random.Generator, *, gain: float, majority_share: float = 0.4
) -> Light:
    """One attack on ``n`` members and ``n`` controls of a 4-valued sensitive column whose most
    common value has ``majority_share``. ``gain`` > 0: the attack also learns the true value of
    that share of members (a leak); 0: it always guesses the most common value (at the
    baseline); < 0: it guesses at random (below the baseline)."""
    shares = [majority_share, *[(1 - majority_share) / 3] * 3]
    t_m, t_c = rng.choice(4, size=n, p=shares), rng.choice(4, size=n, p=shares)
    if gain < 0:
        g_m, g_c = rng.integers(0, 4, n), rng.integers(0, 4, n)
    else:
        g_m, g_c = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
        learnt = rng.random(n) < gain
        g_m[learnt] = t_m[learnt]
    res = attribute_result(
        "linkage", "diagnosis", guesses=(g_m, g_c), truth=(t_m, t_c), majority=0
    ).to_dict()
    return attribute(_document("attribute", {"linkage": res}))


def reconstruction_light(
    n: int, rng: np.random.Generator, *, columns: int = 8, gain: float = 0.0
) -> Light:
    """Reconstruction of ``columns`` columns on ``n`` members and ``n`` controls, each column
    recovered with its own chance (10–95 %) for everyone; ``gain`` > 0: the first column is
    also recovered for that share of the members (a leak)."""
    hits = {}
    for j in range(columns):
        p = rng.uniform(0.1, 0.95)
        members, control = rng.random(n) < p, rng.random(n) < p
        if j == 0 and gain:
            members |= rng.random(n) < gain
        base = (rng.random(n) < p / 2, rng.random(n) < p / 2)
        hits[f"c{j}"] = column_recovery(f"c{j}", Hits("category", None, (members, control), base))
    result = {
        "qis": ["q"],
        "columns": {c: r.to_dict() for c, r in hits.items()},
        "share_members": float(np.mean([r.recovered_members for r in hits.values()])),
        "share_control": float(np.mean([r.recovered_control for r in hits.values()])),
    }
    doc = _document("membership", {})
    doc["after"] = {"reconstruction": result}
    return reconstruction(doc)


def _document(family: str, results: dict) -> dict:
    """The smallest assessment.json the lights read: one side, one family, no protection."""
    return {
        "settings": {"protection": {"method": "none"}},
        "release": {"rows": 10_000},
        "after": {family: results},
    }
