"""Technical terms kept off the main screens and the report's first page, each with the plain
words used there and one explanation. Shown in the report's Glossary appendix and as tooltips in
the GUI (ui/glossary.py). Pure data: importing it loads nothing."""

from __future__ import annotations

# (technical term, plain words used on main screens, explanation)
GLOSSARY: tuple[tuple[str, str, str], ...] = (
    (
        "Confidence-threshold attack",
        "model confidence",
        "A model trained on the release is more confident about the people it saw; the attacker "
        "calls someone a member when the model is very sure about them.",
    ),
    (
        "Shadow models",
        "look-alike models",
        "The attacker trains look-alike models on similar records of their own, where they know "
        "who was in, and learns from them what 'being in' looks like to a model.",
    ),
    (
        "LiRA (likelihood-ratio attack)",
        "per-person look-alike models",
        "For each person, look-alike models trained with and without them show how the model "
        "would score them either way; the attack asks which fits better.",
    ),
    (
        "Distance to closest record",
        "closest record",
        "Someone holding a person's record looks for it, or a near copy, in the released table.",
    ),
    (
        "Linkage (homogeneity) attack",
        "group matching",
        "The attacker finds the person's group in the release from the facts they know and "
        "guesses the value most common in that group.",
    ),
    (
        "Machine-learning inference",
        "learned guess",
        "A model trained on the release guesses the sensitive value from the facts the "
        "attacker knows.",
    ),
    (
        "Model inversion",
        "model reversal",
        "Knowing every other column of a person and what a model predicts for them, the "
        "attacker tries each value of the sensitive column and keeps the one that fits best.",
    ),
    (
        "Prosecutor risk",
        "chance of picking a person out",
        "The chance that someone who knows a person is in the table finds their record: 1 in "
        "the size of the group of records that look like theirs.",
    ),
    (
        "Membership advantage",
        "advantage",
        "How much better than a coin toss an attacker tells people in the data from people "
        "outside: true-positive rate minus false-positive rate, 0 for guessing, 1 for always "
        "right.",
    ),
    (
        "TPR at 1% FPR",
        "people found allowing 1% false alarms",
        "The share of people in the data the attacker finds when only 1 in 100 people outside "
        "is wrongly accused; guessing finds 1%.",
    ),
    (
        "ROC curve",
        "hits against false alarms",
        "Each point is one setting of the attacker: the share of people in the data found "
        "(up) against the share of people outside wrongly accused (across); the diagonal is "
        "guessing.",
    ),
    (
        "95% confidence interval",
        "interval",
        "The range a figure measured on a sample of people would fall in 95 times out of 100; a "
        "light is HIGH only when the whole interval is above the high line, and shows a range "
        "such as 'moderate to high' when the interval crosses a line.",
    ),
    (
        "Family-wise false-alarm rate",
        "too few records to tell",
        "Taking the strongest of several attacks makes noise look like a leak more often; the "
        "membership light allows for it, so random scores light it at most 5% of the time. "
        "When the table is so small that noise can reach a moderate advantage, the light says "
        "'too few records' instead of a colour.",
    ),
    (
        "Control correction",
        "the part due to the release",
        "Attribute attacks also run on people held back: only the extra success on people in "
        "the release counts as risk.",
    ),
    (
        "Generalization lattice",
        "candidate generalizations",
        "Every combination of how vague each quasi-identifier can be made; the search looks "
        "for the least vague one that meets k.",
    ),
    (
        "GeometricTruncated",
        "noise on counts",
        "The random whole-number noise differential privacy adds to each count (two-sided "
        "geometric, cut off at 0).",
    ),
)

PLAIN_TO_TECHNICAL = {plain: term for term, plain, _ in GLOSSARY}
