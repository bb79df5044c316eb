"""TAPAS shadow-generator attack (Houssiau et al. 2022), in its target-agnostic form: re-run
the release's own generator on parts of the attacker's pool, describe each pool record by
statistics of the output around it (exact copies, rows one column away, how common its values
are), learn members from non-members on those, then describe the evaluated records against
the real release and score them with what was learned."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from core.bounds import random_state
from core.jobs import Monitor
from core.model.estimators import one_thread
from core.model.space import FeatureSpace, ReleaseLink

N_SHADOWS = 4  # generator runs on the pool
SHADOW_ROWS = 4000  # records fed to the generator per run (at most half the pool)
BINS = 20  # numbers compare in bins of 5 % of their public range
MAX_COPIES = 5

Generator = Callable[[pd.DataFrame, int], pd.DataFrame]
_MIX = np.random.default_rng(20220101).integers(1, 2**63, size=4096, dtype=np.uint64) | 1


def tapas_scores(
    release: pd.DataFrame,
    members: pd.DataFrame,
    targets: tuple[pd.DataFrame, pd.DataFrame],
    pool: pd.DataFrame,
    generate: Generator | None,
    *,
    link: ReleaseLink,
    columns: Sequence[str],
    bounds: dict[str, tuple[float, float]],
    seed: int,
    monitor: Monitor,
) -> tuple[np.ndarray, np.ndarray]:
    """Membership probability of each target member and non-member; ``generate(frame, seed)``
    re-runs the protection (None: the release is the members as they are)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(seed)
    n_in = min(len(pool) // 2, SHADOW_ROWS)
    x, y = [], []
    for r in range(N_SHADOWS):
        monitor.check_cancelled()
        order = rng.permutation(len(pool))
        inside, outside = pool.iloc[np.sort(order[:n_in])], pool.iloc[order[n_in : 2 * n_in]]
        output = generate(inside, seed + r) if generate is not None else inside
        aligned = output.index.is_unique and bool(output.index.isin(inside.index).all())
        shadow_link = ReleaseLink(aligned=aligned)
        x.append(describe(output, inside, (inside, outside), shadow_link, columns, bounds))
        y += [1] * len(inside) + [0] * len(outside)
        monitor.progress((r + 1) / (N_SHADOWS + 1), f"Shadow generator run {r + 1} of {N_SHADOWS}")
    attack = HistGradientBoostingClassifier(max_iter=100, random_state=random_state(seed))
    real = describe(release, members, targets, link, columns, bounds)
    with one_thread():
        attack.fit(np.vstack(x), np.array(y))
        scores = attack.predict_proba(real)[:, list(attack.classes_).index(1)]
    return scores[: len(targets[0])], scores[len(targets[0]) :]


def describe(
    output: pd.DataFrame,
    source: pd.DataFrame,
    targets: Sequence[pd.DataFrame],
    link: ReleaseLink,
    columns: Sequence[str],
    bounds: dict[str, tuple[float, float]],
) -> np.ndarray:
    """Per target row: copies of it in ``output``, rows differing in one column only (both
    per output row, log scale) and the mean and least share of its values in ``output``."""
    n = max(len(output), 1)
    space = FeatureSpace.fit(output, columns, members=source, link=link, bounds=bounds)
    out = _binned(space, output, released=True)
    tgt = np.vstack([_binned(space, t, released=False) for t in targets])
    if len(output) == 0:
        return np.zeros((len(tgt), 4))
    weights = _MIX[: out.shape[1]]
    h_out, h_tgt = (out + 2).astype(np.uint64) @ weights, (tgt + 2).astype(np.uint64) @ weights
    exact = _count(h_out, h_tgt)
    near = -out.shape[1] * exact
    shares = np.empty(tgt.shape, dtype=float)
    for j in range(out.shape[1]):
        term_out, term_tgt = (out[:, j] + 2).astype(np.uint64), (tgt[:, j] + 2).astype(np.uint64)
        near += _count(h_out - term_out * weights[j], h_tgt - term_tgt * weights[j])
        shares[:, j] = _count(out[:, j], tgt[:, j]) / n
    logs = np.log(shares + 1 / n)
    return np.column_stack(
        [np.minimum(exact, MAX_COPIES), np.log((near + 0.5) / n), logs.mean(axis=1),
         logs.min(axis=1)]
    )  # fmt: skip


def _binned(space: FeatureSpace, frame: pd.DataFrame, *, released: bool) -> np.ndarray:
    """Columns as integer codes: labels as they are, numbers in BINS bins (-1: missing)."""
    coded = space.code(frame, released=released)
    blocks = []
    for c in space.coders:
        v = coded[c.name]
        if c.kind == "categorical":
            blocks.append(v.astype(np.int64))
            continue
        lo, hi = c.scale
        width = (hi - lo) / BINS if hi > lo else 1.0
        bins = np.floor((v - lo) / width)
        blocks.append(np.where(np.isnan(v), -1, np.clip(np.nan_to_num(bins), 0, BINS - 1)))
    if not blocks:
        return np.zeros((len(frame), 0), dtype=np.int64)
    return np.column_stack(blocks).astype(np.int64)


def _count(reference: np.ndarray, query: np.ndarray) -> np.ndarray:
    """How many times each query value occurs in ``reference``."""
    values, counts = np.unique(reference, return_counts=True)
    at = np.clip(np.searchsorted(values, query), 0, max(len(values) - 1, 0))
    if len(values) == 0:
        return np.zeros(len(query), dtype=np.int64)
    return np.where(values[at] == query, counts[at], 0)


def shadow_words(pool_rows: int) -> str:
    """How the attack was bounded, for the notes."""
    rows = min(pool_rows // 2, SHADOW_ROWS)
    return f"{N_SHADOWS} runs of the generator on {rows:,} of the attacker's records each"
