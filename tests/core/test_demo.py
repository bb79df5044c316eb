"""The synthetic demo dataset: reproducible from its generator and structured for the attacks."""

import importlib.util
import shutil

import numpy as np
import pandas as pd
import pytest

from core.demo import DEMO_LABEL, demo_path, is_demo
from tests.conftest import REPO


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location(
        "generate_demo", REPO / "scripts/generate_demo.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo():
    return pd.read_csv(demo_path(), dtype=str, keep_default_na=False)


def test_committed_file_is_exactly_what_the_seeded_generator_writes(generator):
    assert generator.to_csv_bytes(generator.generate()) == demo_path().read_bytes()


def test_generator_depends_on_its_seed(generator):
    a = generator.generate(seed=1, rows=500)
    assert a.equals(generator.generate(seed=1, rows=500))
    assert not a.equals(generator.generate(seed=2, rows=500))


def test_columns_size_and_labels(demo):
    assert list(demo.columns) == [
        "name", "email", "phone", "zip_code", "date_of_birth", "sex", "ethnicity",
        "marital_status", "diagnosis", "length_of_stay", "readmitted_30d",
    ]  # fmt: skip
    assert len(demo) == 10_000
    assert (demo != "").all().all(), "the demo has no missing values"
    assert "synthetic" in DEMO_LABEL.lower()
    readme = (demo_path().parent / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "fictitious" in readme


def test_identifiers_are_plausible_but_clearly_fake(demo):
    assert demo["email"].str.fullmatch(r"[a-z.]+\d*(\.\d+)?@example\.(com|org|net)").all()
    assert demo["email"].is_unique
    assert demo["phone"].str.fullmatch(r"\(\d{3}\) 555-\d{4}").all()
    assert demo["phone"].is_unique
    assert demo["name"].nunique() > 0.9 * len(demo)


def test_zip_codes_are_skewed_and_share_prefixes(demo):
    assert demo["zip_code"].str.fullmatch(r"\d{5}").all()
    sizes = demo["zip_code"].value_counts()
    assert sizes.iloc[0] > 0.15 * len(demo), "a few big towns"
    assert (sizes <= 5).sum() >= 20, "many small towns"
    assert demo["zip_code"].str[:3].nunique() <= 5
    shares = demo["ethnicity"].value_counts(normalize=True)
    assert shares.iloc[0] > 0.5 and (shares < 0.02).sum() >= 3


def _age(demo):
    dob = pd.to_datetime(demo["date_of_birth"], format="%Y-%m-%d")
    return (pd.Timestamp("2024-06-30") - dob).dt.days / 365.2425


def test_age_drives_diagnosis_and_diagnosis_drives_stay(demo):
    age = _age(demo)
    by_dx = age.groupby(demo["diagnosis"]).median()
    assert by_dx["heart failure"] > by_dx["asthma"] + 25
    assert by_dx["hip fracture"] > by_dx["appendicitis"] + 30
    stay = demo["length_of_stay"].astype(int).groupby(demo["diagnosis"]).mean()
    assert stay["schizophrenia"] > 2 * stay["asthma"]
    pregnant = demo["diagnosis"] == "pregnancy complications"
    assert (demo.loc[pregnant, "sex"] == "female").all()


def test_quasi_identifiers_single_out_people(demo):
    qis = ["zip_code", "date_of_birth", "sex"]
    unique = demo.groupby(qis)["sex"].transform("size") == 1
    assert unique.mean() > 0.9
    coarse = demo.assign(y=demo["date_of_birth"].str[:4], z=demo["zip_code"].str[:3])
    assert (coarse.groupby(["y", "z", "sex"])["sex"].transform("size") == 1).mean() < 0.05


def test_a_model_beats_the_majority_class_clearly(demo):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    features = pd.get_dummies(demo[["diagnosis", "marital_status"]]).assign(
        age=_age(demo), stay=demo["length_of_stay"].astype(int)
    )
    y = (demo["readmitted_30d"] == "yes").to_numpy()
    accuracy = cross_val_score(LogisticRegression(max_iter=2000), features, y, cv=5).mean()
    majority = max(y.mean(), 1 - y.mean())
    assert accuracy > majority + 0.07, (accuracy, majority)
    assert 0.15 < y.mean() < 0.5
    assert np.isfinite(accuracy)


def test_is_demo_recognizes_the_file_and_copies(tmp_path):
    assert is_demo(demo_path())
    copy = tmp_path / "copy.csv"
    shutil.copyfile(demo_path(), copy)
    assert is_demo(copy)
    copy.write_bytes(copy.read_bytes()[:-3])
    assert not is_demo(copy)
    assert not is_demo(tmp_path / "missing.csv")
