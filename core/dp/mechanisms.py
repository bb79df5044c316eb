"""Per-value (local) DP mechanisms: diffprivlib defines and calibrates them, Veil vectorizes.

diffprivlib's mechanisms randomise one value per Python call (15-30 µs each), far too slow for
a table. Each class here builds the diffprivlib mechanism (which validates ε and the bounds and
fixes the noise scale) and draws from the same distribution with numpy, all rows at once.
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
    LaplaceBoundedDomain,
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


@dataclass(frozen=True)
class LaplaceOnBounds:
    """Reals in [lower, upper]: Laplace noise redrawn until it lands inside the bounds, with
    diffprivlib LaplaceBoundedDomain's calibrated scale (sensitivity upper-lower)."""

    lower: float
    upper: float
    epsilon: float
    name = "LaplaceBoundedDomain"

    @property
    def sensitivity(self) -> float:
        return self.upper - self.lower

    def reference(self, random_state: Any = None) -> LaplaceBoundedDomain:
        return LaplaceBoundedDomain(
            epsilon=self.epsilon,
            delta=0.0,
            sensitivity=self.sensitivity,
            lower=self.lower,
            upper=self.upper,
            random_state=random_state,
        )

    @property
    def scale(self) -> float:
        return self.sensitivity / self.reference().effective_epsilon()

    def sample(self, values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        values = np.clip(np.asarray(values, dtype=np.float64), self.lower, self.upper)
        scale = self.scale
        out = np.full(values.shape, np.nan)
        todo = np.arange(values.size)
        while todo.size:  # rejection sampling, all pending rows per round
            draw = values[todo] + rng.laplace(0.0, scale, todo.size)
            inside = (draw >= self.lower) & (draw <= self.upper)
            out[todo[inside]] = draw[inside]
            todo = todo[~inside]
        return out
