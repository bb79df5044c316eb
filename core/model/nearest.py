"""Nearest released row for many query rows, in chunks with a cancel point between them."""

from __future__ import annotations

import numpy as np

from core.jobs import Monitor

PAIRS_PER_CHUNK = 2**25  # query × reference distances per chunk: a fraction of a second
MIN_CHUNK = 64  # query rows at least; every row's result is that of one whole call


def nearest_rows(
    x: np.ndarray, reference: np.ndarray, monitor: Monitor | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Index of, and Euclidean distance to, the closest ``reference`` row of each ``x`` row.

    The same as ``sklearn.metrics.pairwise_distances_argmin_min(x, reference)``, computed a
    block of query rows at a time; ``monitor`` gets progress (and Cancel) between blocks.
    """
    from sklearn.metrics import pairwise_distances_argmin_min

    n = len(x)
    step = chunk_rows(len(reference))
    index, dist = np.empty(n, dtype=np.intp), np.empty(n, dtype=np.float64)
    for start in range(0, n, step):
        if monitor is not None:
            monitor.progress(start / n, "Distances to released rows")
        stop = min(start + step, n)
        index[start:stop], dist[start:stop] = pairwise_distances_argmin_min(
            x[start:stop], reference
        )
    return index, dist


def chunk_rows(n_reference: int) -> int:
    """Query rows per chunk: a multiple of MIN_CHUNK with about PAIRS_PER_CHUNK distances."""
    rows = PAIRS_PER_CHUNK // max(n_reference, 1)
    return max(MIN_CHUNK, rows // MIN_CHUNK * MIN_CHUNK)
