"""Generate Veil's SYNTHETIC demo dataset: fictitious hospital patients, no real person.

    python scripts/generate_demo.py            # rewrites resources/demo/patients.csv
    python scripts/generate_demo.py --check    # exit 1 if the committed file differs

The structure is deliberate so that the attacks have something to find: age (from the date of
birth) drives the diagnosis, the diagnosis and age drive the length of stay, and age, diagnosis,
length of stay and living alone drive 30-day readmission. ZIP codes follow a Zipf law (a few big
towns, many small ones) under four shared 3-digit prefixes; ethnicity is skewed and varies by
town. Names are common first names and surnames, e-mails use the reserved example.* domains,
phone numbers use the fictional 555 exchange.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240630
ROWS = 10_000
REFERENCE_DATE = np.datetime64("2024-06-30")  # ages are counted at this extract date
OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "demo" / "patients.csv"

AGE_KNOTS = np.array([0, 18, 40, 65, 85, 105])
AGE_WEIGHTS = np.array([0.55, 0.75, 1.1, 2.1, 1.2, 0.02])  # density of patients per year of age

ETHNICITIES = {
    "White": 0.60, "Hispanic": 0.18, "Black": 0.12, "Asian": 0.06, "Multiracial": 0.014,
    "Native American": 0.011, "Pacific Islander": 0.005, "Unknown": 0.01,
}  # fmt: skip

# name: (weights at AGE_KNOTS, mean length of stay in days, readmission log-odds)
DIAGNOSES = {
    "asthma": ([6, 3, 2, 1.5, 1, 1], 2.0, -0.4),
    "pneumonia": ([4, 2, 2, 3, 5, 6], 5.0, 0.4),
    "appendicitis": ([3, 3, 1, 0.3, 0.2, 0.2], 3.0, -1.3),
    "fracture": ([4, 3, 2, 2, 3, 3], 3.0, -0.9),
    "type 2 diabetes": ([0.1, 0.5, 2, 4, 3, 2], 4.0, 0.5),
    "heart failure": ([0.05, 0.1, 0.8, 4, 6, 6], 6.0, 1.4),
    "COPD": ([0, 0.05, 0.8, 3, 4, 3], 5.0, 1.1),
    "stroke": ([0.02, 0.1, 0.6, 2.5, 4, 4], 8.0, 0.5),
    "hip fracture": ([0, 0.02, 0.2, 1.5, 4, 6], 9.0, 0.3),
    "depression": ([0.5, 3, 3, 2, 1.5, 1], 10.0, 0.4),
    "pregnancy complications": ([0, 5, 3, 0, 0, 0], 3.0, -1.6),
    "sepsis": ([1, 1, 1, 2, 3, 4], 9.0, 0.9),
    "chronic kidney disease": ([0.05, 0.2, 1, 2.5, 3, 3], 5.0, 1.0),
    "cancer": ([0.2, 0.5, 2, 3.5, 3, 2], 7.0, 0.8),
    "HIV": ([0, 0.15, 0.3, 0.1, 0.02, 0], 6.0, 0.6),
    "schizophrenia": ([0, 0.3, 0.3, 0.1, 0.05, 0], 14.0, 1.0),
    "cystic fibrosis": ([0.3, 0.15, 0.02, 0, 0, 0], 8.0, 1.2),
}

# marital status probabilities by age band (upper bounds)
MARITAL = ("never married", "married", "divorced", "separated", "widowed")
MARITAL_BANDS = np.array([18, 30, 50, 70, 200])
MARITAL_P = np.array([
    [1.00, 0.00, 0.00, 0.00, 0.00],
    [0.70, 0.25, 0.04, 0.01, 0.00],
    [0.25, 0.55, 0.14, 0.05, 0.01],
    [0.12, 0.60, 0.18, 0.03, 0.07],
    [0.08, 0.45, 0.10, 0.02, 0.35],
])  # fmt: skip

ZIP_PREFIXES = ("483", "484", "485", "487")
AREA_CODES = {"483": ("248", "947"), "484": ("586", "313"), "485": ("810", "734"),
              "487": ("989", "517")}  # fmt: skip
TOWNS = 200  # distinct ZIP codes
ZIPF_EXPONENT = 1.15


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FEMALE = _words(
    """
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
    Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie
    Rebecca Laura Sharon Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole
    Helen Samantha Katherine Christine Debra Rachel Carolyn Janet Maria Olivia Heather Diane
    Julie Joyce Victoria Kelly Christina Lauren Joan Evelyn Judith Chloé Zoë Renée Lucía Mei
    Aaliyah Priya Fatima Ngozi
    """
)
MALE = _words(
    """
    James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel
    Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy
    Ronald Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin
    Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry
    Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle José Björn Hiroshi Wei Arjun
    Kwame Mohammed Diego
    """
)
SURNAMES = _words(
    """
    Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
    Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
    Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
    Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
    Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
    Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
    Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
    Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan
    Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
    Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera
    Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison
    Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
    Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason
    Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox
    Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan
    Gardner Payne Grant Dunn Kowalski Okafor Yamamoto Singh Novak Lindqvist O'Brien
    """
)
MAIL_DOMAINS = ("example.com", "example.org", "example.net")


def interpolate_by_age(age: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Piecewise-linear value at each age from values given at AGE_KNOTS."""
    return np.interp(age, AGE_KNOTS, values)


