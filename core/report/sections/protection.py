"""Roles of the columns and the protection applied, in words a privacy officer uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import methods
from core.report import fmt
from core.report.access import (
    applied_protection,
    fresh_noise,
    get,
    is_dp,
    method,
    rehearsed,
    section,
)
from core.report.document import Callout, Paragraph, Section, Table, blocks
from core.report.references import cite

ROLE_WORDS = {
    "identifier": ("Direct identifier", "points straight at a person"),
    "quasi_identifier": ("Quasi-identifier", "identifying in combination with others"),
    "sensitive": ("Sensitive", "what must not be learned about a person"),
    "target": ("Target", "what a model built on the release predicts"),
    "insensitive": ("Other", "released as it is"),
    "leave_out": ("Left out", "not released, by the data owner's choice"),
}


def method_words(name: str) -> str:
    """The report's description of a method with its citations (from ``core.methods``)."""
    found = methods.get(name)
    if found is None:
        return name
    return f"{found.report} {cite(*found.citations)}" if found.citations else found.report


SOURCE_WORDS = {
    "user": "given (not from the data)",
    "data": "read from the data",
    "none": "not needed",
}
METRIC_WORDS = {
    "loss": "Information lost (0 = none, 1 = everything generalized)",
    "aecs": "Average group size relative to k (1 = ideal)",
    "discernibility": "Discernibility (sum of squared group sizes; lower keeps more detail)",
    "entropy": "Entropy lost (bits)",
}


def roles_section(a: Mapping[str, Any]) -> Section | None:
    roles = section(a, "roles")
    if not roles:
        return None
    rows = tuple(
        (str(col), *ROLE_WORDS.get(str(role), (fmt.humanize(str(role)), "")))
        for col, role in roles.items()
    )
    return Section(
        "Columns and their roles",
        (
            Paragraph(
                "Each column was given a role. The role decides how the column is protected and "
                "which attacks use it."
            ),
            Table(("Column", "Role", "Meaning"), rows, widths=(2, 2, 4)),
            *blocks(_uniqueness_table(a), _confirmed(a)),
        ),
    )


def _uniqueness_table(a: Mapping[str, Any]) -> Table | None:
    """Columns released as they are that single people out, and what would help."""
    found = [u for u in get(a, "release", "uniqueness", default=[]) if isinstance(u, Mapping)]
    if not found:
        return None
    rows = tuple(
        (str(u.get("column")), fmt.pct(u.get("added"), 0), fmt.pct(u.get("alone"), 0),
         str(u.get("action", "")))
        for u in found
    )  # fmt: skip
    return Table(
        ("Column released as it is", "More records unique", "Unique on it alone",
         "What would help"),
        rows,
        caption="Records unique on the quasi-identifiers with the column, minus without it, "
        "in the input table.",
        numeric=(1, 2),
        widths=(2, 1.4, 1.4, 4),
    )  # fmt: skip


def _confirmed(a: Mapping[str, Any]) -> Callout | None:
    confirmed = [str(c) for c in get(a, "release", "confirmed_risks", default=[])]
    if not confirmed:
        return None
    return Callout(
        "Released although Veil warned; the user confirmed these concerns: " + " ".join(confirmed),
        kind="warning",
    )


