"""The release gate: what in a release Veil itself flags, listed before the file is written.

A concern is a column released as it is (Keep as is, or the target) that looks identifying —
Veil's own suggestion for it is Identifier, or it alone makes more than half the records
unique — or a HIGH verdict light. The CLI refuses such a release without ``--accept-risk``;
the GUI asks for a confirmation naming every concern; the report records what was confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import VeilError
from core.results import ResultMixin
from core.schema import Role
from core.uniqueness import group_ids, kept_columns, unique_share

if TYPE_CHECKING:
    import pandas as pd

    from core.roles import RoleSuggestion

ALONE_UNIQUE = 0.5  # a kept column making more than this share of records unique by itself
EXIT_CODE = 3  # what `veil-cli run`/`protect` return when the gate stops a release


@dataclass(frozen=True)
class Concern(ResultMixin):
    """One thing the user must confirm: ``kind`` is "column" or "light"; ``subject`` is the
    column or the light's risk; ``line`` says it in one sentence."""

    kind: str
    subject: str
    line: str


@dataclass(frozen=True)
class GateResult(ResultMixin):
    """Every concern about a release, one line each; empty when nothing needs confirming."""

    concerns: tuple[Concern, ...]

    @property
    def clear(self) -> bool:
        return not self.concerns

    @property
    def lines(self) -> list[str]:
        return [c.line for c in self.concerns]


class ReleaseRefused(VeilError):
    """A release with concerns was asked for without accepting the risk."""

    def __init__(self, gate: GateResult) -> None:
        super().__init__(
            f"Not written: {len(gate.concerns)} concern(s) about this release.",
            hint="Change the roles or settings, or confirm with --accept-risk.",
        )
        self.gate = gate


def check_release(
    frame: pd.DataFrame,
    roles: Mapping[str, Role | str],
    *,
    suggestions: Iterable[RoleSuggestion] = (),
    released: pd.DataFrame | None = None,
    lights: Sequence[Any] = (),
    dp: bool = False,
    alone: Mapping[str, float] | None = None,
    first_rows: int | None = None,
) -> GateResult:
    """The concerns about releasing ``released`` (protected from ``frame`` with ``roles``).

    ``suggestions`` are Veil's (``core.roles.suggest_roles``); ``lights`` the verdicts
    (objects with ``risk``, ``level``, ``sentence``). Columns absent from ``released`` are
    not released, and a differentially private release (``dp``) keeps no column as it is, so
    those raise no column concern. For a large table ``frame`` holds its ``first_rows`` rows
    (the lines say what was judged on them) and ``alone`` the share of all its records each
    kept column makes unique by itself (``core.engine.uniqueness``).
    """
    flagged = {s.column: s for s in suggestions if Role(s.role) is Role.IDENTIFIER}
    concerns = []
    for column in [] if dp else kept_columns(roles):
        if column not in frame.columns or (released is not None and column not in released):
            continue
        whole = None if alone is None else alone.get(column)
        line = _column_line(frame, column, flagged.get(column), whole, first_rows)
        if line:
            concerns.append(Concern("column", column, line))
    for light in lights:
        if str(getattr(light.level, "value", light.level)) == "high":
            line = f"{light.risk} risk is HIGH: {light.sentence}"
            concerns.append(Concern("light", str(light.risk), line))
    return GateResult(tuple(concerns))


def require_confirmation(gate: GateResult, accept_risk: bool) -> list[str]:
    """The lines to record as confirmed; raises ``ReleaseRefused`` when not accepted."""
    if gate.concerns and not accept_risk:
        raise ReleaseRefused(gate)
    return gate.lines


def _column_line(
    frame: pd.DataFrame,
    column: str,
    flagged: RoleSuggestion | None,
    whole: float | None = None,
    first_rows: int | None = None,
) -> str | None:
    sampled = f", judged on the first {first_rows:,} rows" if first_rows else ""
    if flagged is not None:
        return (
            f"Column '{column}' is released as it is, but Veil suggests it is an identifier "
            f"({flagged.reason}{sampled})."
        )
    alone = unique_share(group_ids(frame, [column])) if whole is None else whole
    if alone > ALONE_UNIQUE:
        where = "of all the" if whole is not None else "of the"
        if whole is None and first_rows:
            where = f"of the first {first_rows:,}"
        return (
            f"Column '{column}' is released as it is and alone makes {alone:.0%} {where} "
            f"records unique."
        )
    return None
