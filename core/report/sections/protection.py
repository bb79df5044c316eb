"""Roles of the columns and the protection applied, in words a privacy officer uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.report import fmt
from core.report.access import get, is_dp, method, section
from core.report.document import Bullets, Paragraph, Section, Table, blocks
from core.report.references import cite

ROLE_WORDS = {
    "identifier": ("Direct identifier", "points straight at a person"),
    "quasi_identifier": ("Quasi-identifier", "identifying in combination with others"),
    "sensitive": ("Sensitive", "what must not be learned about a person"),
    "target": ("Target", "what a model built on the release predicts"),
    "insensitive": ("Other", "released as it is"),
}
METHOD_WORDS = {
    "none": "No protection (direct identifiers only)",
    "optimal": f"k-anonymity, optimal generalization {cite('Sweeney 2002', 'Prasser 2014')}",
    "mondrian": f"k-anonymity, Mondrian partitioning {cite('LeFevre 2006')}",
    "dp-noise": f"Differential privacy: noise added to each value {cite('Dwork 2006')}",
    "dp-synthetic": "Differential privacy: synthetic table from noisy statistics "
    f"{cite('Dwork 2014')}",
}
SHOWN_ELSEWHERE = {"method", "warnings", "mechanisms", "transformation", "info_loss"}
FACT_NAMES = {
    "avg_class_size": "Average group size",
    "nodes_evaluated": "Candidate generalizations examined",
    "elapsed_seconds": "Time taken",
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
        ),
    )


def protection_section(a: Mapping[str, Any]) -> Section:
    prot, settings = section(a, "protection"), section(a, "settings", "protection")
    m = method(a)
    rows = [("Method", METHOD_WORDS.get(m, m)), ("Direct identifiers", _identifiers(settings))]
    rows += _dp_rows(prot, settings) if is_dp(a) else _k_rows(prot, settings)
    return Section(
        "Protection applied",
        blocks(
            dp_note(a),
            Table(("Setting", "Value"), tuple(rows), widths=(2, 5)),
            _levels_table(prot),
            _ledger_table(prot),
            _extra_facts(prot),
        ),
    )


def _identifiers(settings: Mapping[str, Any]) -> str:
    if settings.get("identifiers") == "pseudonymize":
        return (
            "Replaced by keyed pseudonyms (HMAC-SHA256): the same person gets the same code, "
            "and only the holder of the key can link codes back."
        )
    return "Removed from the release."


def _k_rows(prot: Mapping[str, Any], settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = []
    if settings.get("k") is not None:
        rows.append(("k (smallest allowed group)", fmt.text(settings["k"])))
    if settings.get("l") is not None:
        variant = settings.get("l_variant", "distinct")
        extra = f", c = {fmt.text(settings.get('c'))}" if variant == "recursive" else ""
        rows.append(("ℓ-diversity", f"ℓ = {settings['l']} ({variant}{extra})"))
    if settings.get("t") is not None:
        rows.append(("t-closeness", f"t = {fmt.text(settings['t'])}"))
    if settings.get("suppression") is not None:
        rows.append(("Suppression limit", fmt.pct(settings["suppression"])))
    if prot.get("suppressed_records") is not None:
        rows.append(("Records suppressed", fmt.count(prot["suppressed_records"])))
    if prot.get("equivalence_classes") is not None:
        rows.append(("Groups in the release", fmt.count(prot["equivalence_classes"])))
    if prot.get("min_class_size") is not None:
        rows.append(("Smallest group", fmt.count(prot["min_class_size"])))
    for name, value in section(prot, "info_loss").items():
        rows.append((f"Information loss ({name})", fmt.dec(value)))
    return rows


def _dp_rows(prot: Mapping[str, Any], settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("Privacy budget ε", fmt.epsilon(settings.get("epsilon"))),
        ("ε spent", fmt.epsilon(prot.get("epsilon_spent"))),
    ]
    delta = prot.get("delta_spent", settings.get("delta"))
    if fmt.number(delta):
        rows.append(("δ spent", fmt.text(delta)))
    if settings.get("rows") or prot.get("rows"):
        rows.append(("Rows generated", fmt.count(settings.get("rows") or prot.get("rows"))))
    if prot.get("bounds_from_data"):
        rows.append(("Bounds read from the data", fmt.text(prot["bounds_from_data"])))
    return rows


def _levels_table(prot: Mapping[str, Any]) -> Table | None:
    levels = section(prot, "transformation")
    if not levels:
        return None
    rows = tuple((str(col), fmt.text(level)) for col, level in levels.items())
    return Table(
        ("Quasi-identifier", "Generalization level"),
        rows,
        caption="Level 0 keeps the value as it is; each level up replaces it by a broader "
        "group (for example an age by a 10-year band), the top level by '*'.",
        numeric=(1,),
        widths=(3, 2),
    )


def _ledger_table(prot: Mapping[str, Any]) -> Table | None:
    mechanisms = prot.get("mechanisms")
    if isinstance(mechanisms, Mapping):
        mechanisms = [
            {"column": k, **v} if isinstance(v, Mapping) else {"column": k, "epsilon": v}
            for k, v in mechanisms.items()
        ]
    if not isinstance(mechanisms, list) or not mechanisms:
        return None
    rows = []
    for m in mechanisms:
        if not isinstance(m, Mapping):
            continue
        what = m.get("column") or m.get("columns") or m.get("marginal") or m.get("name")
        rows.append(
            (
                fmt.text(what),
                fmt.text(m.get("mechanism") or m.get("name")),
                fmt.epsilon(m.get("epsilon")),
                fmt.text(m.get("delta", 0)),
                fmt.text(m.get("bounds_source") or m.get("source") or m.get("domain_source")),
            )
        )
    return Table(
        ("Applied to", "Mechanism", "ε", "δ", "Bounds / domain from"),
        tuple(rows),
        caption="Privacy budget ledger: the ε spent by each mechanism; by composition the total "
        f"is their sum {cite('Dwork 2014')}.",
        numeric=(2, 3),
        widths=(3, 3, 1, 1, 2),
    )


def _extra_facts(prot: Mapping[str, Any]) -> Bullets | None:
    skip = SHOWN_ELSEWHERE | {
        "suppressed_records",
        "equivalence_classes",
        "min_class_size",
        "epsilon_spent",
        "delta_spent",
        "bounds_from_data",
        "rows",
        "data",
    }
    items = [
        f"{FACT_NAMES.get(k, fmt.humanize(k))}: {_fact(k, v)}"
        for k, v in prot.items()
        if k not in skip and not isinstance(v, Mapping | list) and v is not None
    ]
    return Bullets(tuple(items)) if items else None


def _fact(key: str, value: Any) -> str:
    if key.endswith("seconds"):
        return fmt.seconds(value)
    return fmt.dec(value, 1) if isinstance(value, float) else fmt.text(value)


def dp_note(a: Mapping[str, Any]) -> Paragraph | None:
    if not is_dp(a):
        return None
    eps = fmt.number(get(a, "settings", "protection", "epsilon"))
    return Paragraph(
        "Differential privacy bounds how much any single person can change what is released; "
        f"ε = {fmt.epsilon(eps)} sets that bound (smaller is more private) {cite('Dwork 2014')}."
    )