def header_facts(a: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The page-1 header's protection lines: the method, then every model it enforced."""
    m = method(a)
    facts = [("Protection", method_words(m).split(" (")[0])]
    models = enforced(a)
    if models:
        facts.append(("Enforced", models))
    return tuple(facts)


def enforced(a: Mapping[str, Any]) -> str:
    """Every model enforced, e.g. 'k = 5 · ℓ = 3 (entropy) · t = 0.2 · …' or 'ε = 1 · δ = 1e-06'."""
    if is_dp(a):
        return " · ".join(_dp_models(a))
    if not methods.generalizes(method(a)):
        return ""
    settings, parts = section(a, "settings", "protection"), []
    if settings.get("k") is not None:
        parts.append(f"k = {fmt.text(settings['k'])}")
    if settings.get("l") is not None:
        parts.append(f"ℓ = {fmt.text(settings['l'])} ({_l_variant(settings)})")
    if settings.get("t") is not None:
        parts.append(f"t = {fmt.text(settings['t'])}")
    limit = fmt.number(settings.get("suppression"))
    found = methods.get(method(a))
    if found is not None and found.global_recoding and limit is not None:  # Mondrian: none
        parts.append(
            f"at most {fmt.pct(limit)} of records suppressed" if limit else "no suppression"
        )
    return " · ".join(parts)


def _dp_models(a: Mapping[str, Any]) -> list[str]:
    settings, prot = section(a, "settings", "protection"), applied_protection(a)
    eps = settings.get("epsilon", prot.get("epsilon_spent"))
    delta = fmt.number(settings.get("delta")) or fmt.number(prot.get("delta_spent"))
    return [f"ε = {fmt.epsilon(eps)}", *([f"δ = {fmt.text(delta)}"] if delta else [])]


def _l_variant(settings: Mapping[str, Any]) -> str:
    variant = str(settings.get("l_variant") or "distinct")
    return f"{variant}, c = {fmt.text(settings.get('c'))}" if variant == "recursive" else variant


def protection_section(a: Mapping[str, Any]) -> Section:
    prot, settings = applied_protection(a), section(a, "settings", "protection")
    m = method(a)
    rows = [("Method", method_words(m)), ("Direct identifiers", _identifiers(settings))]
    if is_dp(a):
        rows += _dp_rows(prot, settings)
    elif m != "none":
        rows += _k_rows(prot, settings, a)
    return Section(
        "Protection applied",
        blocks(
            dp_note(a),
            Table(("Setting", "Value"), tuple(rows), widths=(2, 5)),
            _levels_table(prot),
            _rehearsal_levels(a, prot),
            _fresh_noise_note(a),
            _ledger_table(prot),
            _network_table(prot),
        ),
    )


def _rehearsal_levels(a: Mapping[str, Any], prot: Mapping[str, Any]) -> Paragraph | None:
    """Optimal generalization of half the records may choose other levels than the release."""
    released = section(prot, "transformation")
    tried = section(a, "protection", "transformation")
    if not (rehearsed(a) and released and tried) or dict(released) == dict(tried):
        return None
    levels = ", ".join(f"{col} {fmt.text(level)}" for col, level in tried.items())
    return Paragraph(
        f"On the rehearsal's records the same settings chose other levels ({levels}); the "
        "membership and attribute figures describe that table, so they only approximate the "
        "released one.",
        style="note",
    )


def _fresh_noise_note(a: Mapping[str, Any]) -> Paragraph | None:
    if not fresh_noise(a):
        return None
    return Paragraph(
        "The released table's noise was drawn fresh, not from the project's seed, so nobody can "
        "recompute and subtract it, and each run releases a different table. The rehearsal used "
        "the seed, so its figures can be reproduced.",
        style="note",
    )


def _identifiers(settings: Mapping[str, Any]) -> str:
    if settings.get("identifiers") == "pseudonymize":
        return (
            "Replaced by keyed pseudonyms (HMAC-SHA256): the same person gets the same code, "
            "and only the holder of the key can link codes back."
        )
    return "Removed from the release."


def _k_rows(
    prot: Mapping[str, Any], settings: Mapping[str, Any], a: Mapping[str, Any]
) -> list[tuple[str, str]]:
    rows = []
    if settings.get("k") is not None:
        rows.append(("k (smallest allowed group)", fmt.text(settings["k"])))
    if settings.get("l") is not None:
        rows.append(("ℓ-diversity", f"ℓ = {settings['l']} ({_l_variant(settings)})"))
    if settings.get("t") is not None:
        rows.append(("t-closeness", f"t = {fmt.text(settings['t'])}"))
    if settings.get("suppression") is not None:
        rows.append(("Suppression limit", f"up to {fmt.pct(settings['suppression'])} of records"))
    suppressed = prot.get("suppressed_records")
    if suppressed is not None:
        total = prot.get("rows_in") or get(a, "split", "members")
        share = f" ({fmt.pct(suppressed / total)})" if fmt.number(total) else ""
        rows.append(("Records suppressed", f"{fmt.count(suppressed)}{share}"))
    for key, label in (
        ("equivalence_classes", "Groups in the release"),
        ("min_class_size", "Smallest group"),
        ("max_class_size", "Largest group"),
    ):
        if prot.get(key) is not None:
            rows.append((label, fmt.count(prot[key])))
    if fmt.number(prot.get("avg_class_size")) is not None:
        rows.append(("Average group size", fmt.dec(prot["avg_class_size"], 1)))
    metric = settings.get("metric") or "loss"
    value = section(prot, "info_loss").get(metric)
    if fmt.number(value) is not None:
        rows.append((METRIC_WORDS.get(metric, f"Information loss ({metric})"), fmt.dec(value)))
    search = _search_words(prot)
    if search:
        rows.append(("Search", search))
    return rows


def _search_words(prot: Mapping[str, Any]) -> str:
    examined, size = prot.get("nodes_evaluated"), prot.get("lattice_size")
    if examined is None:
        return ""
    words = f"{fmt.count(examined)} candidate generalizations examined"
    if size is not None:
        words += f" out of {fmt.count(size)}"
    if prot.get("optimal") is True:
        words += "; the result is optimal for the chosen measure"
    elif prot.get("optimal") is False:
        words += "; heuristic search, the result may not be optimal"
    return words


def _dp_rows(prot: Mapping[str, Any], settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("Privacy budget ε", fmt.epsilon(settings.get("epsilon"))),
        ("ε spent", fmt.epsilon(prot.get("epsilon_spent"))),
    ]
    delta = prot.get("delta_spent", settings.get("delta"))
    if fmt.number(delta):
        rows.append(("δ spent", fmt.text(delta)))
    if prot.get("guarantee"):
        rows.append(("Guarantee", fmt.text(prot["guarantee"])))
    if settings.get("rows") or prot.get("rows"):
        rows.append(("Rows released", fmt.count(settings.get("rows") or prot.get("rows"))))
    if prot.get("bounds_from_data"):
        rows.append(("Bounds read from the data", fmt.text(prot["bounds_from_data"])))
    if prot.get("kinds_from_data"):
        rows.append(
            ("Whole numbers or decimals read from the data", fmt.text(prot["kinds_from_data"]))
        )
    return rows


def _levels_table(prot: Mapping[str, Any]) -> Table | None:
    levels = section(prot, "transformation")
    if not levels:
        return None
    top, sources = section(prot, "max_levels"), section(prot, "hierarchy_sources")
    rows = tuple(
        (
            str(col),
            f"{fmt.text(level)} of {fmt.text(top[col])}" if col in top else fmt.text(level),
            *((fmt.text(sources.get(col)),) if sources else ()),
        )
        for col, level in levels.items()
    )
    header = ("Quasi-identifier", "Generalization level", *(("Hierarchy",) if sources else ()))
    return Table(
        header,
        rows,
        caption="Level 0 keeps the value as it is; each level up replaces it by a broader "
        "group (for example an age by a 10-year band); the top level hides it entirely ('*').",
        widths=(3, 2, 3)[: len(header)],
    )


LEDGER_CAPTION = (
    "Privacy budget ledger: the ε spent by each mechanism; by composition the total is their sum "
    f"{cite('Dwork 2014')}."
)


def _ledger_table(prot: Mapping[str, Any]) -> Table | None:
    """The ledger in one row per step and kind of column, with the total ε of each."""
    mechanisms = ledger_entries(prot)
    if not mechanisms:
        return None
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for m in mechanisms:
        groups.setdefault(_step_words(m), []).append(m)
    rows = [_group_row(what, kind, members) for (what, kind), members in groups.items()]
    more = " One line per step and kind of column; the appendix lists every column."
    return Table(
        ("Step", "Applied to", "Mechanism", "ε", "δ", "Bounds or categories"),
        tuple(rows + _total_row(mechanisms, 6)),
        caption=LEDGER_CAPTION + (more if len(groups) < len(mechanisms) else ""),
        numeric=(3, 4),
        widths=(2.6, 2.4, 2.4, 0.9, 0.6, 2.1),
    )


def full_ledger(prot: Mapping[str, Any]) -> Table | None:
    """Every mechanism on its own row (the appendix), or None when the grouped ledger is it."""
    mechanisms = ledger_entries(prot)
    if len({_step_words(m) for m in mechanisms}) == len(mechanisms):
        return None
    rows = [
        (
            _applied_to(m),
            _mechanism_words(m),
            fmt.epsilon(m.get("epsilon")),
            fmt.text(m.get("delta", 0)),
            _source(m),
        )
        for m in mechanisms
    ]
    return Table(
        ("Applied to", "Mechanism", "ε", "δ", "Bounds or categories"),
        tuple(rows + _total_row(mechanisms, 5)),
        caption=LEDGER_CAPTION,
        numeric=(2, 3),
        widths=(2.6, 3.4, 0.9, 0.4, 2.6),
    )


def ledger_entries(prot: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The mechanisms of a DP release as a list of mappings (older documents: a mapping)."""
    mechanisms = prot.get("mechanisms")
    if isinstance(mechanisms, Mapping):
        mechanisms = [
            {"column": k, **v} if isinstance(v, Mapping) else {"column": k, "epsilon": v}
            for k, v in mechanisms.items()
        ]
    if not isinstance(mechanisms, list):
        return []
    return [m for m in mechanisms if isinstance(m, Mapping)]


def _total_row(mechanisms: list[Mapping[str, Any]], width: int) -> list[tuple[str, ...]]:
    """'Total' with the summed ε and δ in the two columns before the last, when it adds up."""
    spent = [fmt.number(m.get("epsilon")) for m in mechanisms]
    if len(mechanisms) < 2 or None in spent:
        return []
    delta = sum(fmt.number(m.get("delta")) or 0.0 for m in mechanisms)
    row = ["Total", *[""] * (width - 1)]
    row[width - 3], row[width - 2] = fmt.epsilon(sum(spent)), fmt.text(delta)
    return [tuple(row)]


def _applied_to(m: Mapping[str, Any]) -> str:
    return fmt.text(m.get("target") or m.get("column") or m.get("columns"))


def _source(m: Mapping[str, Any]) -> str:
    return SOURCE_WORDS.get(str(m.get("source")), fmt.text(m.get("source")))


def _column_kind(m: Mapping[str, Any]) -> str:
    bounds = m.get("bounds")
    if m.get("resolution"):
        return "date columns"
    if isinstance(bounds, list | tuple) and all(fmt.number(b) is not None for b in bounds):
        return "number columns"
    return "category columns" if m.get("domain_size") is not None else "number columns"


def _step_words(m: Mapping[str, Any]) -> tuple[str, str]:
    """(what the step did, to which kind of column): the ledger's grouping key."""
    step, kind = str(m.get("step") or ""), _column_kind(m)
    if step == "column noise":
        return f"Noise on {kind}", kind
    if step == "network selection":
        return "Choosing which columns depend on each other", ""
    if step == "1-way marginal":
        return f"Noisy counts of {kind}, one at a time", kind
    if step.endswith("-way marginal"):
        n = step.split("-", 1)[0]
        return f"Noisy counts of {n if n.isdigit() else 'several'} columns together", ""
    return f"{fmt.humanize(step) or 'Noise'} ({kind})", kind


def _group_row(what: str, kind: str, members: list[Mapping[str, Any]]) -> tuple[str, ...]:
    spent = [fmt.number(m.get("epsilon")) for m in members]
    names = dict.fromkeys(_mechanism_words(m, step=False) for m in members)
    return (
        what,
        _applied_to(members[0]) if len(members) == 1 else _how_many(members),
        ", ".join(names),
        fmt.DASH if None in spent else fmt.epsilon(sum(spent)),
        fmt.text(sum(fmt.number(m.get("delta")) or 0.0 for m in members)),
        _sources(members),
    )


def _how_many(members: list[Mapping[str, Any]]) -> str:
    groups = " × " in _applied_to(members[0])
    return f"{len(members)} {'groups of columns' if groups else 'columns'}"


def _sources(members: list[Mapping[str, Any]]) -> str:
    """'given (not from the data)', or 'mixed: 15 given, 1 read from the data'."""
    counts: dict[str, int] = {}
    for m in members:
        counts[str(m.get("source"))] = counts.get(str(m.get("source")), 0) + 1
    if len(counts) == 1:
        return _source(members[0])
    short = {"user": "given", "data": "read from the data", "none": "not needed"}
    return "mixed: " + ", ".join(f"{n} {short.get(k, k)}" for k, n in counts.items())


def _mechanism_words(m: Mapping[str, Any], *, step: bool = True) -> str:
    name = fmt.text(m.get("mechanism") or m.get("name"))
    name = name.replace("histogram (GeometricTruncated)", "noise on counts")  # see the Glossary
    return f"{name} ({m['step']})" if step and m.get("step") else name


def _network_table(prot: Mapping[str, Any]) -> Table | None:
    network = prot.get("network")
    if not isinstance(network, list) or not network:
        return None
    rows = tuple(
        (str(item[0]), fmt.text(item[1]) if item[1] else "nothing (its own noisy counts)")
        for item in network
        if isinstance(item, list | tuple) and len(item) == 2
    )
    return Table(
        ("Column", "Sampled given"),
        rows,
        caption="How the synthetic table was drawn: each column from noisy counts of it together "
        "with the columns it depends on most, so those relationships are kept.",
        widths=(2, 5),
    )


def dp_note(a: Mapping[str, Any]) -> Paragraph | None:
    if not is_dp(a):
        return None
    eps = fmt.number(get(a, "settings", "protection", "epsilon"))
    return Paragraph(
        "Differential privacy bounds how much any single person can change what is released; "
        f"ε = {fmt.epsilon(eps)} sets that bound (smaller is more private) {cite('Dwork 2014')}."
    )