def sample_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One category index per row from an (n, k) matrix of unnormalized weights."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return (cum < u[:, None]).sum(axis=1)


def towns(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """ZIP codes (Zipf-sized towns under shared prefixes) and their population shares."""
    per_prefix = TOWNS // len(ZIP_PREFIXES)
    codes = [
        prefix + suffix
        for prefix in ZIP_PREFIXES
        for suffix in np.char.zfill(rng.choice(100, per_prefix, replace=False).astype(str), 2)
    ]
    codes = np.array(codes)[rng.permutation(TOWNS)]
    share = 1.0 / np.arange(1, TOWNS + 1) ** ZIPF_EXPONENT
    return codes, share / share.sum()


def ages(rng: np.random.Generator, n: int) -> np.ndarray:
    """Exact ages in years (float) with a hospital-like age profile."""
    years = np.arange(AGE_KNOTS[-1])
    weight = interpolate_by_age(years, AGE_WEIGHTS)
    whole = rng.choice(years, size=n, p=weight / weight.sum())
    return whole + rng.random(n)


def demographics(rng: np.random.Generator, n: int) -> pd.DataFrame:
    age = ages(rng, n)
    days = np.floor(age * 365.2425).astype("int64")
    dob = REFERENCE_DATE - days.astype("timedelta64[D]")
    female = rng.random(n) < 0.53
    codes, share = towns(rng)
    town = rng.choice(TOWNS, size=n, p=share)
    base = np.array(list(ETHNICITIES.values()))
    mix = rng.dirichlet(base * 60, size=TOWNS)  # each town has its own ethnic mix
    ethnicity = np.array(list(ETHNICITIES))[sample_rows(rng, mix[town])]
    band = np.searchsorted(MARITAL_BANDS, age, side="right")
    marital = np.array(MARITAL)[sample_rows(rng, MARITAL_P[np.minimum(band, 4)])]
    return pd.DataFrame(
        {
            "age": age,
            "date_of_birth": np.datetime_as_string(dob, unit="D"),
            "sex": np.where(female, "female", "male"),
            "ethnicity": ethnicity,
            "marital_status": marital,
            "zip_code": codes[town],
        }
    )


def clinical(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    age = people["age"].to_numpy()
    names = list(DIAGNOSES)
    weights = np.column_stack([interpolate_by_age(age, DIAGNOSES[d][0]) for d in names])
    weights[:, names.index("pregnancy complications")] *= (people["sex"] == "female") & (
        (age >= 15) & (age < 48)
    )
    dx = sample_rows(rng, weights)
    mean_stay = np.array([DIAGNOSES[d][1] for d in names])[dx] * np.exp(0.01 * (age - 50))
    stay = np.maximum(1, rng.poisson(rng.gamma(2.5, mean_stay / 2.5)))
    alone = people["marital_status"].isin(["widowed", "divorced", "separated"]).to_numpy()
    logit = (
        -3.2
        + 0.04 * (age - 50)
        + 1.8 * np.array([DIAGNOSES[d][2] for d in names])[dx]  # diagnosis effect, scaled
        + 0.12 * np.minimum(stay, 30)
        + 0.5 * alone
    )
    readmitted = rng.random(len(age)) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(
        {
            "diagnosis": np.array(names)[dx],
            "length_of_stay": stay.astype("int64"),
            "readmitted_30d": np.where(readmitted, "yes", "no"),
        }
    )


def contacts(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    n = len(people)
    female = (people["sex"] == "female").to_numpy()
    first = np.where(
        female,
        np.array(FEMALE)[rng.integers(len(FEMALE), size=n)],
        np.array(MALE)[rng.integers(len(MALE), size=n)],
    )
    last = np.array(SURNAMES)[rng.integers(len(SURNAMES), size=n)]
    middle = pd.Series(np.array(list("ABCDEFGHJKLMNPRSTW"))[rng.integers(18, size=n)]) + ". "
    name = pd.Series(first) + " " + middle.where(rng.random(n) < 0.5, "") + pd.Series(last)
    local = _ascii(pd.Series(first)) + "." + _ascii(pd.Series(last))
    initial = _ascii(pd.Series(first)).str[0] + _ascii(pd.Series(last))
    local = local.where(rng.random(n) < 0.6, initial)
    local = local + pd.Series(rng.integers(1, 99, size=n).astype(str)).where(
        rng.random(n) < 0.5, ""
    )
    domain = pd.Series(np.array(MAIL_DOMAINS)[rng.integers(len(MAIL_DOMAINS), size=n)])
    email = local + "@" + domain
    clash = email.duplicated()
    email[clash] = (
        local[clash] + "." + pd.Series(np.arange(n))[clash].astype(str) + "@" + domain[clash]
    )
    return pd.DataFrame({"name": name, "email": email, "phone": _phones(rng, people["zip_code"])})


def _ascii(s: pd.Series) -> pd.Series:
    """Lower-case ASCII form of a name for e-mail addresses (José -> jose, O'Brien -> obrien)."""
    folded = s.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return folded.str.lower().str.replace(r"[^a-z]", "", regex=True)


def _phones(rng: np.random.Generator, zips: pd.Series) -> np.ndarray:
    """Unique numbers in the fictional 555 exchange, area code by region."""
    out = np.empty(len(zips), dtype=object)
    prefix = zips.str[:3].to_numpy()
    for p, areas in AREA_CODES.items():
        rows = np.flatnonzero(prefix == p)
        pick = rng.choice(len(areas) * 10_000, size=len(rows), replace=False)
        area = np.array(areas)[pick // 10_000]
        digits = np.char.zfill((pick % 10_000).astype(str), 4)
        out[rows] = "(" + pd.Series(area) + ") 555-" + pd.Series(digits)
    return out


def generate(seed: int = SEED, rows: int = ROWS) -> pd.DataFrame:
    """The demo table, identical for identical ``seed`` and ``rows``."""
    rng = np.random.default_rng(seed)
    people = demographics(rng, rows)
    frame = pd.concat([contacts(rng, people), people, clinical(rng, people)], axis=1)
    return frame[
        ["name", "email", "phone", "zip_code", "date_of_birth", "sex", "ethnicity",
         "marital_status", "diagnosis", "length_of_stay", "readmitted_30d"]
    ]  # fmt: skip


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args(argv)
    data = to_csv_bytes(generate())
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_bytes() == data
        print("identical" if same else f"{OUTPUT} differs from the generator's output")
        return 0 if same else 1
    sys.path.insert(0, str(OUTPUT.parents[2]))
    from core.export import write_bytes_atomic

    write_bytes_atomic(OUTPUT, data)
    OUTPUT.chmod(0o644)  # the atomic writer's temporary file is private (0600)
    print(f"wrote {OUTPUT} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
