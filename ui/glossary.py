"""One plain sentence per term, used as tooltips everywhere the term appears."""

from __future__ import annotations

from core import methods
from core.glossary import GLOSSARY
from core.schema import ROLE_DESCRIPTIONS, Role

ROLE_LABELS = {
    Role.IDENTIFIER: "Identifier",
    Role.QUASI_IDENTIFIER: "Quasi-identifier",
    Role.SENSITIVE: "Sensitive",
    Role.TARGET: "Target",
    Role.INSENSITIVE: "Keep as is",
    Role.LEAVE_OUT: "Leave out (not released)",
}

TERMS = {
    "k": "Every person must share their quasi-identifier values with at least k-1 others, "
    "so nobody can be picked out of a group smaller than k.",
    "l": "Each group must contain at least l different sensitive values, so being in a group "
    "does not reveal the sensitive value.",
    "t": "The sensitive values inside each group must look like the whole table (distance at "
    "most t); smaller is stricter.",
    "suppression": "The share of records Veil may drop entirely when they would force "
    "everyone else to be generalized much more.",
    "epsilon": "The differential-privacy budget: smaller ε means stronger privacy and more "
    "noise; larger ε means more accuracy and less privacy.",
    "bounds": "Differential privacy protects each person only within the range you give, so a "
    "range read from the table itself gives away its extremes (such as the oldest patient's "
    "age) outside the guarantee.",
    **{m.name: m.term for m in methods.REGISTRY.values()},
    "identifiers": "Direct identifiers are either removed, or replaced by a keyed pseudonym "
    "that stays consistent across files.",
    "hierarchy": "The steps by which a value is made vaguer, e.g. 34 → 30-39 → 30-49 → *.",
    "equivalence_class": "A group of records that look identical on the quasi-identifiers.",
    "suppressed": "Records left out of the release because they could not be hidden in a "
    "large enough group.",
    "info_loss": "How much detail the generalization removed, from 0 (none) to 1 (everything).",
    "target": "The column a model should still be able to predict from the release; "
    "measures usefulness.",
    "sensitive": "The column an attacker tries to guess (attribute inference).",
    "model": "The machine-learning model trained on the release to measure usefulness and "
    "to act as the attacker's model.",
    "reidentification": "How many people are unique on their quasi-identifiers, and so "
    "could be found by someone who knows those facts.",
    "membership": "Can an attacker tell whether a given person was in the data at all? "
    "Measured in a rehearsal: half of the records are protected the same way and attacked, the "
    "other half are the people known to be outside.",
    "attribute": "Can an attacker who knows someone's quasi-identifiers guess their "
    "sensitive value better than a naive guess? Measured in the same rehearsal.",
    "reconstruction": "Can an attacker who knows someone's quasi-identifiers fill in the rest of "
    "their record from the release, more often for people in it than for people outside? "
    "Measured in the same rehearsal, column by column.",
    "advantage": "How much better than a coin toss the attacker is: 0 means no better, "
    "1 means always right.",
    "roc": "Each curve shows the attacker's hits against false alarms; the diagonal is "
    "pure guessing.",
    "baseline": "What a naive attacker who only knows the overall frequencies would guess.",
    "frontier": "Each point is one protection setting: further left is more private, "
    "higher is more useful. Click a point to use it.",
    "accuracy": "How often the model trained on the release predicts the target correctly "
    "on records it has not seen.",
    "seed": "Fixes the random choices so the same project gives the same result again "
    "(except differential-privacy noise in the released table, which is always fresh).",
}


TERMS["interval"] = (
    "The range a figure measured on a sample would fall in 95 times out of 100. A light is "
    "high only when its whole range is above the high line; 'moderate to high' means the range "
    "crosses the line."
)
TERMS["too_few"] = (
    "The table is too small to tell a small leak from chance: random scores alone can reach "
    "the advantage shown, so no colour is given."
)
# technical name → tooltip: "plain words: explanation" (the report's Glossary appendix)
TECHNICAL = {term: f"{term} ({plain}): {text}" for term, plain, text in GLOSSARY}


def role_tip(role: Role) -> str:
    return f"{ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}"
