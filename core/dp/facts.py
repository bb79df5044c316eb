"""The guarantee's fine print: every fact about the columns a DP release took as public."""

from __future__ import annotations

from collections.abc import Sequence

from core.dp.domains import DATA, ColumnDomain


def assumed_public(domains: Sequence[ColumnDomain]) -> str:
    """One paragraph naming the ranges, categories, number kinds and may-be-missing columns
    the guarantee assumed known without the data, and which of them came from the user."""
    ranged = [d for d in domains if d.numeric]
    texts = [d for d in domains if not d.numeric]
    parts = [
        _facts("the ranges of", [d.name for d in ranged if d.source != DATA], "given by you"),
        _facts("the ranges of", [d.name for d in ranged if d.source == DATA], "read from the data"),
        _facts("the categories of", [d.name for d in texts if d.source != DATA], "given"),
        _facts("the categories of", [d.name for d in texts if d.source == DATA], "from the data"),
        _number_facts([d for d in ranged if d.kind != "date"]),
    ]
    missing = [d.name for d in domains if d.missing]
    parts.append(
        f"that only {_join(missing)} may be missing" if missing else "that no column is missing"
    )
    said = "; ".join(p for p in parts if p)
    return (
        f"Assumed public (known without the data): {said}. A missing value in a column not "
        "marked as 'may be missing' was replaced by the middle of its range or a random "
        "category before the noise."
    )


def _facts(what: str, names: list[str], source: str) -> str:
    return f"{what} {_join(names)} ({source})" if names else ""


def _number_facts(numbers: list[ColumnDomain]) -> str:
    out = []
    for kind, word in (("integer", "whole numbers"), ("float", "decimals")):
        for stated, source in (
            (True, "given"),
            (False, "read from the data: the column types as loaded"),
        ):
            names = [d.name for d in numbers if d.kind == kind and d.number_stated == stated]
            if names:
                out.append(
                    f"that {_join(names)} hold{'s' if len(names) == 1 else ''} {word} ({source})"
                )
    return "; ".join(out)


def _join(names: Sequence[str]) -> str:
    names = [f"'{n}'" for n in names]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
