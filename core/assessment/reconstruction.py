"""Running the record reconstruction of one side: every column beyond the quasi-identifiers,
guessed from the release for the attribute attacks' members and controls."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from core.assessment.context import Context
from core.attacks.reconstruction import (
    TOLERANCE,
    Hits,
    ReconstructionResult,
    reconstruct,
    reconstruction_result,
)
from core.jobs import Monitor
from core.model.coder import ColumnCoder, numbers
from core.model.proxy import TrainedModel
from core.model.space import FeatureSpace, ReleaseLink

NOTE = (
    "The attacker knows a person's {qis} and holds the release. For every other column they "
    "take the most common label, or the median number, among the released rows that share those "
    "quasi-identifiers (the nearest released group when none does). Numbers and dates count as "
    "recovered within {tol:.0%} of their public range. The proxy model is not used: it needs the "
    "very columns the attacker tries to learn."
)


def run_reconstruction(
    ctx: Context,
    release: pd.DataFrame,
    model: TrainedModel | None,
    *,
    link: ReleaseLink,
    monitor: Monitor,
) -> tuple[ReconstructionResult | None, list[str]]:
    """The result (None when it cannot run) and the reason it was skipped."""
    del model  # not used: see NOTE
    if release.empty:
        return None, ["The release is empty: record reconstruction skipped."]
    qis = [q for q in ctx.qis if q in release.columns]
    if not qis:
        return None, ["No quasi-identifiers in the release: record reconstruction skipped."]
    others = [c for c in release.columns if c in ctx.frame.columns and c not in qis]
    if not others:
        return None, ["The release has only quasi-identifiers: nothing to reconstruct."]
    start = time.perf_counter()
    targets = ctx.attribute_targets_frames
    categorical = [c for c in (ctx.sensitive, ctx.target) if c in others]
    space = FeatureSpace.fit(
        release, [*qis, *others], members=ctx.members, link=link, categorical=categorical,
        bounds=ctx.bounds,
    )  # fmt: skip
    guesses = reconstruct(release, space, qis, others, targets, monitor=monitor)
    hits = {c: _hits(space.coder(c), release[c], targets, [g[c] for g in guesses]) for c in others}
    monitor.progress(1.0, "Record reconstruction done")
    note = NOTE.format(qis=", ".join(qis), tol=TOLERANCE)
    result = reconstruction_result(
        qis, hits, targets[0].index, elapsed=time.perf_counter() - start, notes=note
    )
    return result, []


def _hits(
    coder: ColumnCoder,
    released: pd.Series,
    targets: Sequence[pd.DataFrame],
    guesses: Sequence[np.ndarray],
) -> Hits:
    """Exact recovery of labels; numbers within TOLERANCE of the public range."""
    if coder.kind == "categorical":
        truth = [coder.original_codes(t[coder.name]) for t in targets]
        attack = tuple((g == t) & (t >= 0) for g, t in zip(guesses, truth, strict=True))
        return Hits("category", None, attack, tuple(t == 0 for t in truth))
    lo, hi = coder.scale
    tol = TOLERANCE * (hi - lo)
    values = coder.release_numbers(released)
    median = float(np.median(values[np.isfinite(values)])) if np.isfinite(values).any() else np.nan
    truth = [numbers(t[coder.name]) for t in targets]
    attack = tuple(np.abs(g - t) <= tol for g, t in zip(guesses, truth, strict=True))
    return Hits("number", tol, attack, tuple(np.abs(median - t) <= tol for t in truth))
