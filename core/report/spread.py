"""The spread of a figure across repeated rehearsals, in words.

An assessment run with ``repeats`` = N > 1 holds, next to each section's figures (those of the
first rehearsal), a ``repeats`` block: ``{"n", "seeds", "<figure>": {"mean", "min", "max", "sd",
"interval"}}``. Documents without it read as one rehearsal. The lights rest on a figure's mean
across the runs and its t interval when there is one (``basis``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.report import fmt
from core.report.access import attack_name, attacks, current, get, section
from core.report.document import Table

SIDE_WORDS = {"before": "before protection", "after": "after protection"}


def runs(assessment: Mapping[str, Any]) -> int:
    """How many rehearsals the document summarizes (1 without repeats)."""
    n = fmt.number(get(assessment, "repeats", "n"))
    return int(n) if n is not None and n >= 1 else 1


def stats(result: Mapping[str, Any], *figure: str) -> Mapping[str, Any]:
    """The spread of ``figure`` (e.g. 'advantage', or 'tpr_at_fpr', '0.01') in a result's
    ``repeats`` block; empty when absent or incomplete."""
    found = section(result, "repeats", *figure)
    numbers = [fmt.number(found.get(k)) for k in ("mean", "min", "max")]
    return found if None not in numbers else {}


def basis(
    result: Mapping[str, Any], figure: str, ci_key: str = ""
) -> tuple[float | None, Any, int]:
    """(value, interval, runs) a light rests on: the mean across the runs with its t interval
    when at least two runs measured ``figure``, else the first run's figure and ``ci_key``."""
    s = stats(result, figure)
    n = fmt.number(s.get("n")) if s else None
    ci = s.get("interval") if s else None
    if n is not None and n >= 2 and _pair(ci):
        return fmt.number(s["mean"]), [float(ci[0]), float(ci[1])], int(n)
    return fmt.number(result.get(figure)), result.get(ci_key) if ci_key else None, 1


def _pair(ci: Any) -> bool:
    return (
        isinstance(ci, list | tuple) and len(ci) == 2 and all(fmt.number(v) is not None for v in ci)
    )


def across(result: Mapping[str, Any], figure: str, runs: int, digits: int = 3) -> str:
    """' across 3 rehearsals (range 0.090–0.130)' after a mean, or '' for a single run."""
    if runs < 2:
        return ""
    s = stats(result, figure)
    low, high = fmt.dec(s["min"], digits), fmt.dec(s["max"], digits)
    return f" across {runs} rehearsals (range {low}–{high})"


def mean_range(
    result: Mapping[str, Any], *figure: str, percent: bool = False, verb: str = ""
) -> str | None:
    """'0.110 (range 0.090–0.130)' or with ``verb`` 'averaged 0.110 (range …)'; None if absent."""
    s = stats(result, *figure)
    if not s:
        return None
    show = fmt.pct if percent else fmt.dec
    lead = f"{verb} " if verb else ""
    return f"{lead}{show(s['mean'])} (range {show(s['min'])}–{show(s['max'])})"


def cell(result: Mapping[str, Any], *figure: str, percent: bool = False) -> str:
    """A table cell: '0.110 (0.090–0.130)', or a dash."""
    s = stats(result, *figure)
    if not s:
        return fmt.DASH
    show = fmt.pct if percent else fmt.dec
    return f"{show(s['mean'])} ({show(s['min'])}–{show(s['max'])})"


def attack_table(
    header: tuple[str, ...],
    rows: list[tuple[tuple[str, ...], Mapping[str, Any]]],
    *,
    widths: tuple[float, ...],
    caption: str = "",
    runs: int = 1,
    figure: str,
    label: str,
) -> Table:
    """An attack table: (cells, result) per row, numbers from the third column on; with
    repeated rehearsals a last column gives ``figure``'s mean (range) across them."""
    body = [cells + ((cell(res, figure),) if runs > 1 else ()) for cells, res in rows]
    if runs > 1:
        header += (f"{label} in {runs} rehearsals: mean (range)",)
        widths += (2.3,)
        caption = f"{caption} {table_note(runs)}".strip()
    numeric = tuple(range(2, len(header)))
    return Table(header, tuple(body), caption=caption, numeric=numeric, widths=widths)


