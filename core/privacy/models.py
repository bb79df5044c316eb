"""Privacy models checked per equivalence class: k-anonymity, ℓ-diversity, t-closeness.

Monotonicity (what the search may assume), as in ARX:
- with generalization alone (no suppression) every model here is monotone: merging classes
  that satisfy k, distinct/entropy/recursive ℓ or t (EMD is convex) gives a class that does;
- with record suppression only k-anonymity and distinct ℓ-diversity stay monotone: a class
  that satisfies them still does after a merge, so the suppressed set can only shrink. A
  satisfying class merged with a failing one can fail entropy ℓ, recursive (c,ℓ) or t.
  For t (equal distance) a failing node can still prove that every refinement fails:
  ``refinement_suppression`` counts the records no split of its classes can keep.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.privacy.groups import Groups
from core.privacy.tcloseness import Distance

EPS = 1e-9


@dataclass(frozen=True)
class Models:
    """The configured models and the suppression limit (in records)."""

    k: int
    l: int | None
    l_variant: str
    c: float
    t: float | None
    limit: int
    distance: Distance | None
    n_sensitive: int

    @property
    def uses_sensitive(self) -> bool:
        return self.l is not None or self.t is not None

    @property
    def monotone(self) -> bool:
        """Whether 'satisfied' propagates to generalizations and 'violated' to refinements."""
        if self.limit == 0:
            return True
        return self.t is None and (self.l is None or self.l_variant == "distinct")

    def pairs(self, groups: Groups) -> tuple | None:
        """The class/sensitive pairs the models read; None when they read ``groups.hist``."""
        groups.sizes  # noqa: B018 - grouping fills hist when it counts per sensitive value
        if groups.hist is not None and self.l_variant != "recursive":
            return None
        return groups.pairs(self.n_sensitive)

    @property
    def monotone_needs_pairs(self) -> bool:
        """Whether ``monotone_part`` reads the class/sensitive pairs (distinct ℓ does)."""
        return self.l is not None and self.l > 1

    def monotone_part(self, groups: Groups, pairs: tuple | None) -> np.ndarray:
        """Classes violating k-anonymity or distinct ℓ-diversity (both monotone)."""
        bad = groups.sizes < self.k
        if self.l is not None and self.l > 1:
            bad |= _distinct(groups, pairs) < self.l
        return bad

    def other_part(self, groups: Groups, pairs: tuple | None) -> np.ndarray:
        """Classes violating entropy/recursive ℓ-diversity or t-closeness."""
        bad = np.zeros(groups.n_classes, dtype=bool)
        if self.l is not None and self.l > 1 and self.l_variant == "entropy":
            bad |= ~_entropy_ok(groups, pairs, self.l)
        if self.l is not None and self.l > 1 and self.l_variant == "recursive":
            bad |= ~_recursive_ok(groups, pairs, self.l, self.c)
        if self.t is not None:
            bad |= self.distance.emd(groups, pairs) > self.t + EPS
        return bad

    @property
    def bounds_refinements(self) -> bool:
        """Whether ``refinement_suppression`` knows more than the monotone part (t, equal
        distance: it then makes a failing node fail for every refinement too)."""
        return self.limit > 0 and self.t is not None and self.distance.kind == "equal"

    def refinement_suppression(self, groups: Groups, pairs: tuple, held: np.ndarray) -> float:
        """Records every refinement of this node must suppress (a lower bound).

        A refinement splits each class; the parts it keeps satisfy k and t, so their union
        is at least k records (or none) within t of the table (EMD is convex). ``held``:
        the classes failing the monotone part, whose records no refinement keeps.
        """
        sizes = groups.sizes
        keep = self.distance.closest_size(groups, pairs, self.t + EPS)
        keep = np.minimum(sizes, keep * (1 + 1e-9) + 1e-9)
        return float(np.where(held | (keep < self.k), sizes, sizes - keep).sum())

    @property
    def has_other_part(self) -> bool:
        entropy_or_recursive = self.l is not None and self.l > 1 and self.l_variant != "distinct"
        return entropy_or_recursive or self.t is not None


def _distinct(groups: Groups, pairs: tuple | None) -> np.ndarray:
    if pairs is None:
        return np.count_nonzero(groups.hist, axis=1)
    cls, _, _ = pairs
    return np.bincount(cls, minlength=groups.n_classes)


def _entropy_ok(groups: Groups, pairs: tuple, l: int) -> np.ndarray:
    """Entropy of the sensitive values ≥ log ℓ, i.e. Σ f·ln f ≤ n·ln(n/ℓ) (ARX's test)."""
    if pairs is None:
        hist = groups.hist
        s = (hist * np.log(np.where(hist > 0, hist, 1.0))).sum(axis=1)
    else:
        cls, _, f = pairs
        s = np.bincount(cls, weights=f * np.log(f), minlength=groups.n_classes)
    n = groups.sizes
    return s <= n * np.log(n / l) + EPS * n


def _recursive_ok(groups: Groups, pairs: tuple, l: int, c: float) -> np.ndarray:
    """Recursive (c,ℓ): r1 < c·(r_ℓ + … + r_m) with r sorted in descending order."""
    cls, _, f = pairs
    order = np.lexsort((-f, cls))
    cls_s, f_s = cls[order], f[order]
    starts = np.searchsorted(cls_s, np.arange(groups.n_classes))
    rank = np.arange(len(cls_s)) - starts[cls_s]
    r1 = np.zeros(groups.n_classes)
    r1[cls_s[rank == 0]] = f_s[rank == 0]
    tail = np.bincount(cls_s, weights=np.where(rank >= l - 1, f_s, 0.0), minlength=groups.n_classes)
    distinct = np.bincount(cls_s, minlength=groups.n_classes)
    return (distinct >= l) & (r1 < c * tail)


def histograms_ok(models: Models, hists: np.ndarray) -> np.ndarray:
    """Whether each row of ``hists`` (records per sensitive value, or a 1-column matrix of
    record counts when no sensitive model is used) satisfies every model."""
    n = hists.sum(axis=1)
    ok = n >= models.k
    if models.l is not None and models.l > 1:
        distinct = (hists > 0).sum(axis=1)
        ok &= distinct >= models.l
        if models.l_variant == "entropy":
            flogf = np.where(hists > 0, hists * np.log(np.where(hists > 0, hists, 1.0)), 0.0)
            ok &= flogf.sum(axis=1) <= n * np.log(np.maximum(n, 1) / models.l) + EPS * n
        elif models.l_variant == "recursive":
            r = -np.sort(-hists, axis=1)
            ok &= r[:, 0] < models.c * r[:, models.l - 1 :].sum(axis=1)
    if models.t is not None:
        p = hists / np.maximum(n, 1)[:, None]
        ok &= models.distance.emd_rows(p) <= models.t + EPS
    return ok
