"""DOMIAS (van Breugel et al. 2023): a member sits where the release is denser than the
population it was drawn from. Score = log density of the release at the record − log density
of the attacker's population pool there, both Gaussian kernel density estimates (Scott's
bandwidth) on the first principal components of the records' numeric encoding."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from core.attacks.membership.data import MembershipData
from core.jobs import Monitor
from core.model.space import FeatureSpace

N_COMPONENTS = 10  # principal components the densities are estimated on
CHUNK = 256  # targets per block of kernel evaluations (memory: CHUNK × rows floats)
ESTIMATOR = (
    f"Gaussian kernel density estimates (Scott's bandwidth) on the first {N_COMPONENTS} "
    "principal components of the one-hot and scaled columns"
)


def domias_scores(
    release: pd.DataFrame, space: FeatureSpace, data: MembershipData, *, monitor: Monitor
) -> tuple[np.ndarray, np.ndarray]:
    """log p_release(x) − log p_pool(x) for every evaluation member and non-member."""
    weight = 1 / math.sqrt(2)

    def encode(frame: pd.DataFrame, released: bool) -> np.ndarray:
        coded = space.code(frame, released=released)
        return space.matrix(coded, dense=True, one_hot_value=weight)

    released, pool = encode(release, True), encode(data.pool, False)
    members, others = encode(data.members, False), encode(data.non_members, False)
    if len(released) < 2 or len(pool) < 2:
        return np.zeros(len(members)), np.zeros(len(others))
    project = _principal_axes(pool)
    released, pool = project(released), project(pool)
    targets = np.vstack([project(members), project(others)])
    out = np.zeros(len(targets))
    for i, (reference, sign) in enumerate(((released, 1.0), (pool, -1.0))):
        out += sign * log_kde(targets, reference, monitor=monitor.sub(i / 2, (i + 1) / 2))
    return out[: len(members)], out[len(members) :]


def _principal_axes(pool: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """Centre, rotate and whiten on the pool (the attacker's own records)."""
    mean = pool.mean(axis=0)
    centred = pool - mean
    var, vecs = np.linalg.eigh(centred.T @ centred / max(len(pool) - 1, 1))
    order = np.argsort(var)[::-1][:N_COMPONENTS]
    order = order[var[order] > max(var.max(initial=0.0), 0.0) * 1e-9]
    if len(order) == 0:
        return lambda x: np.zeros((len(x), 1))
    axes = vecs[:, order] / np.sqrt(var[order])
    return lambda x: (x - mean) @ axes


def log_kde(x: np.ndarray, reference: np.ndarray, *, monitor: Monitor) -> np.ndarray:
    """Log density at each row of ``x`` of a Gaussian kernel density estimate on
    ``reference`` (whitened), bandwidth n^(−1/(d+4)) (Scott)."""
    n, d = reference.shape
    h = n ** (-1.0 / (d + 4))
    const = -math.log(n) - d * math.log(h) - d / 2 * math.log(2 * math.pi)
    ref = (reference / h).astype(np.float32)
    ref_sq = np.einsum("ij,ij->i", ref, ref)
    out = np.empty(len(x))
    steps = max(1, math.ceil(len(x) / CHUNK))
    for step, start in enumerate(range(0, len(x), CHUNK)):
        monitor.check_cancelled()
        block = (x[start : start + CHUNK] / h).astype(np.float32)
        sq = np.einsum("ij,ij->i", block, block)[:, None] + ref_sq[None, :] - 2 * block @ ref.T
        e = -0.5 * np.maximum(sq, 0)
        top = e.max(axis=1)
        out[start : start + CHUNK] = top + np.log(np.exp(e - top[:, None]).sum(axis=1))
        if step % 16 == 15:
            monitor.progress((step + 1) / steps, "Density of the release and the population")
    return out + const
