"""Applying a transformation: generalized QI labels, suppressed records removed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.privacy.encoding import Encoded


def release_frame(
    frame: pd.DataFrame, enc: Encoded, node: tuple[int, ...], suppressed: np.ndarray
) -> pd.DataFrame:
    """``frame`` with every QI at ``node``'s level and the rows flagged in ``suppressed`` gone.

    A QI left at level 0 keeps its values and dtype; generalized QIs become text.
    """
    keep = None if not suppressed.any() else np.flatnonzero(~suppressed)
    out = frame if keep is None else frame.iloc[keep]
    out = out.copy(deep=False)
    for d, leaf, level in zip(enc.dims, enc.leaf_rows, node, strict=True):
        if level == 0:
            continue
        codes = d.lookup[level][leaf if keep is None else leaf[keep]]
        labels = d.hierarchy.level_codes(level)[1]
        out[d.name] = text_column(codes, labels, out.index)
    return out


def text_column(codes: np.ndarray, labels: np.ndarray, index: pd.Index) -> pd.Series:
    """A ``str`` column holding ``labels[codes]``, built without one Python object per row."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is an optional dependency
        return pd.Series(labels[codes], index=index, dtype="str")
    dictionary = pa.array([str(v) for v in labels], type=pa.large_string())
    arrow = pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), dictionary)
    return pd.Series(arrow.cast(pa.large_string()), index=index, dtype="str")