def table_note(runs: int) -> str:
    """What a table's extra 'mean (range)' column means."""
    return (
        f"The other figures are those of the first rehearsal; the last column sums up all {runs} "
        "(mean, with the lowest and highest in brackets)."
    )


def sentence(
    result: Mapping[str, Any],
    figure: str,
    name: str,
    *,
    percent: bool = False,
    judge: Callable[[float], str] | None = None,
    level: str = "",
) -> str:
    """' Across 3 repeated rehearsals, the advantage averaged 0.110 (range 0.090–0.130).'

    With ``judge`` (value → level word) and the light's ``level``, says when the highest of the
    runs would be judged otherwise. For a light resting on the first rehearsal only (the
    figure's spread has no interval); one resting on the mean says it with ``across``.
    """
    s = stats(result, figure)
    if not s:
        return ""
    n = fmt.count(get(result, "repeats", "n"))
    show = fmt.pct if percent else fmt.dec
    if fmt.number(s["min"]) == fmt.number(s["max"]):
        same = f"{name} was {show(s['min'])} in each of {n} repeated rehearsals."
        return f" {same[:1].upper()}{same[1:]}"
    words = mean_range(result, figure, percent=percent, verb="averaged")
    text = f" Across {n} repeated rehearsals, {name} {words}"
    highest = fmt.number(s["max"])
    if judge is not None and highest is not None and judge(highest) != level:
        text += f"; the highest of them would be judged {judge(highest)}"
    return text + "."


def side_summary(
    sides: Mapping[str, Mapping[str, Any]], figures: tuple[tuple[str, str, bool], ...]
) -> str | None:
    """'Across 3 repeated rehearsals (mean, with the lowest and highest): accuracy before
    protection 80.1% (79.5%–80.6%), after 77.6% (77.4%–77.8%).' for (figure, label, percent)
    over the sides that hold a ``repeats`` block; None when none does."""
    parts, n = [], None
    for figure, label, percent in figures:
        found = [(side, cell(r, figure, percent=percent)) for side, r in sides.items()]
        found = [(side, text) for side, text in found if text != fmt.DASH]
        if not found:
            continue
        n = n or next(get(sides[s], "repeats", "n") for s, _ in found)
        said = [f"{SIDE_WORDS[s] if i == 0 else s} {t}" for i, (s, t) in enumerate(found)]
        parts.append(f"{label} {', '.join(said)}")
    if not parts:
        return None
    return (
        f"Across {fmt.count(n)} repeated rehearsals (mean, with the lowest and highest): "
        f"{'; '.join(parts)}."
    )


def headline(assessment: Mapping[str, Any]) -> str | None:
    """One line for a screen: the spread of the figures the lights rest on, e.g. 'Across 3
    repeated rehearsals (seeds 0–2): membership advantage 0.139 (0.091–0.187); …'."""
    n = runs(assessment)
    if n < 2:
        return None
    from core.report.verdict import verdicts  # the attack each light rests on

    parts = []
    lights = verdicts(assessment)[1:]
    for light, (family, figure, words) in zip(
        lights,
        (("membership", "advantage", "advantage"), ("attribute", "risk", "risk")),
        strict=True,
    ):
        side, _ = current(assessment, family)
        found = attacks(assessment, side, family) if side else {}
        key = light.attack_key
        if key in found:
            best = found[key]
            if stats(best, figure):
                parts.append(f"{family} {words} ({attack_name(key)}) {cell(best, figure)}")
    _, util = current(assessment, "utility")
    if stats(util, "accuracy"):
        parts.append(f"proxy accuracy {cell(util, 'accuracy', percent=True)}")
    seeds = [s for s in get(assessment, "repeats", "seeds", default=[]) if isinstance(s, int)]
    which = f" (seeds {seeds[0]}–{seeds[-1]})" if seeds else ""
    lead = f"Across {n} repeated rehearsals{which}, mean (lowest–highest)"
    return f"{lead}: {'; '.join(parts)}." if parts else f"{lead}: no figure to compare."
