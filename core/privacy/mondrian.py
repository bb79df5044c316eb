"""Mondrian multidimensional local recoding (LeFevre et al. 2006), strict partitioning.

Works on the frequency table of distinct rows. A partition is cut at the (record-weighted)
median of the QI with the widest normalized range, provided both halves satisfy every model
(k, ℓ, t); it is a release class when no QI can be cut. Numbers and dates are ordered by
value and released as ranges; categories are ordered along their hierarchy (siblings kept
together) and released as the lowest hierarchy label covering the partition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.hierarchy.auto import ISO_DATE
from core.hierarchy.keys import MISSING
from core.jobs import Monitor
from core.privacy.encoding import Dimension, Encoded, group_rows
from core.privacy.metrics import MetricBook
from core.privacy.models import Models, histograms_ok
from core.privacy.release import text_column
from core.privacy.result import AnonymizationResult, class_summary

PROGRESS_EVERY = 256


def mondrian(frame, enc: Encoded, models: Models, settings, sources, monitor: Monitor, start):
    """Partition, label and release; the result has no single transformation level."""
    orders = [_order(d, frame[d.name]) for d in enc.dims]
    ranks = np.stack([o.rank[enc.base.codes[q]] for q, o in enumerate(orders)], axis=1)
    parts, checked = _partition(enc, models, ranks, orders, monitor)
    part_of_base = np.empty(len(enc.base), dtype=np.int64)
    for i, idx in enumerate(parts):
        part_of_base[idx] = i
    part_of_row = part_of_base[enc.row_to_base]
    data = frame.copy(deep=False)
    shares, label_codes = [], []
    for q, (d, order) in enumerate(zip(enc.dims, orders, strict=True)):
        labels, share = _labels(d, order, ranks[:, q], enc.base.codes[q], parts)
        data[d.name] = text_column(part_of_row, labels, frame.index)
        shares.append(share)
        label_codes.append(pd.factorize(labels)[0])
    part_sizes = np.array([enc.base.counts[idx].sum() for idx in parts], dtype=np.int64)
    # partitions printed alike form one class in the release
    visible = group_rows(label_codes, [int(c.max()) + 1 for c in label_codes])[0]
    sizes = np.bincount(visible, weights=part_sizes).astype(np.int64)
    info = _info_loss(enc, data, shares, part_sizes, sizes)
    from core.privacy.engine import common_fields

    return AnonymizationResult(
        data=data,
        method="mondrian",
        qis=tuple(d.name for d in enc.dims),
        transformation={},
        nodes_evaluated=checked,
        search="mondrian",
        optimal=False,
        suppressed_records=0,
        info_loss=info,
        **class_summary(sizes),
        **common_fields(frame, enc, models, settings, sources, data, [], start),
    )


class _Order:
    """Rank of every hierarchy leaf along one QI, and how to print a range of leaves."""

    def __init__(self, rank: np.ndarray, keys: list[str], kind: str) -> None:
        self.rank = rank
        self.by_rank = np.empty(len(rank), dtype=object)
        self.by_rank[rank] = keys
        self.kind = kind


def _order(d: Dimension, column: pd.Series) -> _Order:
    keys = list(d.hierarchy.values)
    kind = "category"
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        kind, value = "number", pd.to_numeric(pd.Series(keys), errors="coerce").to_numpy()
    elif pd.api.types.is_datetime64_any_dtype(column) or _iso_dates(keys):
        kind = "date"
        value = pd.to_datetime(pd.Series(keys), errors="coerce", format="ISO8601").to_numpy()
        value = np.where(pd.isna(value), np.datetime64("NaT"), value).astype("datetime64[s]")
        value = np.where(pd.isna(value), np.nan, value.astype(np.int64).astype(float))
    if kind == "category":
        paths = [d.hierarchy.level_codes(level)[0] for level in range(d.depth - 1, -1, -1)]
        order = np.lexsort(paths[::-1])
    else:
        missing = pd.isna(value)
        order = np.lexsort((np.where(missing, 0, value).astype(float), missing))
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = np.arange(len(keys))
    return _Order(rank, keys, kind)


def _iso_dates(keys: list[str]) -> bool:
    present = pd.Series([k for k in keys if k != MISSING], dtype="str")
    return bool(len(present)) and bool(present.str.match(ISO_DATE).all())


def _partition(enc: Encoded, models: Models, ranks, orders, monitor: Monitor):
    counts = enc.base.counts.astype(float)
    sens = enc.base.sensitive
    n_sens = len(enc.sensitive_values) if sens is not None else 1
    span = np.array([max(len(o.rank) - 1, 1) for o in orders], dtype=float)

    def hist(idx: np.ndarray) -> np.ndarray:
        if sens is None:
            return np.array([counts[idx].sum()])
        return np.bincount(sens[idx], weights=counts[idx], minlength=n_sens)

    everything = np.arange(len(counts))
    if not histograms_ok(models, hist(everything)[None, :])[0]:
        raise ValidationError(
            "Mondrian cannot satisfy the privacy models: the whole table fails them.",
            hint="Lower k or l, or raise t.",
        )
    stack, done, checked = [everything], [], 0
    while stack:
        idx = stack.pop()
        halves, tried = _split(idx, ranks, counts, span, hist, models)
        checked += tried
        if halves is None:
            done.append(idx)
        else:
            stack.extend(halves)
        if len(done) % PROGRESS_EVERY == 0:
            covered = sum(len(p) for p in done) / len(counts)
            monitor.progress(covered, "Partitioning (Mondrian)")
    return done, checked


def _split(idx, ranks, counts, span, hist, models):
    """Cut ``idx`` at the median of the widest QI that allows it; None when none does."""
    r = ranks[idx]
    low, high = r.min(axis=0), r.max(axis=0)
    widths = (high - low) / span
    tried = 0
    for q in np.argsort(-widths, kind="stable"):
        if widths[q] <= 0:
            break
        col = r[:, q] - low[q]
        weights = np.bincount(col, weights=counts[idx])
        cut = int(np.searchsorted(np.cumsum(weights), weights.sum() / 2))
        if cut >= len(weights) - 1:
            cut = len(weights) - 2
        left = col <= cut
        tried += 1
        halves = (idx[left], idx[~left])
        if not halves[0].size or not halves[1].size:
            continue
        if histograms_ok(models, np.stack([hist(h) for h in halves])).all():
            return halves, tried
    return None, tried


def _labels(d: Dimension, order: _Order, rank_col, leaf_col, parts):
    """Label and domain share (leaves covered / all leaves) of every partition on one QI."""
    labels, shares = [], []
    size = len(d.hierarchy)
    for idx in parts:
        lo, hi = int(rank_col[idx].min()), int(rank_col[idx].max())
        if order.kind == "category":
            level, code = _lowest_common(d, leaf_col[idx])
            labels.append(str(d.hierarchy.level_codes(level)[1][code]))
            shares.append(d.share[level][code])
        else:
            labels.append(_range_label(order, lo, hi))
            shares.append((hi - lo + 1) / size)
    return np.array(labels, dtype=object), np.array(shares)


def _lowest_common(d: Dimension, leaves: np.ndarray) -> tuple[int, int]:
    for level in range(d.depth):
        codes = d.lookup[level][leaves]
        if (codes == codes[0]).all():
            return level, int(codes[0])
    return d.depth - 1, 0


def _range_label(order: _Order, lo: int, hi: int) -> str:
    first, last = str(order.by_rank[lo]), str(order.by_rank[hi])
    if lo == hi:
        return first
    if last == MISSING:
        return f"{_range_label(order, lo, hi - 1)} or {MISSING}"
    joiner = ".." if order.kind == "date" or first.startswith("-") or last.startswith("-") else "-"
    return f"{first}{joiner}{last}"


def _info_loss(enc: Encoded, data: pd.DataFrame, shares, part_sizes, sizes) -> dict[str, float]:
    """The four metrics for a local recoding (no suppression).

    Non-uniform entropy uses P(original | released label), counted over the records.
    """
    book = MetricBook(enc)
    n = float(enc.n_records)
    per_qi, bits = [], 0.0
    for q, d in enumerate(enc.dims):
        total = float((shares[q] * part_sizes).sum())
        per_qi.append(book._normalize_loss(q, total))
        label = pd.factorize(data[d.name])[0].astype(np.int64)
        pair = label * len(d.hierarchy) + enc.leaf_rows[q]
        pair_counts = np.unique(pair, return_inverse=True, return_counts=True)
        with_label = np.bincount(label)[label]
        bits += float(np.log2(with_label / pair_counts[2][pair_counts[1]]).sum())
    return {
        "loss": float(MetricBook.aggregate_loss(np.asarray(per_qi))),
        "entropy": bits,
        "discernibility": float((sizes.astype(float) ** 2).sum()),
        "aecs": n / len(sizes),
    }
