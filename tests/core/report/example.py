"""TEST FIXTURE: assessment dictionaries shaped like assessment.json (docs/ARCHITECTURE.md).

The figures are invented to look like a run on the synthetic demo data; they are NOT results of
Veil. Tests of the real pipeline use the real engine on the demo data (tests/core/test_pipeline.py).
"""

from __future__ import annotations

import copy

import numpy as np
from scipy.stats import norm

XSS = "<script>alert(1)</script>"


def _roc(separation: float) -> dict[str, list[float]]:
    """A binormal ROC curve with ≤ 200 points, dense at low false-positive rates."""
    fpr = np.concatenate([[0.0], np.logspace(-4, 0, 199)])
    tpr = norm.cdf(norm.ppf(np.clip(fpr, 1e-12, 1 - 1e-12)) + separation)
    tpr[0], tpr[-1] = 0.0, 1.0
    return {"fpr": fpr.round(6).tolist(), "tpr": tpr.round(6).tolist()}


def _mia(auc: float, adv: float, tpr1: float, tpr01: float, sep: float, warnings=()) -> dict:
    return {
        "auc": auc,
        "auc_ci": [round(auc - 0.012, 4), round(min(auc + 0.012, 1.0), 4)],
        "advantage": adv,
        "advantage_ci": [round(max(adv - 0.02, 0), 4), round(min(adv + 0.02, 1.0), 4)],
        "tpr_at_fpr": {"0.01": tpr1, "0.001": tpr01},
        "roc": _roc(sep),
        "null_advantage": 0.027,
        "at_risk": [{"row": 17, "score": 0.99}, {"row": 4022, "score": 0.97}],
        "warnings": list(warnings),
    }


def _aia(sm: float, sc: float, base: float, lo: float, hi: float, warnings=()) -> dict:
    return {
        "sensitive": "diagnosis",
        "success_members": sm,
        "success_control": sc,
        "baseline": base,
        "risk": round((sm - sc) / (1 - sc), 4),
        "risk_ci": [lo, hi],
        "n_members": 5000,
        "n_control": 5000,
        "warnings": list(warnings),
    }


QIS = ["zip_code", "date_of_birth", "sex", "ethnicity", "marital_status"]
LABELS = ["1", "2", "3-4", "5-9", "10-19", "20-49", "50+"]


