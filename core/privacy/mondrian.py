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
from core.jobs import Monitor
from core.privacy.encoding import Encoded, group_rows
from core.privacy.metrics import MetricBook
from core.privacy.models import Models, histograms_ok
from core.privacy.recoding import Order, PartitionLayout, labels_and_shares
from core.privacy.release import text_column
from core.privacy.result import AnonymizationResult, class_summary

PROGRESS_EVERY = 256


def mondrian(frame, enc: Encoded, models: Models, settings, sources, monitor: Monitor, start):
    """Partition, label and release; the result has no single transformation level."""
    orders = [Order(d, frame[d.name]) for d in enc.dims]
    ranks = np.stack([o.rank[enc.base.codes[q]] for q, o in enumerate(orders)], axis=1)
    parts, checked = _partition(enc, models, ranks, monitor)
    part_of_base = np.empty(len(enc.base), dtype=np.int64)
    for i, idx in enumerate(parts):
        part_of_base[idx] = i
    layout = PartitionLayout(part_of_base, len(parts))
    part_of_row = part_of_base[enc.row_to_base]
    columns, shares, label_codes = {}, [], []
    for q, (d, order) in enumerate(zip(enc.dims, orders, strict=True)):
        labels, share = labels_and_shares(d, order, enc.base.codes[q], layout)
        columns[d.name] = text_column(part_of_row, labels, frame.index)
        shares.append(share)
        label_codes.append(pd.factorize(labels)[0])
    data = frame.assign(**columns)
    part_sizes = np.bincount(part_of_base, weights=enc.base.counts).astype(np.int64)
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


def _partition(enc: Encoded, models: Models, ranks, monitor: Monitor):
    counts = enc.base.counts.astype(float)
    sens = enc.base.sensitive
    n_sens = len(enc.sensitive_values) if sens is not None else 1
    span = np.array([max(len(d.hierarchy) - 1, 1) for d in enc.dims], dtype=float)

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
    stack, done, checked, covered = [everything], [], 0, 0
    while stack:
        idx = stack.pop()
        halves, tried = _split(idx, ranks, counts, span, hist, models)
        checked += tried
        if halves is None:
            done.append(idx)
            covered += len(idx)
            if len(done) % PROGRESS_EVERY == 0:
                monitor.progress(covered / len(counts), "Partitioning (Mondrian)")
        else:
            stack.extend(halves)
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
