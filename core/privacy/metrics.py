"""Information-loss metrics, defined as in ARX so results are comparable.

- ``loss``: ARX's "Loss" (Iyengar's loss metric). Per QI: the records' domain shares (leaves
  under the generalized value / leaves of the hierarchy; a suppressed cell counts 1),
  normalized to [0, 1]; the QIs are combined by ARX's default geometric mean of (1 + loss).
- ``entropy``: non-uniform entropy, Σ over cells of log2(#records with the generalized value /
  #records with the original value); a suppressed cell counts as generalized to the top.
- ``discernibility``: Σ |class|² over released classes + |table| per suppressed record.
- ``aecs``: average equivalence-class size, the suppressed records forming one class.

Every metric is "lower is better". ``bounds`` gives, for every lattice node at once, a value
no transformation at that node can beat; the search prunes with it.
"""

from __future__ import annotations

import numpy as np

from core.privacy.encoding import Encoded
from core.privacy.groups import Groups

METRIC_NAMES = ("loss", "entropy", "discernibility", "aecs")


class MetricBook:
    """Per-QI, per-level constants of every metric, computed once per problem."""

    def __init__(self, enc: Encoded) -> None:
        self.enc = enc
        n = float(enc.n_records)
        self.n = n
        self.share_sum = []  # Σ over records of the domain share, per QI and level
        self.entropy_sum = []  # Σ over records of log2(count(generalized) / count(original))
        self.top_bits = []  # per level: log2(n / count(generalized)) for each code
        self.domain = []
        for d in enc.dims:
            leaf_counts = d.data_count[0]
            self.share_sum.append(
                np.array([(d.data_count[l] * d.share[l]).sum() for l in range(d.depth)])
            )
            ent = []
            for level in range(d.depth):
                gen_counts = d.data_count[level][d.lookup[level]]
                ratio = np.divide(
                    gen_counts, leaf_counts, out=np.ones_like(gen_counts), where=leaf_counts > 0
                )
                ent.append(float((leaf_counts * np.log2(ratio)).sum()))
            self.entropy_sum.append(np.array(ent))
            self.top_bits.append(
                [np.log2(np.divide(n, c, out=np.ones_like(c), where=c > 0)) for c in d.data_count]
            )
            self.domain.append(float(len(d.hierarchy)))

    # ---- per-QI loss ---------------------------------------------------------------------
    def _normalize_loss(self, q: int, total: np.ndarray | float) -> np.ndarray | float:
        size = self.domain[q]
        if size <= 1:
            return np.zeros_like(total) if isinstance(total, np.ndarray) else 0.0
        low = self.n / size
        if isinstance(total, np.ndarray):
            return np.maximum((total - low) / (self.n - low), 0.0)
        return max((total - low) / (self.n - low), 0.0)

    @staticmethod
    def aggregate_loss(per_qi: np.ndarray) -> np.ndarray | float:
        """ARX's geometric mean: (Π (1 + loss_q))^(1/Q) - 1 (over the last axis)."""
        return np.exp(np.mean(np.log1p(per_qi), axis=-1)) - 1.0

    # ---- bounds over all nodes ----------------------------------------------------------
    def bounds(self, metric: str, levels: np.ndarray, max_classes: int) -> np.ndarray:
        """Lower bound of ``metric`` at each node (rows of ``levels``), suppression ignored."""
        if metric == "loss":
            # log1p of each QI's loss per level, then gathered: the same numbers as
            # aggregate_loss computes elementwise over every node, at a fraction of the work
            logs = np.stack(
                [
                    np.log1p(self._normalize_loss(q, self.share_sum[q]))[levels[:, q]]
                    for q in range(levels.shape[1])
                ],
                axis=1,
            )
            return np.exp(np.mean(logs, axis=-1)) - 1.0
        if metric == "entropy":
            return sum(self.entropy_sum[q][levels[:, q]] for q in range(levels.shape[1]))
        cap = np.minimum(self._class_cap(levels), float(max_classes))
        if metric == "discernibility":
            return self.n * self.n / cap
        return self.n / cap

    def _class_cap(self, levels: np.ndarray) -> np.ndarray:
        cap = np.ones(len(levels))
        for q, d in enumerate(self.enc.dims):
            cap *= np.asarray(d.sizes, dtype=float)[levels[:, q]]
        return cap

    # ---- value at one node --------------------------------------------------------------
    def values(self, node: tuple[int, ...], groups: Groups, bad: np.ndarray) -> dict[str, float]:
        """All four metrics at ``node`` with the classes flagged in ``bad`` suppressed."""
        return {m: self.value(m, node, groups, bad) for m in METRIC_NAMES}

    def value(self, metric: str, node: tuple[int, ...], groups: Groups, bad: np.ndarray) -> float:
        """``metric`` at ``node`` with the classes flagged in ``bad`` suppressed."""
        sizes = groups.sizes
        suppressed = float(sizes.sum(where=bad))
        if metric == "discernibility":
            return float((sizes * sizes).sum(where=~bad)) + suppressed * self.n
        if metric == "aecs":
            released = int(np.count_nonzero(~bad)) + (1 if suppressed else 0)
            return self.n / released if released else self.n
        rows = np.flatnonzero(groups.row_mask(bad)) if suppressed else None
        counts = None if rows is None else groups.table.counts[rows].astype(float)
        gen = iter(groups.gen)
        if metric == "entropy":
            bits = 0.0
            for q, d in enumerate(self.enc.dims):
                level = node[q]
                bits += self.entropy_sum[q][level]
                if d.sizes[level] > 1:
                    g = next(gen)
                    if rows is not None:
                        bits += float((counts * self.top_bits[q][level][g[rows]]).sum())
            return float(bits)
        per_qi = []
        for q, d in enumerate(self.enc.dims):
            level = node[q]
            total = self.share_sum[q][level]
            if d.sizes[level] > 1:
                g = next(gen)
                if rows is not None:
                    total += float((counts * (1.0 - d.share[level][g[rows]])).sum())
            per_qi.append(self._normalize_loss(q, float(total)))
        return float(self.aggregate_loss(np.asarray(per_qi, dtype=float)))

    def dynamic_bound(self, metric: str, groups: Groups) -> float:
        """A bound valid at every generalization of the node just grouped (ARX's DM*, AECS*)."""
        if metric == "discernibility":
            return float((groups.sizes**2).sum())
        if metric == "aecs":
            return self.n / groups.n_classes
        return -np.inf
