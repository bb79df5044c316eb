"""A generalization hierarchy: one row per original value, one column per level, last = '*'."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.hierarchy.keys import MISSING, factorize

SPEC_VERSION = 1


class Hierarchy:
    """Maps each original value (level 0) to ever coarser labels; level ``depth - 1`` is the top.

    The table must be rectangular and tree-shaped: a label at one level has a single parent at
    the next. Values are kept as text (see ``core.hierarchy.keys.value_key``).
    """

    def __init__(
        self, rows: Sequence[Sequence[str]], *, name: str = "", builder: dict | None = None
    ):
        self.name = name
        self.builder = dict(builder) if builder else None
        self._table = _check_table([[str(c) for c in row] for row in rows], name)
        self._index = {v: i for i, v in enumerate(self._table[:, 0])}

    # ---- shape -------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        """Number of levels, the original values (level 0) included."""
        return int(self._table.shape[1])

    @property
    def values(self) -> list[str]:
        return list(self._table[:, 0])

    @property
    def table(self) -> np.ndarray:
        """A read-only (values × levels) array of labels."""
        view = self._table.view()
        view.flags.writeable = False
        return view

    def __len__(self) -> int:
        return int(self._table.shape[0])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hierarchy) and np.array_equal(self._table, other._table)

    def __hash__(self) -> int:
        return hash((self.depth, len(self), tuple(self._table[:, 0])))

    def __repr__(self) -> str:
        return f"Hierarchy({self.name!r}, values={len(self)}, depth={self.depth})"

    def labels(self, level: int) -> np.ndarray:
        """The label of every value at ``level``."""
        return self._table[:, self._check_level(level)]

    @cached_property
    def _codes(self) -> list[tuple[np.ndarray, np.ndarray]]:
        out = []
        for level in range(self.depth):
            codes, uniques = pd.factorize(self._table[:, level])
            out.append((codes.astype(np.int32), np.asarray(uniques, dtype=object)))
        return out

    def level_codes(self, level: int) -> tuple[np.ndarray, np.ndarray]:
        """(code of every value at ``level``, the distinct labels of that level)."""
        return self._codes[self._check_level(level)]

    # ---- data --------------------------------------------------------------------------
    def with_missing(self) -> Hierarchy:
        """This hierarchy plus a row for missing cells ('(missing)' up to the top, then '*')."""
        if MISSING in self._index:
            return self
        tops = set(self._table[:, -1])
        top = tops.pop() if len(tops) == 1 and self.depth > 1 else MISSING
        row = [MISSING] * (self.depth - 1) + [top]
        return Hierarchy([*self._table.tolist(), row], name=self.name, builder=self.builder)

    def index_of(self, keys: Sequence[str], *, column: str | None = None) -> np.ndarray:
        """Row of each canonical key; a key absent from the hierarchy is a ValidationError."""
        get = self._index.get
        rows = np.fromiter((get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        if (rows < 0).any():
            absent = [k for k, r in zip(keys, rows, strict=True) if r < 0]
            col = column or self.name or "?"
            shown = ", ".join(repr(v) for v in absent[:5]) + (" …" if len(absent) > 5 else "")
            raise ValidationError(
                f"Column '{col}' has {len(absent)} value(s) missing from its hierarchy: {shown}.",
                column=col,
                value=absent[0],
                hint="Add them to the hierarchy file, or let Veil build the hierarchy.",
            )
        return rows

    def generalize(self, series: pd.Series, level: int) -> pd.Series:
        """``series`` with every value replaced by its label at ``level`` (level 0: unchanged)."""
        level = self._check_level(level)
        if level == 0:
            return series.copy()
        codes, keys = factorize(series)
        hierarchy = self.with_missing() if MISSING in keys else self
        rows = hierarchy.index_of(
            keys, column=str(series.name) if series.name is not None else None
        )
        labels = hierarchy._table[rows, level]
        return pd.Series(labels[codes], index=series.index, name=series.name, dtype="str")

    # ---- persistence -------------------------------------------------------------------
    @classmethod
    def from_arx_csv(cls, path: str | os.PathLike[str], *, name: str = "") -> Hierarchy:
        """Read ARX's format: ';'-separated, no header, column 0 = value, last column '*'."""
        from core.errors import InputError
        from core.hierarchy.arx_csv import read_rows

        try:
            return cls(read_rows(path), name=name or _stem(path))
        except ValidationError as exc:
            raise InputError(
                f"{os.path.basename(os.fspath(path))}: {exc.message}", path=str(path), hint=exc.hint
            ) from None

    def to_arx_csv(self, path: str | os.PathLike[str]) -> None:
        """Write ARX's format atomically (never leaves a half-written file)."""
        from core.hierarchy.arx_csv import write_rows

        write_rows(path, self._table.tolist())

    def to_spec(self) -> dict[str, Any]:
        """A JSON-ready description that ``from_spec`` turns back into the same hierarchy."""
        spec: dict[str, Any] = {"version": SPEC_VERSION, "name": self.name}
        spec["levels"] = self._table.tolist()
        if self.builder:
            spec["builder"] = dict(self.builder)
        return spec

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Hierarchy:
        try:
            rows = spec["levels"]
        except (KeyError, TypeError):
            raise ValidationError(
                "A hierarchy in the project has no 'levels'.",
                hint="Rebuild the hierarchy in Veil or import its ARX CSV file again.",
            ) from None
        return cls(rows, name=str(spec.get("name", "")), builder=spec.get("builder"))

    def _check_level(self, level: int) -> int:
        if not 0 <= int(level) < self.depth:
            raise ValidationError(
                f"Hierarchy '{self.name}' has levels 0 to {self.depth - 1}, not {level}.",
                value=level,
            )
        return int(level)


def _stem(path: str | os.PathLike[str]) -> str:
    stem = os.path.splitext(os.path.basename(os.fspath(path)))[0]
    return stem.removeprefix("adult_hierarchy_")


def _check_table(rows: list[list[str]], name: str) -> np.ndarray:
    label = f"Hierarchy '{name}'" if name else "The hierarchy"
    if not rows or not rows[0]:
        raise ValidationError(f"{label} is empty.", hint="It needs one row per value.")
    depth = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != depth:
            raise ValidationError(
                f"{label} has uneven depths: row {i + 1} ('{row[0] if row else ''}') has "
                f"{len(row)} levels but row 1 has {depth}.",
                column=name or None,
                value=row[0] if row else None,
                hint="Every value needs the same number of levels, ending with '*'.",
            )
    table = np.array(rows, dtype=object).reshape(len(rows), depth)
    values, counts = np.unique(table[:, 0].astype(str), return_counts=True)
    if (counts > 1).any():
        dup = values[counts > 1][0]
        raise ValidationError(
            f"{label} lists the value '{dup}' more than once.", column=name or None, value=dup
        )
    for level in range(depth - 1):
        _check_tree(table[:, level], table[:, level + 1], level, label, name)
    return table


def _check_tree(child: np.ndarray, parent: np.ndarray, level: int, label: str, name: str) -> None:
    pairs = pd.DataFrame({"c": child, "p": parent}).drop_duplicates()
    clash = pairs[pairs.duplicated("c", keep=False)]
    if not clash.empty:
        c = clash["c"].iloc[0]
        parents = sorted(clash.loc[clash["c"] == c, "p"].astype(str))
        raise ValidationError(
            f"{label} is not a tree: '{c}' at level {level} generalizes to both "
            f"{' and '.join(repr(p) for p in parents[:2])} at level {level + 1}.",
            column=name or None,
            value=c,
            hint="Give each label a single parent, or rename one of the labels.",
        )
