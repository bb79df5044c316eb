"""An independent, slow reference for the anonymization tests.

It generalizes with ``Hierarchy.generalize`` and pandas ``groupby`` (not the engine's integer
coding), checks every model class by class with plain formulas (EMD by linear programming or
scipy's Wasserstein distance), and scores transformations with the metric definitions written
out again. It is meant to be obviously right, not fast.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.stats import wasserstein_distance

from core.hierarchy import Hierarchy


def generalize(frame: pd.DataFrame, hierarchies: dict[str, Hierarchy], node: dict[str, int]):
    """The QI columns of ``frame`` as text labels at the levels of ``node``."""
    return pd.DataFrame(
        {q: hierarchies[q].generalize(frame[q], lv).astype(str) for q, lv in node.items()}
    )


def class_ok(values: pd.Series, models: dict, q: pd.Series, tree: Hierarchy | None) -> bool:
    """Whether one class (its sensitive values) satisfies k, ℓ and t as configured."""
    n = len(values)
    if n < models.get("k", 1):
        return False
    counts = values.value_counts()
    l = models.get("l")
    if l is not None and l > 1:
        if len(counts) < l:
            return False
        variant = models.get("l_variant", "distinct")
        if variant == "entropy":
            p = counts / n
            if -(p * np.log(p)).sum() < math.log(l) - 1e-9:
                return False
        if variant == "recursive":
            r = counts.sort_values(ascending=False).to_numpy()
            if not r[0] < models["c"] * r[l - 1 :].sum():
                return False
    t = models.get("t")
    return t is None or emd(counts / n, q, models["distance"], tree) <= t + 1e-9


def emd(p: pd.Series, q: pd.Series, kind: str, tree: Hierarchy | None) -> float:
    """Earth mover's distance of class distribution ``p`` to the table's ``q``."""
    p = p.reindex(q.index, fill_value=0.0)
    if kind == "equal":
        return 0.5 * float((p - q).abs().sum())
    if kind == "ordered":  # q's index is sorted by value: positions 0..m-1
        pos = np.arange(len(q))
        if len(q) < 2:
            return 0.0
        return wasserstein_distance(pos, pos, p.to_numpy(), q.to_numpy()) / (len(q) - 1)
    height = tree.depth - 1
    keys = [str(v) for v in q.index]
    paths = {
        k: [tree.generalize(pd.Series([k]), lv).iloc[0] for lv in range(tree.depth)] for k in keys
    }
    m = len(keys)
    dist = np.zeros((m, m))
    for i, j in itertools.product(range(m), range(m)):
        lca = next(lv for lv in range(tree.depth) if paths[keys[i]][lv] == paths[keys[j]][lv])
        dist[i, j] = lca / height
    a_eq = np.zeros((2 * m, m * m))
    for i in range(m):
        a_eq[i, i * m : (i + 1) * m] = 1
        a_eq[m + i, i::m] = 1
    b_eq = np.concatenate([p.to_numpy(), q.to_numpy()])
    res = linprog(dist.ravel(), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    return float(res.fun)


def evaluate(frame, qis, hierarchies, node, models, sensitive=None, tree=None):
    """(suppressed row mask, released class sizes, generalized QIs) of one transformation."""
    gen = generalize(frame[qis], hierarchies, node)
    cls = gen.groupby(qis, sort=False).ngroup().to_numpy()
    q = None
    if sensitive is not None:
        q = frame[sensitive].value_counts(normalize=True).sort_index()
    values = frame[sensitive] if sensitive else pd.Series(np.zeros(len(frame)))
    ok = values.groupby(cls).apply(lambda v: class_ok(v, models, q, tree))
    row_ok = ok.to_numpy()[cls]
    sizes = np.bincount(cls[row_ok])
    return ~row_ok, sizes[sizes > 0], gen


def score(frame, qis, hierarchies, node, suppressed, sizes, gen) -> dict[str, float]:
    """The four metrics of one transformation, from their definitions."""
    n = len(frame)
    per_qi, bits = [], 0.0
    for col in qis:
        h, level = hierarchies[col], node[col]
        share_of = pd.Series(h.labels(level)).value_counts() / len(h)
        share = gen[col].map(share_of).to_numpy()
        total = np.where(suppressed, 1.0, share).sum()
        low = n / len(h)
        per_qi.append(max((total - low) / (n - low), 0.0) if len(h) > 1 else 0.0)
        original = frame[col].map(frame[col].value_counts()).to_numpy(float)
        generalized = gen[col].map(gen[col].value_counts()).to_numpy(float)
        bits += float(
            np.where(suppressed, np.log2(n / original), np.log2(generalized / original)).sum()
        )
    released = len(sizes) + (1 if suppressed.any() else 0)
    return {
        "loss": float(np.prod(1 + np.array(per_qi)) ** (1 / len(qis)) - 1),
        "entropy": bits,
        "discernibility": float((sizes.astype(float) ** 2).sum() + n * suppressed.sum()),
        "aecs": n / released,
    }


def exhaustive(frame, qis, hierarchies, models, limit, metric, sensitive=None, tree=None):
    """Every node of the lattice: [(node, satisfies, metric value)]."""
    out = []
    depths = [hierarchies[q].depth for q in qis]
    for levels in itertools.product(*[range(d) for d in depths]):
        node = dict(zip(qis, levels, strict=True))
        suppressed, sizes, gen = evaluate(frame, qis, hierarchies, node, models, sensitive, tree)
        if suppressed.sum() > limit:
            out.append((levels, False, math.inf))
            continue
        value = score(frame, qis, hierarchies, node, suppressed, sizes, gen)[metric]
        out.append((levels, True, value))
    return out
