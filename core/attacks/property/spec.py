"""Which property is attacked: one value of one column, checked before any work."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.errors import ConfigError, ValidationError
from core.model.coder import keys


@dataclass(frozen=True)
class PropertySpec:
    """The share of ``value`` in ``column`` among the people a model was trained on."""

    column: str
    value: str

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        return keys(frame[self.column]) == self.value

    def describe(self) -> str:
        return f"{self.column} = {self.value}"


def parse_property(text: str) -> tuple[str, str]:
    """'COL=VALUE' → (COL, VALUE); the value may itself hold '='."""
    column, sep, value = text.partition("=")
    if not sep or not column.strip() or not value.strip():
        raise ConfigError(
            f"Cannot read the property '{text}'.",
            hint="Write it as COLUMN=VALUE, e.g. sex=Female.",
        )
    return column.strip(), value.strip()


def default_property(frame: pd.DataFrame, sensitive: str | None) -> PropertySpec | None:
    """The most frequent value of the sensitive column (None without one)."""
    if sensitive is None or sensitive not in frame.columns:
        return None
    counts = keys(frame[sensitive]).value_counts()
    return PropertySpec(sensitive, str(counts.index[0])) if len(counts) else None


def check_property(
    frame: pd.DataFrame, column: str | None, value: str | None, *, target: str | None,
    sensitive: str | None,
) -> PropertySpec | None:  # fmt: skip
    """The property to attack, refused in plain words when it cannot be measured."""
    if column is None:
        return default_property(frame, sensitive)
    if column not in frame.columns:
        raise ValidationError(
            f"The property column '{column}' is not in the table.",
            column=column,
            hint=f"Columns are: {', '.join(map(str, frame.columns))}.",
        )
    if column == target:
        raise ValidationError(
            f"The property column '{column}' is the target the model predicts.",
            column=column,
            hint="Property inference asks about a share the model was NOT built to predict: "
            "pick another column.",
        )
    counts = keys(frame[column]).value_counts()
    if len(counts) < 2:
        raise ValidationError(
            f"The property column '{column}' has the same value in every row.",
            column=column,
            hint="A share of one value is only worth hiding when the column varies: pick "
            "another column.",
        )
    chosen = str(counts.index[0]) if value is None else str(value)
    if chosen not in counts.index:
        shown = ", ".join(map(str, counts.index[:8]))
        raise ValidationError(
            f"The value '{chosen}' does not occur in column '{column}'.",
            column=column,
            hint=f"Common values are: {shown}.",
        )
    return PropertySpec(column, chosen)
