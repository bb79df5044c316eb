"""Golden report documents: ``build_report(doc).to_dict()`` of fixed assessment documents,
saved so that a change to how the report READS assessment.json cannot change what it says.

Regenerate (after a deliberate change of the report's wording or layout, then review the diff):
``.venv/bin/python -m tests.core.report.golden.make``
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.core.report import example

HERE = Path(__file__).parent
# real runs on the demo table: `veil-cli run --demo --accept-risk` (k-anonymity, seed 0), and
# `veil-cli assess … --method dp-synthetic --epsilon 1 --sweep --repeats 2 --seed 3`
SAVED = ("demo", "demo_dp")


def _saved(name: str) -> Callable[[], dict]:
    path = HERE / f"{name}.assessment.json"
    return lambda: json.loads(path.read_text(encoding="utf-8"))


DOCUMENTS: dict[str, Callable[[], dict]] = {
    **{name: _saved(name) for name in SAVED},
    "example": example.example_assessment,
    "dp": example.dp_assessment,
    "minimal": example.minimal_assessment,
    "hostile": example.hostile_assessment,
    "infinities": lambda: example.with_infinities(example.example_assessment()),
    "released": example.released_assessment,
    "repeated_high": example.repeated_high,
    "repeated_lower": example.repeated_lower,
}


def rendered(name: str) -> str:
    """The report document built from the named assessment, as canonical JSON text."""
    from core.report import build_report

    return canonical(build_report(DOCUMENTS[name]()).to_dict())


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def golden_path(name: str) -> Path:
    return HERE / f"{name}.report.json"


def main() -> None:
    for name in DOCUMENTS:
        golden_path(name).write_text(rendered(name), encoding="utf-8")


if __name__ == "__main__":
    main()
