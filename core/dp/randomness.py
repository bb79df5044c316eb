"""Where the noise comes from: a seed for reproducible runs, or fresh entropy for real releases."""

from __future__ import annotations

import numpy as np


class Randomness:
    """One numpy Generator for Veil's vectorized draws and derived states for diffprivlib.

    ``seed=None`` draws from operating-system entropy and lets diffprivlib use its secure
    generator; an integer seed makes the run reproducible (and the noise removable by whoever
    knows the seed).
    """

    def __init__(self, seed: int | None) -> None:
        self.seed = seed
        self.generator = np.random.default_rng(seed)

    def for_diffprivlib(self) -> np.random.RandomState | None:
        """A ``random_state`` for one diffprivlib call (None = diffprivlib's secure generator)."""
        if self.seed is None:
            return None
        return np.random.RandomState(int(self.generator.integers(2**32)))
