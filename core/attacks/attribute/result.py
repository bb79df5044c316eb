"""An attribute attack's outcome, Anonymeter style: success on the released people (members)
against success on people who were never released (control), and the majority-class guess."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core.metrics.intervals import wilson_interval
from core.results import ResultMixin


@dataclass(frozen=True)
class AttributeResult(ResultMixin):
    """risk = (success on members − success on control) / (1 − success on control)."""

    attack: str
    sensitive: str
    success_members: float
    success_members_ci: tuple[float, float]
    success_control: float
    success_control_ci: tuple[float, float]
    baseline: float  # majority-class guess, on the members
    baseline_control: float
    risk: float
    risk_ci: tuple[float, float]
    n_members: int
    n_control: int
    elapsed_seconds: float = 0.0
    notes: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def attack_risk(
    successes_m: int, n_m: int, successes_c: int, n_c: int, confidence: float = 0.95
) -> tuple[float, tuple[float, float]]:
    """Risk and its interval, as Anonymeter computes them: the Wilson half-widths of both
    rates propagated to first order through (s_m − s_c)/(1 − s_c), then kept in [0, 1].

    When the control is always guessed (s_c = 1) nothing is left to leak: risk 0.
    """
    s_m, s_c = successes_m / max(n_m, 1), successes_c / max(n_c, 1)
    if s_c >= 1:
        return 0.0, (0.0, 0.0)
    e_m = _half_width(successes_m, n_m, confidence)
    e_c = _half_width(successes_c, n_c, confidence)
    raw = (s_m - s_c) / (1 - s_c)
    error = math.hypot(e_m / (1 - s_c), e_c * (s_m - 1) / (1 - s_c) ** 2)
    risk = min(max(raw, 0.0), 1.0)
    return risk, (min(max(raw - error, 0.0), risk), max(min(raw + error, 1.0), risk))


def _half_width(successes: int, n: int, confidence: float) -> float:
    lo, hi = wilson_interval(successes, n, confidence)
    return (hi - lo) / 2


def attribute_result(
    attack: str,
    sensitive: str,
    *,
    guesses: tuple[np.ndarray, np.ndarray],
    truth: tuple[np.ndarray, np.ndarray],
    majority: int,
    elapsed: float = 0.0,
    notes: str = "",
) -> AttributeResult:
    """Score guessed label codes against the true ones (-1 truth: a value the release never
    shows, which no guess can hit) for members and control."""
    (g_m, g_c), (t_m, t_c) = guesses, truth
    hits_m = int(np.count_nonzero((g_m == t_m) & (t_m >= 0)))
    hits_c = int(np.count_nonzero((g_c == t_c) & (t_c >= 0)))
    n_m, n_c = len(t_m), len(t_c)
    risk, risk_ci = attack_risk(hits_m, n_m, hits_c, n_c)
    s_m, s_c = hits_m / max(n_m, 1), hits_c / max(n_c, 1)
    base_m = float(np.mean(t_m == majority)) if n_m else 0.0
    return AttributeResult(
        attack=attack,
        sensitive=sensitive,
        success_members=s_m,
        success_members_ci=wilson_interval(hits_m, n_m),
        success_control=s_c,
        success_control_ci=wilson_interval(hits_c, n_c),
        baseline=base_m,
        baseline_control=float(np.mean(t_c == majority)) if n_c else 0.0,
        risk=risk,
        risk_ci=risk_ci,
        n_members=n_m,
        n_control=n_c,
        elapsed_seconds=elapsed,
        notes=notes,
        warnings=tuple(_warnings(attack, sensitive, s_m, base_m, hits_m, n_m, s_c)),
    )


def _warnings(
    attack: str, sensitive: str, success: float, baseline: float, hits: int, n: int, control: float
) -> list[str]:
    if control >= 1:
        return [
            f"The {attack} attack guesses '{sensitive}' right for every control record: it "
            "follows from what anyone knows, and no risk specific to the release can be measured."
        ]
    if success <= baseline:
        return [
            f"The {attack} attack guesses '{sensitive}' no better than always guessing its "
            f"most common value ({success:.1%} vs {baseline:.1%})."
        ]
    if wilson_interval(hits, n)[0] <= baseline:
        return [
            f"The {attack} attack is not significantly better than guessing the most common "
            f"value of '{sensitive}' ({success:.1%} vs {baseline:.1%})."
        ]
    return []
