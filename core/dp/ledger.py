"""The project's privacy budget: diffprivlib's BudgetAccountant plus a label for every spend."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from core.dp.backend import BudgetAccountant, BudgetError
from core.errors import BudgetExceeded, ConfigError
from core.results import ResultMixin

# Splitting ε into parts and adding them back can overshoot by one float ulp.
_ROUNDING_SLACK = 1e-9


@dataclass(frozen=True)
class Spend(ResultMixin):
    """One charge on the budget: what it paid for and its (ε, δ)."""

    label: str
    epsilon: float
    delta: float = 0.0


class BudgetLedger:
    """One per project: every mechanism spends from it; overspending is refused up front.

    ``plan(spends)`` checks a whole release before any work; ``charge(label, ε, δ)`` then
    records each mechanism. Spends compose sequentially (ε and δ add up).
    """

    def __init__(
        self, epsilon: float = math.inf, delta: float = 0.0, *, spent: Iterable[Spend] = ()
    ) -> None:
        if not epsilon > 0:
            raise ConfigError(f"The privacy budget ε must be positive, not {epsilon}.")
        if not 0 <= delta < 1:
            raise ConfigError(f"The privacy budget δ must lie in [0, 1), not {delta}.")
        self.epsilon = float(epsilon)
        self.delta = float(delta)
        loose = 1 + _ROUNDING_SLACK
        self._accountant = BudgetAccountant(self.epsilon * loose, min(self.delta * loose, 1))
        self._entries: list[Spend] = []
        for s in spent:
            self._record(s)

    @property
    def accountant(self) -> BudgetAccountant:
        """The diffprivlib accountant, to pass as ``accountant=`` to diffprivlib functions."""
        return self._accountant

    @property
    def entries(self) -> tuple[Spend, ...]:
        return tuple(self._entries)

    def spent(self) -> tuple[float, float]:
        """Total (ε, δ) spent so far."""
        eps, delta = self._accountant.total()
        return float(eps), float(delta)

    def remaining(self) -> tuple[float, float]:
        eps, delta = self.spent()
        return max(self.epsilon - eps, 0.0), max(self.delta - delta, 0.0)

    def plan(self, spends: Iterable[Spend]) -> None:
        """Raise BudgetExceeded unless all ``spends`` fit in what is left; spends nothing."""
        spends = list(spends)
        planned = [(s.epsilon, s.delta) for s in spends]
        eps, delta = self._accountant.total(spent_budget=self._accountant.spent_budget + planned)
        if eps <= self._accountant.epsilon and delta <= self._accountant.delta:
            return
        need_e = math.fsum(e for e, _ in planned)
        need_d = math.fsum(d for _, d in planned)
        left_e, left_d = self.remaining()
        raise BudgetExceeded(
            f"This needs ε = {need_e:g}, δ = {need_d:g}, but only ε = {left_e:g}, "
            f"δ = {left_d:g} of the privacy budget (ε = {self.epsilon:g}, δ = {self.delta:g}) "
            "is left. Nothing was computed.",
            hint="Lower epsilon, or raise the project's budget knowingly: every release adds up.",
        )

    @contextmanager
    def charge(self, label: str, epsilon: float, delta: float = 0.0) -> Iterator[BudgetAccountant]:
        """Check, run the block, then record the spend under ``label``.

        diffprivlib functions given the yielded accountant spend on it themselves; for
        Veil's own vectorized mechanisms (which spend nothing) the spend is made here.
        """
        self.plan([Spend(label, epsilon, delta)])
        before = len(self._accountant)
        yield self._accountant
        spent = self._accountant.spent_budget[before:]
        if not spent:
            self._spend(epsilon, delta)
        elif not (
            math.isclose(sum(e for e, _ in spent), epsilon)
            and math.isclose(sum(d for _, d in spent), delta, abs_tol=1e-15)
        ):
            raise RuntimeError(f"'{label}' was planned at ({epsilon}, {delta}) but spent {spent}.")
        self._entries.append(Spend(label, float(epsilon), float(delta)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "epsilon": self.epsilon,
            "delta": self.delta,
            "spent": [s.to_dict() for s in self._entries],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BudgetLedger:
        """Rebuild a ledger saved by ``to_dict`` (e.g. from the project file)."""
        spent = [
            Spend(s["label"], float(s["epsilon"]), float(s.get("delta", 0.0)))
            for s in data.get("spent", ())
        ]
        eps = float(data.get("epsilon", math.inf))  # float() also reads "inf"
        return cls(eps, float(data.get("delta", 0.0)), spent=spent)

    def __copy__(self) -> BudgetLedger:
        return self  # a budget is one account: a copy would forge a second one

    def __deepcopy__(self, memo: dict) -> BudgetLedger:
        return self

    def _record(self, spend: Spend) -> None:
        self.plan([spend])
        self._spend(spend.epsilon, spend.delta)
        self._entries.append(spend)

    def _spend(self, epsilon: float, delta: float) -> None:
        try:
            self._accountant.spend(epsilon, delta)
        except BudgetError as exc:  # plan() should have refused first
            raise BudgetExceeded(str(exc)) from exc

    def __repr__(self) -> str:
        eps, delta = self.spent()
        return f"BudgetLedger(ε {eps:g}/{self.epsilon:g}, δ {delta:g}/{self.delta:g})"
