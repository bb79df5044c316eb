"""What a protection run did, in words and one chart (the Protect step's result area)."""

from __future__ import annotations

from typing import Any

from core import methods


def describe_settings(s) -> str:
    """A few words for the sidebar: 'k = 5, ℓ = 2, 5% suppression' or 'noise, ε = 1'."""
    if s.method == methods.NONE:
        return "Identifiers removed only"
    if s.is_dp:
        kind = methods.method(s.method).title.removesuffix(" (ε)")
        return f"{kind}, ε = {s.epsilon:g}" if s.epsilon is not None else kind
    parts = [f"k = {s.k}"]
    if s.l:
        parts.append(f"ℓ = {s.l}")
    if s.t:
        parts.append(f"t = {s.t:g}")
    if s.suppression:
        parts.append(f"{s.suppression:.0%} may be left out")
    return ", ".join(parts)


def summary_items(o: Any, rows_in: int) -> list[tuple[str, str]]:
    """Facts about a protection run, as label → value pairs."""
    d = o.result.to_dict()
    if d.get("epsilon_spent") is not None:
        return dp_items(o.result, d, rows_in)
    released = int(d.get("rows_out", len(o.result.data)))  # large-table mode: not the preview
    items = [("Released records", f"{released:,} of {rows_in:,}")]
    for column, level in (d.get("transformation") or {}).items():
        top = (d.get("max_levels") or {}).get(column)
        items.append((column, level_words(level, top)))
    if d.get("suppressed_records") is not None:
        n = int(d["suppressed_records"])
        items.append(("Records left out", f"{n:,} ({n / max(rows_in, 1):.1%})"))
    if o.after is not None:
        size = o.after.min_class_size
        items.append(("Smallest group", f"{size:,} record{'s' * (size != 1)}"))
        items.append(("Unique records", f"{o.after.unique_records:,}"))
    loss = (d.get("info_loss") or {}).get("loss")
    if loss is not None:
        items.append(("Detail lost", f"{float(loss):.0%}"))
    return items + _time(d)


def dp_items(result: Any, d: dict, rows_in: int) -> list[tuple[str, str]]:
    """A differentially private release: rows, budget, and where each range came from.

    Group sizes are left out: every row is noisy or made up, so a unique row does not point
    at a real person (the report says the same)."""
    rows = len(result.data)
    if methods.synthetic(d.get("method")):
        released = f"{rows:,} made up (from {rows_in:,})"
    else:
        released = f"{rows:,} of {rows_in:,} (noisy)"
    ranged = {m["target"]: m.get("source") for m in d.get("mechanisms") or () if m.get("bounds")}
    ranged = {c: src for c, src in ranged.items() if c in result.data.columns}
    given = sum(src == "user" for src in ranged.values())
    leaked = len({*(d.get("bounds_from_data") or ()), *(d.get("kinds_from_data") or ())})
    from_data = f"{leaked} column{'s' * (leaked != 1)} (a leak)" if leaked else "nothing"
    return [
        ("Released records", released),
        ("Privacy budget spent", f"ε = {float(d['epsilon_spent']):g}"),
        ("Ranges you gave", f"{given} of {len(ranged)}" if ranged else "no number columns"),
        ("Read from the data", from_data),
        *_time(d),
    ]


def _time(d: dict) -> list[tuple[str, str]]:
    seconds = d.get("elapsed_seconds")
    return [] if seconds is None else [("Time", f"{float(seconds):.1f} s")]


def level_words(level: int, top: int | None) -> str:
    """'kept as is', 'generalized 2 steps of 4' or 'hidden completely (*)'."""
    if level == 0:
        return "kept as is"
    if top is not None and level >= top:
        return "hidden completely (*)"
    of = f" of {top}" if top is not None else ""
    return f"generalized {level} step{'s' * (level != 1)}{of}"


def draw_class_sizes(fig, before, after) -> None:
    """Grouped bars: records per group size, before and after protection."""
    import numpy as np

    ax = fig.add_subplot()
    sides = [(r, lbl, c) for r, lbl, c in ((before, "Before protection", "#9aa5b1"),
             (after, "After protection", "#1f5f99")) if r is not None]  # fmt: skip
    if not sides:
        ax.text(0.5, 0.5, "No quasi-identifiers to measure", ha="center", transform=ax.transAxes)
        return
    labels = sides[0][0].class_size_histogram["labels"]
    x = np.arange(len(labels))
    width = 0.8 / len(sides)
    for i, (r, label, colour) in enumerate(sides):
        ax.bar(x + i * width - 0.4 + width / 2, r.class_size_histogram["records"], width,
               label=label, color=colour)  # fmt: skip
    ax.set_xticks(x, labels)
    ax.set_xlabel("Size of the group (people who look identical)")
    ax.set_ylabel("Records")
    ax.legend(frameon=False)
