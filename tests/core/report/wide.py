"""TEST FIXTURE: a purpose-built 56-column criminal-justice table and reports on it.

The headers are those of a real kind of file (a risk-score extract with long snake_case names);
the values are random. The DP release in ``wide_dp_assessment`` is a real ``dp-noise`` run, so
its privacy budget ledger has one real mechanism per column.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from core.dp import release
from core.settings import ProtectionSettings
from tests.core.report.example import example_assessment

NUMBERS = {  # column → public range
    "age": (18, 96),
    "juv_fel_count": (0, 20),
    "decile_score": (1, 10),
    "juv_misd_count": (0, 20),
    "juv_other_count": (0, 20),
    "priors_count": (0, 40),
    "days_b_screening_arrest": (-30, 30),
    "c_days_from_compas": (0, 9500),
    "r_days_from_arrest": (0, 1000),
    "v_decile_score": (1, 10),
    "priors_count_1": (0, 40),
    "start": (0, 1200),
    "end": (0, 1200),
    "length_of_stay_in_days": (0, 800),
    "number_of_prior_violent_convictions": (0, 30),
    "supervision_months_remaining": (0, 120),
}
CATEGORIES = {  # column → possible values
    "sex": ["Female", "Male"],
    "age_cat": ["Less than 25", "25 - 45", "Greater than 45"],
    "race": ["African-American", "Asian", "Caucasian", "Hispanic", "Native American", "Other"],
    "c_charge_degree": ["F", "M"],
    "c_charge_desc": ["Battery", "Grand Theft in the 3rd Degree", "Possession of Cocaine"],
    "is_recid": ["0", "1"],
    "r_charge_degree": ["F", "M", "none"],
    "r_charge_desc": ["Battery", "Driving License Suspended", "none"],
    "violent_recid": ["0", "1"],
    "is_violent_recid": ["0", "1"],
    "vr_charge_degree": ["F", "M", "none"],
    "vr_charge_desc": ["Aggravated Assault", "Battery", "none"],
    "type_of_assessment": ["Risk of Recidivism"],
    "score_text": ["High", "Low", "Medium"],
    "v_type_of_assessment": ["Risk of Violence"],
    "v_score_text": ["High", "Low", "Medium"],
    "event": ["0", "1"],
    "two_year_recid": ["0", "1"],
    "supervision_level_at_intake": ["minimum", "medium", "maximum", "close custody"],
    "primary_language_spoken_at_home": ["English", "Spanish", "Haitian Creole", "Other"],
    "marital_status_at_screening": ["Single", "Married", "Divorced", "Widowed"],
}
DATES = [
    "compas_screening_date",
    "dob",
    "c_jail_in",
    "c_jail_out",
    "c_offense_date",
    "c_arrest_date",
    "r_offense_date",
    "r_jail_in",
    "r_jail_out",
    "vr_offense_date",
    "screening_date",
    "v_screening_date",
    "in_custody",
    "out_custody",
]
IDENTIFIERS = ["id", "name", "first", "last", "c_case_number", "r_case_number", "vr_case_number"]
QIS = [
    "sex",
    "age",
    "race",
    "dob",
    "marital_status_at_screening",
    "primary_language_spoken_at_home",
]


def wide_frame(rows: int = 200, seed: int = 0) -> pd.DataFrame:
    """56 columns with realistic headers and random values (no real person)."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {
        "id": np.arange(1, rows + 1),
        "name": [f"person {i}" for i in range(rows)],
        "first": rng.choice(["ana", "ben", "chloe", "dev"], rows),
        "last": rng.choice(["lee", "smith", "garcia", "ng"], rows),
        "c_case_number": [f"13{i:06d}CF10A" for i in range(rows)],
        "r_case_number": [f"14{i:06d}MM10A" for i in range(rows)],
        "vr_case_number": [f"15{i:06d}CF10A" for i in range(rows)],
    }
    for col, (lo, hi) in NUMBERS.items():
        cols[col] = rng.integers(lo, hi + 1, rows)
    for col, values in CATEGORIES.items():
        cols[col] = pd.array(rng.choice(values, rows), dtype="str")
    start = np.datetime64("2013-01-01")
    for col in DATES:
        cols[col] = pd.to_datetime(start + rng.integers(0, 1000, rows).astype("timedelta64[D]"))
    return pd.DataFrame(cols)


def _roles(frame: pd.DataFrame) -> dict[str, str]:
    def role(col: str) -> str:
        if col in IDENTIFIERS:
            return "identifier"
        if col in QIS:
            return "quasi_identifier"
        if col == "two_year_recid":
            return "target"
        return "sensitive" if col == "c_charge_desc" else "insensitive"

    return {col: role(col) for col in frame.columns}


def _base(frame: pd.DataFrame) -> dict:
    a = copy.deepcopy(example_assessment())
    a["dataset"].update(name="compas-scores-two-years.csv", columns=frame.shape[1], synthetic=False)
    a["release"]["columns"] = frame.shape[1] - len(IDENTIFIERS)
    a["roles"] = _roles(frame)
    a["settings"]["assessment"].update(target="two_year_recid", sensitive="c_charge_desc")
    for side in ("before", "after"):
        a[side]["reidentification"]["qis"] = QIS
        for res in a[side]["attribute"].values():
            res["sensitive"] = "c_charge_desc"
    return a


def wide_dp_assessment() -> dict:
    """A real dp-noise release of the wide table at ε = 2: one ledger line per column."""
    frame = wide_frame().drop(columns=IDENTIFIERS)
    settings = ProtectionSettings(
        method="dp-noise",
        epsilon=2.0,
        bounds={c: r for c, r in NUMBERS.items() if c != "days_b_screening_arrest"},
        domain={c: {"categories": v} for c, v in CATEGORIES.items() if c != "c_charge_desc"},
    )
    result = release(frame, roles={}, settings=settings, seed=0)
    a = _base(wide_frame())
    a["settings"]["protection"].update(method="dp-noise", k=None, epsilon=2.0, suppression=0.0)
    a["protection"] = {**result.to_dict(), "method": "dp-noise"}
    a["sweep"] = None
    return a


def wide_k_assessment() -> dict:
    """k-anonymity (k = 5, ℓ = 2, t = 0.3) on the wide table, six long-named quasi-identifiers."""
    a = _base(wide_frame())
    a["settings"]["protection"].update(l=2, t=0.3)
    levels = dict.fromkeys(QIS, 1)
    a["protection"].update(
        transformation=levels,
        max_levels=dict.fromkeys(QIS, 3),
        hierarchy_sources=dict.fromkeys(QIS, "automatic (ranges)"),
    )
    a["release"]["uniqueness"] = [
        {
            "column": "length_of_stay_in_days",
            "unique_without": 0.12,
            "unique_with": 0.64,
            "alone": 0.41,
            "added": 0.52,
            "action": "Make it a quasi-identifier, or round it to weeks or months.",
        },
        {
            "column": "number_of_prior_violent_convictions",
            "unique_without": 0.12,
            "unique_with": 0.2,
            "alone": 0.02,
            "added": 0.08,
            "action": "Make it a quasi-identifier, or group large counts together.",
        },
    ]
    return a
