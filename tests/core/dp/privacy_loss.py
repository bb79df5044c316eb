"""Empirical privacy loss: how far apart a mechanism's outputs on two neighbouring inputs are.

For every event E (an output value or bin) seen often enough on both sides, the log ratio
log P_a(E) / P_b(E) is estimated with its standard error (delta method). ε-DP requires
|log ratio| <= ε for every event. ``lower`` is the largest loss that is statistically certain
(estimate - z·se), ``upper`` the largest that is plausible (estimate + z·se).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Loss:
    estimate: float
    lower: float
    upper: float
    events: int


def privacy_loss(
    a: np.ndarray,
    b: np.ndarray,
    *,
    edges: np.ndarray | None = None,
    min_count: int = 300,
    z: float = 4.0,
) -> Loss:
    """Largest |log ratio| over the events; ``edges`` bins continuous outputs."""
    if edges is not None:
        a, b = np.digitize(a, edges), np.digitize(b, edges)
    events = np.union1d(np.unique(a), np.unique(b))
    ca = np.array([(a == e).sum() for e in events], dtype=float)
    cb = np.array([(b == e).sum() for e in events], dtype=float)
    ok = (ca >= min_count) & (cb >= min_count)
    assert ok.any(), "no event was seen often enough on both sides"
    ca, cb = ca[ok], cb[ok]
    pa, pb = ca / len(a), cb / len(b)
    loss = np.abs(np.log(pa / pb))
    se = np.sqrt((1 - pa) / ca + (1 - pb) / cb)
    return Loss(
        float(loss.max()), float((loss - z * se).max()), float((loss + z * se).max()), int(ok.sum())
    )


def assert_epsilon(loss: Loss, epsilon: float, *, tight: bool = True) -> None:
    """No event breaks e^ε; when ``tight``, some event reaches it (the noise is not overdone)."""
    assert loss.lower <= epsilon, (
        f"privacy loss {loss.estimate:.3f} (≥ {loss.lower:.3f}) > ε = {epsilon}"
    )
    # the check itself must be sharp: its slack is far below ε, so a 2ε mistake cannot hide
    assert loss.upper - loss.lower < epsilon / 2, (
        f"too few draws: slack {loss.upper - loss.lower:.3f}"
    )
    if tight:
        assert loss.upper >= 0.85 * epsilon, f"loss {loss.estimate:.3f} far below ε = {epsilon}"


def assert_violation(loss: Loss, epsilon: float) -> None:
    """The checker must catch a mechanism that is looser than ε (e.g. run at 2ε)."""
    assert loss.lower > epsilon, (
        f"a loss of {loss.estimate:.3f} was not detected above ε = {epsilon}"
    )
