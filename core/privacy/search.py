"""Optimal global recoding: best-bound-first search over the lattice with predictive tagging.

Candidates are taken in increasing order of the metric's lower bound. A node that violates
the monotone models is climbed — one QI at a time, trying its levels from the top down — to a
maximal violating node, whose refinements are all tagged as violating at once (Flash/OLA in
spirit).
A node where the monotone models (k-anonymity, distinct ℓ; with suppression the others are
not monotone, see ``models``) hold tags its generalizations as holding them: the climb then
skips them, and only the other models remain to check there. With t-closeness and
suppression a node may also fail for every refinement (``Models.refinement_suppression``):
it is then climbed and tagged like a violating one. Before the search, nodes keeping one or
two QIs (the others fully generalized) are checked on small count tables and their failing
refinements tagged (``marginals``). The search stops when no unresolved node has a bound
below the best value found: the result is optimal. With ``max_nodes`` it may stop earlier
and then reports the bound it proved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.jobs import Monitor
from core.privacy.evaluator import Evaluator, Verdict
from core.privacy.lattice import Lattice
from core.privacy.marginals import tag_before_search

UNKNOWN, PASSES, FAILS = 0, 1, -1  # PASSES: the monotone models hold (all do when monotone)
PROGRESS_EVERY = 32
SCAN = 256


@dataclass(frozen=True)
class Outcome:
    """The best node found, its metric value, and how far optimality was proven."""

    node: tuple[int, ...]
    value: float
    evaluated: int
    optimal: bool
    bound: float  # no transformation does better than this (= value when optimal)
    strategy: str


class Search:
    """State of one exact (or budgeted) search."""

    def __init__(
        self,
        lattice: Lattice,
        evaluator: Evaluator,
        bounds: np.ndarray,
        *,
        exact_bound: bool,
        monitor: Monitor,
        max_nodes: int | None,
    ) -> None:
        self.lattice = lattice
        self.ev = evaluator
        self.bounds = bounds
        self.exact_bound = exact_bound  # the bound is the value when nothing is suppressed
        self.monitor = monitor
        self.max_nodes = max_nodes
        self.status = np.zeros(lattice.size, dtype=np.int8)
        self.done = np.zeros(lattice.size, dtype=bool)
        self.best_value = np.inf
        self.best_node: tuple[int, ...] | None = None
        self.monotone = evaluator.models.monotone
        models, enc = evaluator.models, evaluator.enc
        tag_before_search(self.status, lattice.depths, models, enc, FAILS, monitor.sub(0.0, 0.0))

    # ---- main loop -----------------------------------------------------------------------
    def run(self) -> Outcome:
        order = np.argsort(self.bounds, kind="stable")
        top = self.lattice.top
        self._candidate(self.lattice.index(top), top)
        ptr, optimal, bound, next_report = 0, True, None, PROGRESS_EVERY
        while True:
            ptr = self._next(order, ptr)
            if ptr >= len(order) or self.bounds[order[ptr]] >= self.best_value:
                break
            if self.max_nodes is not None and self.ev.count >= self.max_nodes:
                optimal, bound = False, float(self.bounds[order[ptr]])
                break
            x = int(order[ptr])
            self._candidate(x, self.lattice.node(x))
            if self.ev.count >= next_report:
                next_report = self.ev.count + PROGRESS_EVERY
                self.monitor.progress(ptr / len(order), "Searching transformations")
        if bound is None:
            bound = self.best_value
        strategy = "exact" if optimal else "bounded"
        return Outcome(self.best_node, self.best_value, self.ev.count, optimal, bound, strategy)

    def _next(self, order: np.ndarray, ptr: int) -> int:
        """Index in ``order`` of the next unresolved node that may still beat the best."""
        n = len(order)
        while ptr < n:
            chunk = order[ptr : ptr + SCAN]
            open_ = ~self.done[chunk] & (self.status[chunk] != FAILS)
            hit = np.flatnonzero(open_)
            if hit.size:
                return ptr + int(hit[0])
            ptr += len(chunk)
        return n

    def _candidate(self, x: int, node: tuple[int, ...]) -> None:
        self.done[x] = True
        if self.status[x] == PASSES and self.exact_bound and self.ev.models.limit == 0:
            self._offer(node, float(self.bounds[x]))  # value = bound: nothing is suppressed
            return
        verdict = self._evaluate(x, node)
        self._record(x, verdict)
        if verdict.passed:
            self._offer(node, verdict.value)
        if verdict.fails:
            self._climb(node)

    def _evaluate(self, x: int, node: tuple[int, ...]) -> Verdict:
        """Check node ``x``: fully (and its metric) only if it could still beat the best; a
        node that cannot only needs the monotone models, for tagging."""
        bound = float(self.bounds[x])
        useful = bound < self.best_value
        return self.ev.evaluate(
            node,
            full=useful or self.monotone,
            exact_value=bound if self.exact_bound else None,
            need_value=useful,
            holds=bool(self.status[x] == PASSES),
        )

    def _offer(self, node: tuple[int, ...], value: float | None) -> None:
        if value is not None and value < self.best_value:
            self.best_value, self.best_node = value, node

    def _record(self, x: int, verdict: Verdict) -> None:
        node = verdict.node
        if verdict.fails:
            self.lattice.down_view(self.status, node)[...] = FAILS
            if not verdict.holds:
                return
        if self.status[x] != PASSES:  # else its generalizations are tagged already
            # the monotone models hold here, hence at every generalization
            up = self.lattice.up_view(self.status, node)
            up[up == UNKNOWN] = PASSES
        if verdict.bound >= self.best_value:
            self.lattice.up_view(self.done, node)[...] = True

    # ---- climbing to a maximal violating node ------------------------------------------
    def _climb(self, node: tuple[int, ...]) -> None:
        """From a violating node, raise one QI at a time (those with most levels left first,
        each tried from its top level down) as far as the node keeps violating; tag the
        result's refinements. Trying high levels first finds the boundary in few checks: the
        levels above it are mostly known to pass already."""
        y = list(node)
        depths, strides = self.lattice.depths, self.lattice.strides_list
        status, done = self.status, self.done
        x = self.lattice.index(node)
        for q in sorted(range(len(y)), key=lambda q: y[q] - depths[q]):
            low, level, stride = y[q], depths[q] - 1, strides[q]
            base = x - low * stride  # the index with QI q at level 0
            while level > low:
                known = status[base + level * stride]
                if known == FAILS:
                    break
                if known == UNKNOWN and not done[base + level * stride]:
                    y[q] = level
                    if self._fails(base + level * stride, tuple(y)):
                        break
                level -= 1
            y[q] = level
            x = base + level * stride
        self.lattice.down_view(self.status, tuple(y))[...] = FAILS

    def _fails(self, x: int, node: tuple[int, ...]) -> bool:
        """Whether node ``x`` (unknown, not checked yet) violates the monotone models."""
        verdict = self._evaluate(x, node)
        self.done[x] = True
        self._record(x, verdict)
        if verdict.passed:
            self._offer(node, verdict.value)
        return verdict.fails


def greedy_search(
    depths: tuple[int, ...], evaluator: Evaluator, budget: int, monitor: Monitor
) -> Outcome:
    """Heuristic for huge lattices: from the top, step to the best satisfying refinement."""
    current = tuple(d - 1 for d in depths)
    verdict = evaluator.evaluate(current, full=True)
    best_value = verdict.value if verdict.passed else np.inf
    best_node = current if verdict.passed else None
    while evaluator.count < budget:
        options = []
        for q in range(len(depths)):
            if current[q] == 0 or evaluator.count >= budget:
                continue
            node = (*current[:q], current[q] - 1, *current[q + 1 :])
            v = evaluator.evaluate(node, full=True)
            if v.passed:
                options.append((v.value, node))
        if not options:
            break
        value, current = min(options)
        if value < best_value:
            best_value, best_node = value, current
        monitor.progress(1 - sum(current) / max(sum(depths) - len(depths), 1), "Searching")
    return Outcome(best_node, best_value, evaluator.count, False, -np.inf, "heuristic")