def example_assessment() -> dict:
    """k-anonymity (optimal, k=5) on demo-like data, every attack run, with a sweep."""
    before_reid = {
        "qis": QIS,
        "equivalence_classes": 4713,
        "unique_records": 4460,
        "unique_fraction": 0.892,
        "average_risk": 0.9266,
        "highest_risk": 1.0,
        "records_at_risk": {
            "0.5": 0.9312,
            "0.2": 0.9788,
            "0.1": 0.9954,
            "0.09": 0.9962,
            "0.05": 0.9991,
        },
        "class_size_histogram": {
            "labels": LABELS,
            "records": [4460, 352, 140, 48, 0, 0, 0],
            "classes": [4460, 176, 40, 7, 0, 0, 0],
        },
        "journalist_risk": None,
        "marketer_risk": None,
    }
    after_reid = {
        "qis": QIS,
        "equivalence_classes": 311,
        "unique_records": 0,
        "unique_fraction": 0.0,
        "average_risk": 0.0645,
        "highest_risk": 0.2,
        "records_at_risk": {
            "0.5": 0.0,
            "0.2": 0.0,
            "0.1": 0.2137,
            "0.09": 0.2471,
            "0.05": 0.5863,
        },
        "class_size_histogram": {
            "labels": LABELS,
            "records": [0, 0, 0, 1030, 1417, 1611, 762],
            "classes": [0, 0, 0, 160, 101, 46, 4],
        },
        "journalist_risk": None,
        "marketer_risk": None,
    }
    return {
        "veil_version": "0.1.0",
        "seed": 0,
        "elapsed_seconds": 14.2,
        "dataset": {
            "name": "patients.csv",
            "rows": 10000,
            "columns": 11,
            "sha256": "3f" * 32,
            "synthetic": True,
        },
        "release": {"rows": 4820, "columns": 8, "sha256": "a9" * 32},
        "roles": {
            "name": "identifier",
            "email": "identifier",
            "phone": "identifier",
            "zip_code": "quasi_identifier",
            "date_of_birth": "quasi_identifier",
            "sex": "quasi_identifier",
            "ethnicity": "quasi_identifier",
            "marital_status": "quasi_identifier",
            "diagnosis": "sensitive",
            "length_of_stay": "insensitive",
            "readmitted_30d": "target",
        },
        "settings": {
            "protection": {
                "method": "optimal",
                "k": 5,
                "l": None,
                "l_variant": "distinct",
                "c": 3.0,
                "t": None,
                "suppression": 0.05,
                "metric": "loss",
                "max_nodes": None,
                "identifiers": "remove",
                "epsilon": None,
                "delta": 0.0,
                "bounds": {},
                "rows": None,
            },
            "assessment": {
                "target": "readmitted_30d",
                "sensitive": "diagnosis",
                "model": "rf",
                "model_epsilon": None,
                "attacks": ["reidentification", "membership", "attribute"],
                "member_fraction": 0.5,
                "population_size": None,
                "sweep": True,
            },
        },
        "protection": {
            "method": "optimal",
            "transformation": {
                "zip_code": 2,
                "date_of_birth": 3,
                "sex": 0,
                "ethnicity": 1,
                "marital_status": 1,
            },
            "max_levels": {
                "zip_code": 4,
                "date_of_birth": 4,
                "sex": 1,
                "ethnicity": 1,
                "marital_status": 1,
            },
            "hierarchy_sources": {
                "zip_code": "automatic (masking)",
                "date_of_birth": "automatic (dates)",
                "sex": "automatic (groups)",
                "ethnicity": "automatic (groups)",
                "marital_status": "automatic (groups)",
            },
            "rows_in": 5000,
            "rows_out": 4820,
            "suppressed_records": 180,
            "equivalence_classes": 311,
            "min_class_size": 5,
            "avg_class_size": 15.5,
            "max_class_size": 180,
            "info_loss": {
                "loss": 0.4127,
                "entropy": 81163.4,
                "discernibility": 1678669.0,
                "aecs": 3.1,
            },
            "nodes_evaluated": 120,
            "lattice_size": 200,
            "search": "exact",
            "optimal": True,
            "elapsed_seconds": 0.31,
            "warnings": [],
        },
        "split": {
            "members": 5000,
            "non_members": 5000,
            "stratified_on": "readmitted_30d",
            "evaluation_members": 2500,
            "evaluation_non_members": 2500,
            "reference_pool": 2500,
            "lowest_resolvable_fpr": 0.0004,
        },
        "before": {
            "reidentification": before_reid,
            "utility": {
                "model": "rf",
                "target": "readmitted_30d",
                "accuracy": 0.7812,
                "balanced_accuracy": 0.7133,
                "roc_auc": 0.8021,
            },
            "membership": {
                "threshold": _mia(0.581, 0.121, 0.031, 0.004, 0.29),
                "shadow": _mia(0.562, 0.098, 0.022, 0.003, 0.22),
                "lira": _mia(0.614, 0.163, 0.064, 0.011, 0.41),
                "distance": _mia(0.993, 0.962, 0.951, 0.902, 3.5),
            },
            "attribute": {
                "linkage": _aia(0.6231, 0.3107, 0.2804, 0.4361, 0.4689),
                "ml": _aia(0.4102, 0.3322, 0.2804, 0.0982, 0.1354),
                "inversion": _aia(0.2993, 0.2951, 0.2804, -0.0121, 0.0239),
            },
        },
        "after": {
            "reidentification": after_reid,
            "utility": {
                "model": "rf",
                "target": "readmitted_30d",
                "accuracy": 0.7644,
                "balanced_accuracy": 0.6811,
                "roc_auc": 0.7735,
            },
            "membership": {
                "threshold": _mia(0.512, 0.031, 0.012, 0.001, 0.05),
                "shadow": _mia(0.507, 0.024, 0.011, 0.001, 0.03),
                "lira": _mia(0.528, 0.046, 0.017, 0.002, 0.1),
                "distance": _mia(0.561, 0.083, 0.021, 0.002, 0.21),
            },
            "attribute": {
                "linkage": _aia(0.3620, 0.3107, 0.2804, 0.0571, 0.0913),
                "ml": _aia(0.3401, 0.3322, 0.2804, -0.0071, 0.0307),
                "inversion": _aia(
                    0.2961,
                    0.2951,
                    0.2804,
                    -0.0162,
                    0.0191,
                    warnings=["The attack does no better than the baseline."],
                ),
            },
        },
        "sweep": [
            *(
                {"method": "optimal", "k": k, "epsilon": None, "advantage": adv, "accuracy": acc}
                for k, adv, acc in (
                    (2, 0.071, 0.7741),
                    (5, 0.046, 0.7644),
                    (10, 0.038, 0.7512),
                    (20, 0.031, 0.7303),
                    (50, 0.022, 0.6921),
                )
            ),
            *(
                {
                    "method": "dp-synthetic",
                    "k": None,
                    "epsilon": e,
                    "advantage": adv,
                    "accuracy": acc,
                }
                for e, adv, acc in (
                    (0.1, 0.004, 0.6012),
                    (0.5, 0.009, 0.6533),
                    (1, 0.012, 0.6901),
                    (2, 0.019, 0.7102),
                    (5, 0.027, 0.7311),
                    (10, 0.035, 0.7402),
                )
            ),
        ],
        "warnings": ["Shadow models used 4 reference models to keep the run short."],
        "provenance": {
            "versions": {
                "veil": "0.1.0",
                "python": "3.11.9",
                "numpy": "2.4.0",
                "pandas": "3.1.0",
                "scikit-learn": "1.7.2",
                "scipy": "1.17.0",
                "diffprivlib": "0.6.6",
                "matplotlib": "3.11.2",
                "reportlab": "5.1.0",
            },
            "platform": "Linux 6.1 (x86_64)",
            "frozen": False,
            "created": "2025-03-14T09:26:53+00:00",
        },
    }


