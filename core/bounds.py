"""The allowed range of every number Veil takes: one table for the settings, the project file,
the command-line flags and the GUI fields (and ``resources/schema/project.schema.json``)."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from core.errors import ConfigError

SEED_MAX = 2**32 - 1  # numpy / scikit-learn random states


@dataclass(frozen=True)
class Bound:
    """A closed or open interval of whole or decimal numbers; ``infinite`` also admits +∞."""

    kind: type  # int or float
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    infinite: bool = False
    hint: str = ""  # what to try, in plain words

    def describe(self) -> str:
        """The range in words, e.g. 'a whole number from 1 to 1,000,000'."""
        noun = "a whole number" if self.kind is int else "a number"
        low, high = _num(self.low), _num(self.high)
        if not (self.low_open or self.high_open):
            text = f"{noun} from {low} to {high}"
        else:
            above = f"above {low}" if self.low_open else f"at least {low}"
            below = f"below {high}" if self.high_open else f"at most {high}"
            text = f"{noun} {above} and {below}"
        return text + (", or inf" if self.infinite else "")

    def contains(self, number: float) -> bool:
        if self.infinite and number == math.inf:
            return True
        above = number > self.low if self.low_open else number >= self.low
        below = number < self.high if self.high_open else number <= self.high
        return above and below

    def check(self, value: object, name: str) -> int | float:
        """``value`` as an int/float inside the range, or ConfigError naming ``name``.

        Refuses booleans, text (but 'inf' where allowed), NaN, ±∞ and, for whole numbers,
        fractions; 5.0 is read as 5 (JSON Schema's 'integer' agrees).
        """
        number = self._number(value)
        if number is None or not self.contains(number):
            raise ConfigError(
                f"{name} must be {self.describe()}, not {shown(value)}.", hint=self.hint
            )
        if self.kind is int and math.isfinite(number):
            return int(number)
        return float(number)

    def _number(self, value: object) -> float | None:
        if self.infinite and value == "inf":  # how JSON documents write ∞ (core.results)
            return math.inf
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return None
        value = float(value) if not isinstance(value, numbers.Integral) else int(value)
        if isinstance(value, float) and math.isnan(value):
            return None
        if self.kind is int and isinstance(value, float) and not value.is_integer():
            return None
        return value


EPSILON = Bound(
    float, 0.001, 10_000.0, infinite=True, hint="Smaller is more private; 1 is a common choice."
)

BOUNDS: dict[str, Bound] = {
    # protection (ProtectionSettings)
    "k": Bound(int, 1, 1_000_000),
    "l": Bound(int, 1, 10_000),
    "c": Bound(float, 0.0, 1000.0, low_open=True),
    "t": Bound(float, 0.0, 1.0, low_open=True, hint="Try 0.2."),
    "suppression": Bound(float, 0.0, 1.0, high_open=True, hint="Use 0.05 for 5%."),
    "max_nodes": Bound(int, 1, 10_000_000),
    "epsilon": EPSILON,
    "delta": Bound(float, 0.0, 1.0, high_open=True),
    "rows": Bound(int, 1, 10_000_000),
    "bounds": Bound(float, -1e15, 1e15),  # each low/high of a column's public range
    # assessment (AssessmentSettings)
    "model_epsilon": EPSILON,
    "member_fraction": Bound(
        float, 0.0, 1.0, low_open=True, high_open=True, hint="0.5 splits the table in two halves."
    ),
    "population_size": Bound(int, 1, 100_000_000_000),
    "repeats": Bound(
        int, 1, 100, hint="1 runs the rehearsal once; 5 repeats it with 5 seeds to show the spread."
    ),
    "attack_sample": Bound(
        int, 100, 1_000_000_000, hint="200000 attacks 200,000 records of a larger table."
    ),
    # project
    "seed": Bound(int, 0, SEED_MAX),
}

# Text and structure limits of a project file, checked before and after parsing.
MAX_PROJECT_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
MAX_TEXT = 100_000  # characters of any one string (column names, labels, paths…)
MAX_PATH = 4096


def random_state(seed: int) -> int:
    """A seed Veil derived (seed + offset) as scikit-learn/diffprivlib accept it: 0 … 2³²−1."""
    return int(seed) % (SEED_MAX + 1)


def check(name: str, value: object, *, where: str = "") -> int | float:
    """``BOUNDS[name].check`` with the field shown as ``where + name`` (e.g. 'protection.k')."""
    return BOUNDS[name].check(value, f"{where}{name}")


def check_optional(name: str, value: object, *, where: str = "") -> int | float | None:
    """``check`` that lets None through (a setting left unset)."""
    return None if value is None else check(name, value, where=where)


def field_range(
    name: str, *, floor: float | None = None, ceiling: float | None = None, step: float = 0.01
) -> tuple[float, float]:
    """The (min, max) a GUI field offers for ``name``: its bound, narrowed to ``floor`` /
    ``ceiling`` when the form offers less (e.g. k from 2), an open end moved in by ``step``,
    and clipped to what a Qt spin box holds."""
    bound = BOUNDS[name]
    low = bound.low + (step if bound.low_open else 0)
    high = bound.high - (step if bound.high_open else 0)
    low = max(low, floor) if floor is not None else low
    high = min(high, ceiling) if ceiling is not None else high
    if bound.kind is int:
        return int(max(low, -QT_INT_MAX)), int(min(high, QT_INT_MAX))
    return low, high


QT_INT_MAX = 2**31 - 1


def _num(x: float) -> str:
    if float(x).is_integer() and abs(x) < 1e12:
        return f"{int(x):,}"
    return f"{x:g}"


def shown(value: object, *, limit: int = 40) -> str:
    """``value`` for a one-line message: its repr (line breaks show as \\n), cut at ``limit``."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(name: object, *, limit: int = 40) -> str:
    """A key for a dotted field path: as it is when short and printable, else ``shown``."""
    if isinstance(name, str) and name.isprintable() and len(name) <= limit:
        return name
    return shown(name, limit=limit)
