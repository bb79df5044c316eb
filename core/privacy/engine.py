"""``anonymize``: validate, encode, search (or Mondrian), apply, summarize."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.hierarchy import Hierarchy, auto_hierarchy, guess_kind
from core.hierarchy.keys import MISSING
from core.jobs import Monitor, null_monitor
from core.privacy.checks import check_inputs
from core.privacy.encoding import Encoded, encode
from core.privacy.evaluator import Evaluator
from core.privacy.lattice import Lattice
from core.privacy.metrics import MetricBook
from core.privacy.models import Models
from core.privacy.release import release_frame
from core.privacy.result import AnonymizationResult, class_summary
from core.privacy.search import Outcome, Search, greedy_search
from core.privacy.tcloseness import make_distance
from core.settings import ProtectionSettings

EXACT_LIMIT = 400_000  # larger lattices get the heuristic search
HEURISTIC_NODES = 2_000  # default evaluation budget of the heuristic search


def anonymize(
    frame: pd.DataFrame,
    *,
    qis: list[str],
    sensitive: str | None = None,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    settings: ProtectionSettings | None = None,
    monitor: Monitor | None = None,
    seed: int = 0,
) -> AnonymizationResult:
    """Generalize ``qis`` (and suppress records) until the configured models hold.

    ``method='optimal'``: the global recoding with least information loss (``settings.metric``);
    ``method='mondrian'``: Mondrian multidimensional local recoding. Hierarchies missing from
    ``hierarchies`` are built from the data. The input frame is never modified. Both methods
    are deterministic; ``seed`` is accepted for a uniform interface.
    """
    start = time.perf_counter()
    settings = settings or ProtectionSettings()
    monitor = monitor or null_monitor()
    qis = list(qis)
    given = dict(hierarchies or {})
    uses_sensitive = settings.l is not None or settings.t is not None
    sens = sensitive if uses_sensitive else None
    check_inputs(frame, qis, sens, given, settings)
    monitor.progress(0.0, "Preparing hierarchies")
    hier, sources = _hierarchies(frame, qis, given)
    enc = encode(frame, qis, hier, sens)
    models = _models(settings, enc, frame, sens, given)
    if settings.method == "mondrian":
        from core.privacy.mondrian import mondrian

        return mondrian(frame, enc, models, settings, sources, monitor.sub(0.05, 1.0), start)
    return _optimal(frame, enc, models, settings, sources, monitor, start)


def _optimal(frame, enc, models, settings, sources, monitor, start) -> AnonymizationResult:
    book = MetricBook(enc)
    evaluator = Evaluator(enc, models, book, settings.metric)
    _require_solution(evaluator, enc, models)
    outcome, warnings = search_lattice(enc, evaluator, settings, monitor.sub(0.05, 0.9))
    monitor.progress(0.9, "Applying the transformation")
    return _finish(frame, enc, models, settings, sources, evaluator, outcome, warnings, start)


def search_lattice(enc, evaluator, settings, monitor) -> tuple[Outcome, list[str]]:
    """The optimal (or, above ``EXACT_LIMIT`` nodes, heuristic) search for the chosen node,
    with the warnings it gives; shared by ``anonymize`` and the engines of ``core.engine``."""
    lattice_size = math.prod(enc.depths)
    warnings = []
    if lattice_size <= EXACT_LIMIT:
        lattice = Lattice(enc.depths)
        bounds = evaluator.book.bounds(settings.metric, lattice.levels, max_classes=len(enc.base))
        search = Search(
            lattice,
            evaluator,
            bounds,
            exact_bound=settings.metric in ("loss", "entropy"),
            monitor=monitor,
            max_nodes=settings.max_nodes,
        )
        outcome = search.run()
    else:
        budget = settings.max_nodes or HEURISTIC_NODES
        outcome = greedy_search(enc.depths, evaluator, budget, monitor)
        warnings.append(
            f"The lattice has {lattice_size:,} transformations, too many to search them all: "
            f"a heuristic search evaluated {outcome.evaluated:,} of them. The result satisfies "
            "the privacy models but may not be the one with the least information loss."
        )
    if outcome.node is None:
        raise ValidationError(
            "No transformation satisfies the privacy models with these hierarchies.",
            hint="Check that every hierarchy ends in a single value such as '*'.",
        )
    if not outcome.optimal and outcome.strategy == "bounded":
        warnings.append(
            f"The search stopped after {outcome.evaluated:,} transformations (max_nodes): "
            f"{settings.metric} is {outcome.value:.4g}; no transformation can do better than "
            f"{outcome.bound:.4g}."
        )
    return outcome, warnings


def _finish(frame, enc, models, settings, sources, evaluator, outcome: Outcome, warnings, start):
    node = outcome.node
    groups, bad = _final_classes(evaluator, enc, models, node)
    if bad.any():
        suppressed_rows = groups.row_mask(bad)[enc.row_to_base]
    else:
        suppressed_rows = np.zeros(enc.n_records, dtype=bool)
    data = release_frame(frame, enc, node, suppressed_rows)
    values = evaluator.book.values(node, groups, bad)
    summary = class_summary(groups.sizes[~bad])
    suppressed = int(suppressed_rows.sum())
    if suppressed:
        warnings.append(
            f"{suppressed:,} record(s) ({suppressed / len(frame):.1%}) were suppressed "
            "(left out of the protected table) to satisfy the privacy models."
        )
    return AnonymizationResult(
        data=data,
        method="optimal",
        qis=tuple(d.name for d in enc.dims),
        transformation={d.name: int(lv) for d, lv in zip(enc.dims, node, strict=True)},
        loss_bound=float(outcome.bound) if np.isfinite(outcome.bound) else None,
        nodes_evaluated=evaluator.count,
        lattice_size=math.prod(enc.depths),
        search=outcome.strategy,
        optimal=outcome.optimal,
        suppressed_records=suppressed,
        info_loss=values,
        **summary,
        **common_fields(frame, enc, models, settings, sources, data, warnings, start),
    )


def _final_classes(evaluator: Evaluator, enc: Encoded, models: Models, node: tuple[int, ...]):
    """The classes at ``node`` and which of them fail the models.

    With k and distinct ℓ only (integer counts: the same numbers whatever table the classes
    are counted from) and no class failing, the smallest cached table will do; otherwise the
    base table, whose rows map to records.
    """
    if not models.has_other_part:
        groups = evaluator.groups(node)
        bad = _failing(models, groups)
        if not bad.any():
            return groups, bad
    groups = evaluator.groups(node, source=enc.base)
    return groups, _failing(models, groups)


def _failing(models: Models, groups) -> np.ndarray:
    pairs = groups.pairs(models.n_sensitive) if models.uses_sensitive else None
    bad = models.monotone_part(groups, pairs)
    if models.has_other_part:
        bad |= models.other_part(groups, pairs)
    return bad


def common_fields(frame, enc, models, settings, sources, data, warnings, start) -> dict:
    """Result fields shared by the optimal search and Mondrian."""
    return {
        "sensitive": enc.sensitive_name,
        "max_levels": {d.name: d.depth - 1 for d in enc.dims},
        "hierarchy_sources": sources,
        "k": models.k,
        "l": models.l,
        "l_variant": models.l_variant if models.l is not None else None,
        "c": models.c if models.l is not None and models.l_variant == "recursive" else None,
        "t": models.t,
        "t_distance": models.distance.kind if models.t is not None else None,
        "suppression_limit": settings.suppression,
        "metric": settings.metric,
        "rows_in": len(frame),
        "rows_out": len(data),
        "elapsed_seconds": time.perf_counter() - start,
        "warnings": tuple(warnings),
    }


def _hierarchies(frame: pd.DataFrame, qis: list[str], given: Mapping[str, Hierarchy]):
    """The hierarchy of every QI (given, else built from the data) and where it came from."""
    out, sources = {}, {}
    for col in qis:
        if col in given and given[col] is not None:
            out[col], sources[col] = given[col], "given"
        else:
            out[col] = auto_hierarchy(frame[col])
            sources[col] = f"automatic ({guess_kind(frame[col])})"
    return out, sources


def _models(settings, enc: Encoded, frame, sens: str | None, given) -> Models:
    distance = None
    if settings.t is not None:
        h = given.get(sens)
        if h is not None and MISSING in enc.sensitive_values:
            h = h.with_missing()
        numeric = pd.api.types.is_numeric_dtype(frame[sens])
        distance = make_distance(enc.sensitive_counts, list(enc.sensitive_values), h, numeric)
    return Models(
        k=int(settings.k or 1),
        l=settings.l,
        l_variant=settings.l_variant,
        c=settings.c,
        t=settings.t,
        limit=math.floor(settings.suppression * enc.n_records + 1e-9),
        distance=distance,
        n_sensitive=len(enc.sensitive_values),
    )


def _require_solution(evaluator: Evaluator, enc: Encoded, models: Models) -> None:
    """Even the most general transformation must satisfy the models, else nothing will."""
    top = tuple(d.depth - 1 for d in enc.dims)
    groups = evaluator.groups(top, source=enc.base)
    if groups.n_classes > 1:
        return  # hierarchies not ending in one value: the search reports failure itself
    pairs = groups.pairs(models.n_sensitive) if models.uses_sensitive else None
    bad = models.monotone_part(groups, pairs) | models.other_part(groups, pairs)
    if bad.any():
        raise ValidationError(
            "No transformation can satisfy the privacy models: even with every "
            "quasi-identifier fully generalized the whole table fails them "
            f"({_describe(models)}).",
            hint="Lower l or c, raise t, or choose another sensitive column.",
        )


def _describe(models: Models) -> str:
    parts = [f"k={models.k}"]
    if models.l is not None:
        parts.append(f"{models.l_variant} l={models.l}")
    if models.t is not None:
        parts.append(f"t={models.t}")
    return ", ".join(parts)
