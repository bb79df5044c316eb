"""Per-value (local) DP mechanisms: diffprivlib defines and calibrates them, Veil vectorizes.

diffprivlib's mechanisms randomise one value per Python call (15-30 µs each), far too slow for
a table. Each class here builds the diffprivlib mechanism (which validates ε and the bounds and
fixes the noise scale) and draws from the same distribution with numpy, all rows at once.
Every output is drawn on a discrete set (categories, integers, a grid of reals): no
floating-point Laplace noise, whose low bits leak the true value (Mironov 2012).
``tests/core/dp`` checks that the draws match diffprivlib's own and stay within e^ε.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.dp.backend import (
    Binary,
    ExponentialHierarchical,
    GeometricTruncated,
)


@dataclass(frozen=True)
class RandomizedResponse:
    """k-ary randomized response on category codes 0..k-1: keep with e^ε/(e^ε+k-1), else
    any other category uniformly. diffprivlib's Binary (k=2) or flat ExponentialHierarchical."""

    k: int
    epsilon: float
    name = "randomized response"

    def reference(self, random_state: Any = None) -> Binary | ExponentialHierarchical | None:
        """The diffprivlib mechanism on string labels "0".."k-1" (None when k = 1)."""
        labels = [str(i) for i in range(self.k)]
        if self.k == 1:
            return None
        if self.k == 2:
            return Binary(epsilon=self.epsilon, value0="0", value1="1", random_state=random_state)
        return ExponentialHierarchical(
            epsilon=self.epsilon, hierarchy=labels, random_state=random_state
        )

    @property
    def keep_probability(self) -> float:
        if math.isinf(self.epsilon):
            return 1.0
        return 1.0 / (1.0 + (self.k - 1) * math.exp(-self.epsilon))

    def sample(self, codes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        self.reference()  # let diffprivlib validate ε and k
        codes = np.asarray(codes, dtype=np.int64)
        if self.k == 1:
            return codes.copy()
        keep = rng.random(codes.shape) < self.keep_probability
        other = rng.integers(0, self.k - 1, size=codes.shape)
        other += other >= codes  # uniform over the k-1 categories that differ
        return np.where(keep, codes, other)


@dataclass(frozen=True)
class GeometricOnBounds:
    """Integers in [lower, upper]: two-sided geometric noise with sensitivity upper-lower,
    clamped to the bounds (diffprivlib GeometricTruncated)."""

    lower: int
    upper: int
    epsilon: float
    name = "GeometricTruncated"

    @property
    def sensitivity(self) -> int:
        return self.upper - self.lower

    def reference(self, random_state: Any = None) -> GeometricTruncated:
        return GeometricTruncated(
            epsilon=self.epsilon,
            sensitivity=self.sensitivity,
            lower=self.lower,
            upper=self.upper,
            random_state=random_state,
        )

    def sample(self, values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        self.reference()
        values = np.clip(np.asarray(values, dtype=np.int64), self.lower, self.upper)
        if self.sensitivity == 0:
            return values
        # difference of two geometrics = P(z) ∝ p^|z|, diffprivlib's two-sided geometric
        q = -math.expm1(-self.epsilon / self.sensitivity)  # 1 - p, exact for tiny ε/Δ
        noise = rng.geometric(q, values.shape) - rng.geometric(q, values.shape)
        return np.clip(values + noise, self.lower, self.upper)


GRID_STEPS = 10_000


@dataclass(frozen=True)
class GeometricOnGrid:
    """Reals in [lower, upper], floating-point safe: each value is snapped to the nearest of
    ``steps`` equal steps across the bounds, gets two-sided geometric noise on the step number
    (sensitivity ``steps``, clamped, as GeometricOnBounds) and is released as that grid point.

    Laplace noise added in floating point leaks through the low bits of the result (Mironov
    2012): which doubles can come out depends on the true value. Here the output is a fixed
    function of an integer drawn by a discrete mechanism, so every grid point can come from
    every input and the ε holds exactly (the discrete mechanisms OpenDP and diffprivlib use).
    """

    lower: float
    upper: float
    epsilon: float
    steps: int = GRID_STEPS
    name = "GeometricTruncated on a grid"

    @property
    def sensitivity(self) -> float:
        return self.upper - self.lower

    @property
    def on_steps(self) -> GeometricOnBounds:
        """The discrete mechanism on step numbers 0..steps."""
        return GeometricOnBounds(0, self.steps, self.epsilon)

    def grid(self, index: np.ndarray) -> np.ndarray:
        """The released value of each step number (the upper bound exactly at the top)."""
        index = np.asarray(index, dtype=np.int64)
        values = self.lower + index * (self.sensitivity / self.steps)
        return np.where(index >= self.steps, self.upper, values)

    def snap(self, values: np.ndarray) -> np.ndarray:
        """Step numbers of the grid points nearest to ``values`` (clamped to the bounds)."""
        values = np.clip(np.asarray(values, dtype=np.float64), self.lower, self.upper)
        index = np.rint((values - self.lower) / self.sensitivity * self.steps)
        return np.clip(index, 0, self.steps).astype(np.int64)

    def sample(self, values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return self.grid(self.on_steps.sample(self.snap(values), rng))
