"""Checking one lattice node: group the smallest cached finer table, test the models."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.privacy.encoding import Encoded, Table
from core.privacy.groups import Groups, materialize
from core.privacy.metrics import MetricBook
from core.privacy.models import Models

CACHE_BYTES = 64 << 20  # frequency tables kept for rolling up
MATERIALIZE_ROWS = 2048  # smaller tables are rolled up directly: caching them gains little
MATERIALIZE_RATIO = 0.5  # keep a node's table when it is at most this share of its source's size


@dataclass(frozen=True)
class Verdict:
    """Outcome of checking one node.

    ``fails`` is a verdict the search may propagate to every refinement (it concerns the
    monotone models); ``passed`` is the full verdict, None when it was not needed.
    """

    node: tuple[int, ...]
    fails: bool
    passed: bool | None
    suppressed: int
    value: float | None
    bound: float


class TableCache:
    """Frequency tables of evaluated nodes; any table at a node ≤ X can be rolled up to X."""

    def __init__(self, base: Table, budget: int = CACHE_BYTES) -> None:
        self.base = base
        self.budget = budget
        self.tables: list[Table] = []
        # nodes and sizes of the cached tables in the first len(tables) rows (grown by doubling)
        self._nodes = np.zeros((16, len(base.node)), dtype=np.int16)
        self._sizes = np.zeros(16, dtype=np.int64)
        self._bytes = 0

    def source(self, node: tuple[int, ...]) -> Table:
        """The smallest cached table whose node is at or below ``node`` (else the base)."""
        n = len(self.tables)
        if not n:
            return self.base
        below = (self._nodes[:n] <= np.asarray(node, dtype=np.int16)).all(axis=1)
        hits = np.flatnonzero(below)
        if not hits.size:
            return self.base
        return self.tables[int(hits[np.argmin(self._sizes[hits])])]

    def add(self, table: Table) -> None:
        n = len(self.tables)
        if n == len(self._sizes):
            self._nodes = np.concatenate([self._nodes, np.zeros_like(self._nodes)])
            self._sizes = np.concatenate([self._sizes, np.zeros_like(self._sizes)])
        self.tables.append(table)
        self._nodes[n] = table.node
        self._sizes[n] = len(table)
        self._bytes += table.nbytes
        while self._bytes > self.budget and len(self.tables) > 1:
            self._drop(int(np.argmax(self._sizes[: len(self.tables) - 1])))

    def _drop(self, i: int) -> None:
        n = len(self.tables)
        self._bytes -= self.tables[i].nbytes
        del self.tables[i]
        self._nodes[i : n - 1] = self._nodes[i + 1 : n]
        self._sizes[i : n - 1] = self._sizes[i + 1 : n]


class Evaluator:
    """Evaluates nodes for the search and counts how many it evaluated."""

    def __init__(self, enc: Encoded, models: Models, book: MetricBook, metric: str) -> None:
        self.enc = enc
        self.models = models
        self.book = book
        self.metric = metric
        self.cache = TableCache(enc.base)
        self.count = 0
        self._ups: dict[tuple[int, int, int], np.ndarray] = {}

    def groups(self, node: tuple[int, ...], *, source: Table | None = None) -> Groups:
        """Classes at ``node``, rolled up from the best cached table."""
        src = source if source is not None else self.cache.source(node)
        gen, radices, top = [], [], []
        for q, d in enumerate(self.enc.dims):
            level = node[q]
            size = d.sizes[level]
            top.append(size == 1)
            if size == 1:
                continue
            gen.append(self._rolled(src, q, level))
            radices.append(size)
        groups = Groups(src, gen, radices, self.models.n_sensitive)
        groups.top = top
        return groups

    def keep(self, groups: Groups, node: tuple[int, ...]) -> None:
        """Cache the node's table when it is much smaller than the one it was rolled from."""
        if self._worth_keeping(groups, groups.n_classes):
            self.cache.add(materialize(groups, node, groups.top, self.models.n_sensitive))

    @staticmethod
    def _worth_keeping(groups: Groups, classes: int) -> bool:
        return groups.n_rows >= MATERIALIZE_ROWS and classes <= MATERIALIZE_RATIO * groups.n_rows

    def _rolled(self, table: Table, q: int, level: int) -> np.ndarray:
        """The codes of QI ``q`` of ``table`` at ``level`` (kept on the table for reuse)."""
        if table.node[q] == level:
            return table.codes[q]
        key = (q, level)
        codes = table.rolled.get(key)
        if codes is None:
            codes = np.take(self._up(q, table.node[q], level), table.codes[q])
            table.rolled[key] = codes
        return codes

    def _up(self, q: int, low: int, high: int) -> np.ndarray:
        key = (q, low, high)
        if key not in self._ups:
            self._ups[key] = self.enc.dims[q].up(low, high)
        return self._ups[key]

    def evaluate(
        self,
        node: tuple[int, ...],
        *,
        full: bool,
        exact_value: float | None = None,
        need_value: bool = True,
    ):
        """Check ``node``; with ``full`` also the non-monotone models and (when
        ``need_value``) the metric value."""
        self.count += 1
        models = self.models
        groups = self.groups(node)
        if not groups.dense and groups.certainly_over(models.k, models.limit):
            if self._worth_keeping(groups, groups.estimated_classes):
                self.keep(groups, node)
            return Verdict(node, True, False, models.limit + 1, None, -np.inf)
        self.keep(groups, node)
        pairs = groups.pairs(models.n_sensitive) if models.monotone_needs_pairs else None
        bad = models.monotone_part(groups, pairs)
        suppressed = int(groups.sizes.sum(where=bad))
        bound = self.book.dynamic_bound(self.metric, groups)
        if suppressed > models.limit:
            return Verdict(node, True, False, suppressed, None, bound)
        passed: bool | None = True
        if models.has_other_part:
            if full or models.monotone:
                pairs = groups.pairs(models.n_sensitive)  # t alone: only now, if at all
                bad = bad | models.other_part(groups, pairs)
                suppressed = int(groups.sizes.sum(where=bad))
                passed = suppressed <= models.limit
            else:
                passed = None
        fails = passed is False and models.monotone
        value = None
        if full and passed and need_value:
            value = exact_value if exact_value is not None and suppressed == 0 else None
            if value is None:
                value = self.book.value(self.metric, node, groups, bad)
        return Verdict(node, fails, passed, suppressed, value, bound)
