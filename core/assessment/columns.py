"""Which column plays which part in the assessment, checked against the table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.attacks.property.spec import PropertySpec, check_property
from core.errors import ValidationError
from core.schema import Role
from core.settings import AssessmentSettings

MAX_TARGET_VALUES = 50
MAX_SENSITIVE_VALUES = 200


@dataclass(frozen=True)
class Columns:
    qis: tuple[str, ...]
    sensitive: str | None
    target: str | None
    identifiers: tuple[str, ...]
    features: tuple[str, ...]  # what the proxy model learns from (all but target, identifiers)
    prop: PropertySpec | None = None  # the share property inference attacks


def normalize_roles(roles: Mapping[str, Role | str]) -> dict[str, Role]:
    try:
        return {str(c): Role(r) for c, r in roles.items()}
    except ValueError as exc:
        raise ValidationError(
            f"Unknown column role: {exc}.",
            hint=f"Roles are: {', '.join(r.value for r in Role)}.",
        ) from None


def resolve_columns(
    frame: pd.DataFrame, roles: Mapping[str, Role], settings: AssessmentSettings
) -> tuple[Columns, list[str]]:
    """Target and sensitive column from the settings, else from the roles; validated."""
    for col in roles:
        _require(frame, col, "has a role but")
    of = {r: [c for c, x in roles.items() if x == r] for r in Role}
    target = settings.target or (of[Role.TARGET][0] if of[Role.TARGET] else None)
    sensitive = settings.sensitive or (of[Role.SENSITIVE][0] if of[Role.SENSITIVE] else None)
    notes: list[str] = []
    if target is not None:
        _require(frame, target, "is the target but")
        _check_target(frame[target])
    if sensitive is not None:
        _require(frame, sensitive, "is the sensitive column but")
        n = frame[sensitive].nunique()
        if n > MAX_SENSITIVE_VALUES:
            notes.append(
                f"'{sensitive}' has {n} distinct values: attribute attacks guess exact values "
                "and will look weak; group its values if a near guess also harms."
            )
    ids = tuple(c for c in of[Role.IDENTIFIER] if c not in (target, sensitive))
    qis = tuple(c for c in of[Role.QUASI_IDENTIFIER] if c != target)
    features = tuple(c for c in frame.columns if c not in ids and c != target)
    prop = None
    if "property" in settings.attacks:
        if settings.property_column in ids:
            raise ValidationError(
                f"The property column '{settings.property_column}' is a direct identifier: it "
                "is removed before any attack.",
                column=settings.property_column,
                hint="Pick a column that stays in the data, e.g. sex or a diagnosis.",
            )
        prop = check_property(
            frame, settings.property_column, settings.property_value, target=target,
            sensitive=sensitive,
        )  # fmt: skip
    return Columns(qis, sensitive, target, ids, features, prop), notes


def _require(frame: pd.DataFrame, col: str, what: str) -> None:
    if col not in frame.columns:
        raise ValidationError(
            f"Column '{col}' {what} is not in the table.",
            column=col,
            hint=f"Columns present: {', '.join(map(str, frame.columns))}.",
        )


def _check_target(series: pd.Series) -> None:
    n = series.nunique()
    if n > MAX_TARGET_VALUES:
        raise ValidationError(
            f"The target column '{series.name}' has {n} different values; the proxy model "
            f"predicts categories (at most {MAX_TARGET_VALUES}).",
            column=str(series.name),
            hint="Choose a column with a few values (e.g. a yes/no outcome) as the target.",
        )
    if n < 2:
        raise ValidationError(
            f"The target column '{series.name}' has a single value: nothing to predict.",
            column=str(series.name),
            hint="Choose a column whose value differs between records.",
        )
