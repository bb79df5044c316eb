"""What every engine needs to write a release: per QI, each value's released label and class
code, and the codes of the suppressed classes (all small, built from the frequency table)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.engine.plan import Plan
from core.errors import ConfigError
from core.hierarchy.keys import MISSING, factorize

KEY_LIMIT = 1 << 62


@dataclass(frozen=True)
class QiMap:
    """One QI: the engine's text of each distinct value, its label and its class code.

    ``labels`` is None for a QI kept at level 0 (released as it is). The last entry of
    ``labels``/``codes`` is for a missing cell.
    """

    column: str
    texts: list[str]
    labels: list[str] | None
    codes: list[int]
    radix: int
    # each frequency row's position in ``texts`` (-1: missing), when known
    at: np.ndarray | None = field(default=None, repr=False, compare=False)


def qi_maps(plan: Plan) -> list[QiMap]:
    """The map of every QI, from the frequency table's text and keys."""
    freq = plan.freq
    if freq.text is None:
        raise ValueError("the frequency table carries no engine text")
    out = []
    for col in freq.qis:
        codes, keys = factorize(freq.frame[col])
        hierarchy = plan.hierarchies[col]
        if MISSING in keys:
            hierarchy = hierarchy.with_missing()
        rows = hierarchy.index_of(keys, column=col)[codes]
        level = plan.levels[col]
        class_code = hierarchy.level_codes(level)[0][rows]
        label = hierarchy.labels(level)[rows]
        out.append(_qi_map(col, freq.text[col], class_code, label, level, hierarchy))
    return out


def _qi_map(col, text, class_code, label, level, hierarchy) -> QiMap:
    from core.io.formulas import neutralize

    codes_t, distinct = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=True)
    present = np.flatnonzero(codes_t >= 0)
    _, first = np.unique(codes_t[present], return_index=True)
    rows = present[first]  # the first row holding each distinct text, in ``distinct`` order
    missing_at = np.flatnonzero(codes_t < 0)
    radix = len(hierarchy.level_codes(level)[1])
    missing_code = int(class_code[missing_at[0]]) if len(missing_at) else radix
    codes = [*class_code[rows].tolist(), missing_code]
    labels = None
    if level > 0:
        missing_label = str(label[missing_at[0]]) if len(missing_at) else ""
        labels = [str(neutralize(str(v))) for v in (*label[rows], missing_label)]
    return QiMap(col, [str(t) for t in distinct], labels, codes, radix + 1, codes_t)


def class_keys(plan: Plan, maps: list[QiMap]) -> tuple[list[int], list[bool]]:
    """Every class present (its key: the QIs' class codes in mixed radix) and whether it is
    suppressed, sorted by key."""
    if math.prod(m.radix for m in maps) >= KEY_LIMIT:
        raise ConfigError(
            "Too many distinct generalized combinations to write this release out of memory.",
            hint="Generalize more (give coarser hierarchies) or use --engine pandas.",
        )
    key = np.zeros(len(plan.suppressed), dtype=np.int64)
    for m in maps:
        at = m.at
        if at is None:
            at = pd.Index(m.texts).get_indexer(plan.freq.text[m.column].to_numpy(dtype=object))
        key = key * m.radix + np.asarray(m.codes, dtype=np.int64)[at]  # -1: the missing cell
    keys, first = np.unique(key, return_index=True)
    return keys.tolist(), plan.suppressed[first].tolist()


def suppressed_keys(plan: Plan, maps: list[QiMap]) -> list[int]:
    """The keys of the suppressed classes."""
    keys, gone = class_keys(plan, maps)
    return [k for k, g in zip(keys, gone, strict=True) if g]