def dp_assessment() -> dict:
    """A differentially private synthetic release at ε = 1: no k, an ε ledger, no sweep."""
    a = example_assessment()
    a["settings"]["protection"].update(method="dp-synthetic", k=None, suppression=0.0, epsilon=1.0)
    a["protection"] = {
        "method": "dp-synthetic",
        "epsilon_spent": 1.0,
        "delta_spent": 0.0,
        "mechanisms": [
            {
                "target": "age",
                "step": "1-way marginal",
                "mechanism": "Geometric",
                "epsilon": 0.1,
                "delta": 0.0,
                "bounds": [0, 120],
                "domain_size": None,
                "source": "user",
            },
            {
                "target": "diagnosis × length_of_stay",
                "step": "k-way marginal",
                "mechanism": "Geometric",
                "epsilon": 0.2,
                "delta": 0.0,
                "bounds": None,
                "domain_size": 84,
                "source": "data",
            },
            {
                "target": "sex",
                "step": "1-way marginal",
                "mechanism": "Geometric",
                "epsilon": 0.7,
                "delta": 0.0,
                "bounds": None,
                "domain_size": 2,
                "source": "user",
            },
        ],
        "bounds_from_data": ["length_of_stay"],
        "rows": 5000,
        "elapsed_seconds": 1.2,
        "warnings": ["Bounds of length_of_stay were read from the data: this leaks information."],
    }
    a["sweep"] = None
    return a


def minimal_assessment() -> dict:
    """Only re-identification was asked for; no utility, attacks, sweep or provenance."""
    a = example_assessment()
    for side in ("before", "after"):
        a[side] = {"reidentification": a[side]["reidentification"]}
    a["settings"]["assessment"]["attacks"] = ["reidentification"]
    for key in ("sweep", "provenance", "split"):
        a.pop(key)
    return a


def hostile_assessment() -> dict:
    """Column and file names an attacker chose: must be escaped, never executed."""
    a = example_assessment()
    a["dataset"]["name"] = f"{XSS}.csv"
    a["roles"][XSS] = "quasi_identifier"
    for side in ("before", "after"):
        a[side]["reidentification"]["qis"] = [*QIS, XSS]
    a["warnings"].append(f"Column {XSS} & <b>bold</b> has 3 values")
    return a


def with_infinities(a: dict) -> dict:
    """The JSON form of ∞ (core.results writes the string 'inf')."""
    out = copy.deepcopy(a)
    out["settings"]["protection"]["epsilon"] = "inf"
    return out


