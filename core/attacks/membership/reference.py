"""Reference (shadow) models: copies of the proxy trained on random halves of the attacker's
pool. The pool is disjoint from every evaluated record, so for those records every reference
model is an OUT model (LiRA offline); on the pool itself, each model has known IN/OUT rows
(the Shokri attack's training data)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed

from core.attacks.membership.data import MembershipData
from core.jobs import Monitor
from core.model.estimators import N_JOBS
from core.model.proxy import TrainedModel, recorded_warnings, train


@dataclass(frozen=True)
class ReferenceOutputs:
    """Per reference model r: probabilities on the pool, members and non-members."""

    pool_in: np.ndarray  # R × n_pool, True where the pool row trained model r
    pool_codes: np.ndarray
    pool: np.ndarray  # R × n_pool × C
    members: np.ndarray  # R × m × C
    non_members: np.ndarray  # R × q × C
    warnings: tuple[str, ...] = ()

    @property
    def n_models(self) -> int:
        return len(self.pool_in)


def train_references(
    target: TrainedModel,
    data: MembershipData,
    *,
    n_models: int,
    seed: int,
    monitor: Monitor,
) -> ReferenceOutputs:
    """Train ``n_models`` copies of ``target``'s recipe in threads, each on half the pool."""
    space = target.space
    pool_x = target.matrix(space.code(data.pool, released=False))
    member_x = target.matrix(space.code(data.members, released=False))
    non_member_x = target.matrix(space.code(data.non_members, released=False))
    codes = target.label_codes(data.pool)
    rng = np.random.default_rng(seed)
    n = len(pool_x)
    masks = np.zeros((n_models, n), dtype=bool)
    for r in range(n_models):
        masks[r, rng.choice(n, size=n // 2, replace=False)] = True

    def one(r: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        monitor.check_cancelled()
        x, y = pool_x[masks[r]], codes[masks[r]]
        model = train(target.recipe, space, target.labels, x, y, seed=seed + r, capture=False,
            monitor=monitor,
        )  # fmt: skip
        return model.proba(pool_x), model.proba(member_x), model.proba(non_member_x)

    results = []
    with recorded_warnings() as notes:
        jobs = Parallel(n_jobs=N_JOBS, backend="threading", return_as="generator")(
            delayed(one)(r) for r in range(n_models)
        )
        try:
            for r, out in enumerate(jobs):
                results.append(out)
                monitor.progress((r + 1) / n_models, f"Reference model {r + 1} of {n_models}")
        finally:
            jobs.close()  # on cancel: drop queued models quietly, inside the recorder
    return ReferenceOutputs(
        pool_in=masks,
        pool_codes=codes,
        pool=np.stack([o[0] for o in results]),
        members=np.stack([o[1] for o in results]),
        non_members=np.stack([o[2] for o in results]),
        warnings=tuple(notes),
    )
