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
SETTLE_RATIO = 0.3  # a pending table is built when at most this share of the best built one
ALL_TRUE = np.uint64(0x0101010101010101)  # eight True bytes read as one word


@dataclass(frozen=True)
class Verdict:
    """Outcome of checking one node.

    ``fails`` is a verdict the search may propagate to every refinement (the monotone models
    fail, or a bound shows every refinement suppresses too much); ``passed`` is the full
    verdict, None when it was not needed.
    """

    node: tuple[int, ...]
    fails: bool
    passed: bool | None
    suppressed: int
    value: float | None
    bound: float
    holds: bool = False  # the monotone models hold (also when ``fails`` comes from a bound)


class Pending:
    """A node's grouping kept instead of its table: materialized only when a later node would
    roll up from it (most kept nodes never are)."""

    def __init__(self, groups: Groups, node: tuple[int, ...], n_sensitive: int, rows: int):
        self.groups = groups
        self.node = node
        self.n_sensitive = n_sensitive
        self.rows = rows  # the table's rows, or a lower estimate
        # the key, and room for the row classes and pairs grouping may still add
        self.nbytes = groups.key.nbytes + 24 * groups.n_rows

    def __len__(self) -> int:
        return self.rows

    def table(self) -> Table:
        return materialize(self.groups, self.node, self.groups.top, self.n_sensitive)


class TableCache:
    """Frequency tables of evaluated nodes (some still pending); any table at a node ≤ X can
    be rolled up to X."""

    def __init__(self, base: Table, budget: int | None = None) -> None:
        self.base = base
        self.budget = CACHE_BYTES if budget is None else budget
        self.tables: list[Table | Pending] = []
        # levels of the cached nodes, padded to whole 8-byte words so that "every level ≤"
        # is one comparison of words; and the sizes (first len(tables) rows, grown by doubling)
        self._width = -(-max(len(base.node), 1) // 8) * 8
        self._nodes = np.zeros((16, self._width), dtype=np.int16)
        self._sizes = np.zeros(16, dtype=np.int64)
        # rows to roll up from; a pending table's rows / SETTLE_RATIO, the cost of building it
        self._cost = np.zeros(16, dtype=float)
        self._pad = (0,) * (self._width - len(base.node))
        self._bytes = 0

    def source(self, node: tuple[int, ...]) -> Table:
        """The smallest table at or below ``node``: a built one (else the base), or a pending
        one, built now, when it is at most ``SETTLE_RATIO`` × that size."""
        n = len(self.tables)
        if not n:
            return self.base
        target = np.array(node + self._pad, dtype=np.int16)
        words = (self._nodes[:n] <= target).view(np.uint64)
        below = words[:, 0] == ALL_TRUE if self._width == 8 else (words == ALL_TRUE).all(axis=1)
        cost = np.where(below, self._cost[:n], np.inf)
        i = int(np.argmin(cost))
        if cost[i] > len(self.base):
            return self.base
        entry = self.tables[i]
        return self._settle(i, entry) if isinstance(entry, Pending) else entry

    def add(self, table: Table | Pending) -> None:
        n = len(self.tables)
        if n == len(self._sizes):
            self._nodes = np.concatenate([self._nodes, np.zeros_like(self._nodes)])
            self._sizes = np.concatenate([self._sizes, np.zeros_like(self._sizes)])
            self._cost = np.concatenate([self._cost, np.zeros_like(self._cost)])
        self.tables.append(table)
        self._cost[n] = len(table) if isinstance(table, Table) else len(table) / SETTLE_RATIO
        self._nodes[n, : len(table.node)] = table.node
        self._sizes[n] = len(table)
        self._bytes += table.nbytes
        self._trim()

    def _settle(self, i: int, pending: Pending) -> Table:
        table = pending.table()
        self.tables[i] = table
        self._sizes[i] = self._cost[i] = len(table)
        self._bytes += table.nbytes - pending.nbytes
        self._trim(keep=i)
        return table

    def _trim(self, keep: int | None = None) -> None:
        """Drop the largest tables (never the newest, nor ``keep``) while over budget."""
        while self._bytes > self.budget and len(self.tables) > 1:
            sizes = self._sizes[: len(self.tables) - 1].copy()
            if keep is not None and keep < len(sizes):
                sizes[keep] = -1
            i = int(np.argmax(sizes))
            if sizes[i] < 0:
                return
            self._drop(i)
            if keep is not None and keep > i:
                keep -= 1

    def _drop(self, i: int) -> None:
        n = len(self.tables)
        self._bytes -= self.tables[i].nbytes
        del self.tables[i]
        self._nodes[i : n - 1] = self._nodes[i + 1 : n]
        self._sizes[i : n - 1] = self._sizes[i + 1 : n]
        self._cost[i : n - 1] = self._cost[i + 1 : n]


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

    def keep(self, groups: Groups, node: tuple[int, ...], classes: int | None = None) -> None:
        """Keep the node's grouping when its table is much smaller than the one it was rolled
        from (``classes``: the class count if known, else an estimate)."""
        classes = groups.n_classes if classes is None else classes
        if self._worth_keeping(groups, classes):
            self.cache.add(Pending(groups, node, self.models.n_sensitive, classes))

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
        holds: bool = False,
    ):
        """Check ``node``; with ``full`` also the non-monotone models and (when
        ``need_value``) the metric value. ``holds``: the monotone models are known to hold
        (no quick test for their failure is tried)."""
        self.count += 1
        models = self.models
        groups = self.groups(node)
        if not holds and not groups.dense and groups.certainly_over(models.k, models.limit):
            self.keep(groups, node, groups.estimated_classes)
            return Verdict(node, True, False, models.limit + 1, None, -np.inf)
        self.keep(groups, node)
        bad = groups.sizes < models.k
        suppressed = int(groups.sizes.sum(where=bad))
        bound = self.book.dynamic_bound(self.metric, groups)
        pairs = None
        if suppressed <= models.limit and models.monotone_needs_pairs:
            pairs = models.pairs(groups)  # not when k alone already fails
            bad = models.monotone_part(groups, pairs)
            suppressed = int(groups.sizes.sum(where=bad))
        if suppressed > models.limit:
            return Verdict(node, True, False, suppressed, None, bound)
        passed: bool | None = True
        fails = False
        if models.has_other_part:
            if full or models.monotone or models.bounds_refinements:
                pairs = models.pairs(groups)  # t alone: only now, if at all
                held = bad
                bad = bad | models.other_part(groups, pairs)
                suppressed = int(groups.sizes.sum(where=bad))
                passed = suppressed <= models.limit
                if not passed and not models.monotone and models.bounds_refinements:
                    lost = models.refinement_suppression(groups, pairs, held)
                    fails = lost > models.limit
            else:
                passed = None
        fails = fails or (passed is False and models.monotone)
        value = None
        if full and passed and need_value:
            value = exact_value if exact_value is not None and suppressed == 0 else None
            if value is None:
                value = self.book.value(self.metric, node, groups, bad)
        holds = passed is not False or not models.monotone  # when monotone, "holds" is all
        return Verdict(node, fails, passed, suppressed, value, bound, holds=holds)