def released_assessment() -> dict:
    """As `veil-cli run` writes it: the whole table released (10,000 records, 470 suppressed,
    other generalization levels than the rehearsal's), the attacks a rehearsal on half."""
    a = example_assessment()
    rehearsal = a.pop("release")
    real_reid = copy.deepcopy(a["after"]["reidentification"])
    real_reid.update(
        equivalence_classes=402,
        average_risk=0.0422,
        highest_risk=1 / 7,
        records_at_risk={"0.5": 0.0, "0.2": 0.0, "0.1": 0.0, "0.09": 0.0, "0.05": 0.3318},
        class_size_histogram={
            "labels": LABELS,
            "records": [0, 0, 0, 3080, 3460, 2400, 590],
            "classes": [0, 0, 0, 450, 250, 90, 12],
        },
    )
    input_reid = copy.deepcopy(a["before"]["reidentification"])
    input_reid.update(equivalence_classes=9412, unique_records=8870, unique_fraction=0.887)
    protection = copy.deepcopy(a["protection"])
    protection.update(
        transformation={
            "zip_code": 3,
            "date_of_birth": 2,
            "sex": 0,
            "ethnicity": 1,
            "marital_status": 1,
        },
        rows_in=10000,
        rows_out=9530,
        suppressed_records=470,
        equivalence_classes=402,
        min_class_size=7,
        max_class_size=310,
        warnings=["470 record(s) (4.7%) were suppressed (left out of the release)."],
    )
    release = {
        "rows": 9530,
        "columns": 8,
        "protection": protection,
        "reidentification": real_reid,
        "input_reidentification": input_reid,
        "name": "release.csv",
        "sha256": "b7" * 32,
    }
    out = {}
    for key, value in a.items():  # the keys in the order the pipeline writes them
        out[key] = value
        if key == "dataset":
            out["release"] = release
            out["rehearsal_release"] = {
                "rows": rehearsal["rows"],
                "columns": rehearsal["columns"],
                "content_sha256": rehearsal["sha256"],
            }
    out["project"] = {"name": "project.veil.json"}
    return out


def spread_entry(*runs: float) -> dict:
    """A figure's entry in a section's ``repeats`` block: mean, range, sd and 95% t interval."""
    from scipy.stats import t

    mean, sd = float(np.mean(runs)), float(np.std(runs, ddof=1))
    half = float(t.ppf(0.975, len(runs) - 1)) * sd / np.sqrt(len(runs))
    interval = [round(float(max(mean - half, 0.0)), 4), round(float(min(mean + half, 1.0)), 4)]
    return {
        "n": len(runs),
        "mean": round(mean, 4),
        "min": min(runs),
        "max": max(runs),
        "sd": round(sd, 4),
        "interval": interval,
    }


def repeated(a: dict, side: str, family: str, attack: str | None, **figures: dict) -> dict:
    """``a`` as n rehearsals with seeds 0… left it: ``figures`` (name → spread_entry) in the
    ``repeats`` block of one section (``attack`` None: a section without attacks)."""
    n = max(f["n"] for f in figures.values())
    a["repeats"] = {"n": n, "seeds": list(range(n)), "interval": "95% t interval of the mean"}
    a["settings"]["assessment"]["repeats"] = n
    where = a[side][family] if attack is None else a[side][family][attack]
    where["repeats"] = {"n": n, "seeds": list(range(n)), **figures}
    return a


def repeated_high() -> dict:
    """The first run's membership interval straddles the high line; the mean across three
    rehearsals and its interval lie wholly above it."""
    a = example_assessment()
    a["after"]["membership"]["distance"].update(advantage=0.15, advantage_ci=[0.09, 0.21])
    entry = spread_entry(0.15, 0.16, 0.17)
    return repeated(a, "after", "membership", "distance", advantage=entry)


def repeated_lower() -> dict:
    """The first run's membership interval lies wholly above the high line; five rehearsals
    show the advantage lower."""
    a = example_assessment()
    a["after"]["membership"]["distance"].update(advantage=0.16, advantage_ci=[0.11, 0.21])
    entry = spread_entry(0.16, 0.07, 0.07, 0.06, 0.07)
    return repeated(a, "after", "membership", "distance", advantage=entry)
