"""Applying a transformation: generalized QI labels, suppressed records removed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.privacy.encoding import Encoded


def release_frame(
    frame: pd.DataFrame, enc: Encoded, node: tuple[int, ...], suppressed: np.ndarray
) -> pd.DataFrame:
    """``frame`` with every QI at ``node``'s level and the rows flagged in ``suppressed`` gone.

    A QI left at level 0 keeps its values and dtype; generalized QIs become text. Columns
    that are replaced are never copied.
    """
    keep = None if not suppressed.any() else np.flatnonzero(~suppressed)
    index = frame.index if keep is None else frame.index[keep]
    generalized = {
        d.name: (d, leaf, level)
        for d, leaf, level in zip(enc.dims, enc.leaf_rows, node, strict=True)
        if level > 0
    }
    columns = {}
    for name in frame.columns:
        if name in generalized:
            d, leaf, level = generalized[name]
            codes, labels = d.hierarchy.level_codes(level)
            rows = leaf if keep is None else leaf[keep]
            columns[name] = text_column(rows, labels[codes], index)  # label of each leaf
        else:
            column = frame[name]
            columns[name] = column if keep is None else column.iloc[keep]
    return pd.DataFrame(columns, index=index, copy=False)


def text_column(codes: np.ndarray, labels: np.ndarray, index: pd.Index) -> pd.Series:
    """A ``str`` column holding ``labels[codes]``, built without one Python object per row."""
    try:
        import pyarrow as pa
        from pandas.arrays import ArrowStringArray
    except ImportError:  # pragma: no cover - pyarrow is an optional dependency
        return pd.Series(labels[codes], index=index, dtype="str")
    texts = [str(v) for v in labels]
    if len(set(texts)) == 1:  # e.g. the top level: one label repeated, written in one go
        values = _repeated(pa, texts[0], len(codes))
    else:
        values = pa.array(texts, type=pa.large_string()).take(codes)
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str`` dtype
    return pd.Series(ArrowStringArray(values, dtype=dtype), index=index, copy=False)


def _repeated(pa, text: str, n: int):
    """A large_string Arrow array of ``n`` copies of ``text``."""
    data = text.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int64) * len(data)
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data * n))
