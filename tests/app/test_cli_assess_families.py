"""`veil-cli assess` for the three new families: query budgets, and every bad input refused in
one line (exit code 2) before any work, naming the column, value or pool size."""

import json

import pandas as pd
import pytest

from app.cli import main

QIS = "age,sex,race,marital-status"


@pytest.fixture(scope="module")
def full_2k(adult_full_csv, tmp_path_factory):
    """2,000 rows of adult_full, plus a column that is the same in every row."""
    frame = pd.read_csv(adult_full_csv).sample(2000, random_state=0)
    frame["country-code"] = "US"
    path = tmp_path_factory.mktemp("data") / "full_2k.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def one_class(adult_full_csv, tmp_path_factory):
    """Only people with the lower income: the target has one class."""
    frame = pd.read_csv(adult_full_csv)
    path = tmp_path_factory.mktemp("data") / "one_class.csv"
    frame[frame["income"] == frame["income"].iloc[0]].head(1000).to_csv(path, index=False)
    return path


def assess(data, out, *flags):
    return main([
        "assess", str(data), "--qi", QIS, "--target", "income", "--out", str(out), *flags,
    ])  # fmt: skip


def test_extraction_budgets_are_used_stored_and_stated(full_2k, tmp_path):
    code = assess(
        full_2k, tmp_path, "--attacks", "extraction", "--extraction-budgets", "10,30,100",
        "--model", "logreg", "--quiet",
    )  # fmt: skip
    assert code == 0
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["settings"]["assessment"]["extraction_budgets"] == [10, 30, 100]
    for side in ("before", "after"):
        found = doc[side]["extraction"]
        assert found["budgets"] == [10, 30, 100] and found["capped"] is False
        for key in ("curves", "probability_curves"):
            assert [p["queries"] for p in found[key]["pool"]] == [10, 30, 100]
    assert not any("largest query budget" in w for w in doc["warnings"])

    from core.report.sections.extraction import extraction_section

    text = " ".join(getattr(b, "text", "") for b in extraction_section(doc).blocks)
    assert "10, 30, 100 queries, as asked" in text
    assert "protection: answering class probabilities as well as labels" in text.lower()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--property", "diagnosis=yes"], "The property column 'diagnosis' is not in the table"),
        (["--property", "country-code=US"], "'country-code' has the same value in every row"),
        (["--property", "income=>50K"], "'income' is the target the model predicts"),
        (["--property", "sex=Other"], "The value 'Other' does not occur in column 'sex'"),
        (["--extraction-budgets", "10,100000"], "100,000 cannot be used: the attacker's pool "
         "holds 500 records"),
        (["--extraction-budgets", "100,30"], "The query budgets 100, 30 do not increase"),
        (["--extraction-budgets", "10,0"], "The query budget 0 is not a whole number"),
        (["--extraction-budgets", "10,many"], "Cannot read --extraction-budgets '10,many'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_before_any_work(capsys, full_2k, tmp_path, flags, message):
    code = assess(full_2k, tmp_path, *flags)  # progress lines on: none may appear
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert "protection" not in err.lower().replace("--", "")  # no side was attacked
    assert not (tmp_path / "assessment.json").exists()


def test_a_target_with_one_class_is_refused_naming_it(capsys, one_class, tmp_path):
    code = assess(one_class, tmp_path, "--attacks", "extraction,property")
    err = capsys.readouterr().err
    assert code == 2
    assert "The target column 'income' has a single value" in err and "Traceback" not in err
    assert not (tmp_path / "assessment.json").exists()


def test_every_family_by_name_and_by_default_gives_its_section_report_and_chart(full_2k, tmp_path):
    small = tmp_path / "full_1k.csv"
    pd.read_csv(full_2k).head(1000).to_csv(small, index=False)
    from app.cli.assess_cmd import add_parser, assessment_from_args
    from core.assessment.families import NAMES
    from core.report.build import build_report
    from core.report.document import Chart

    code = assess(
        small, tmp_path, "--attacks", ",".join(NAMES), "--sensitive", "occupation",
        "--method", "mondrian", "--k", "20", "--model", "logreg", "--quiet",
        "--extraction-budgets", "10,100",
    )  # fmt: skip
    assert code == 0
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert tuple(doc["settings"]["assessment"]["attacks"]) == NAMES == (
        "reidentification", "membership", "attribute", "extraction", "property", "reconstruction",
    )  # fmt: skip
    for side in ("before", "after"):
        for name in NAMES:
            assert doc[side][name], (side, name)
    report = build_report(doc)
    for title in ("Model extraction", "Property inference", "Record reconstruction"):
        found = report.section(title)
        assert found is not None and any(isinstance(b, Chart) for b in found.blocks), title

    import argparse

    parser = add_parser(argparse.ArgumentParser().add_subparsers())
    args = parser.parse_args([str(full_2k), "--qi", QIS, "--target", "income", "--out", "x"])
    assert assessment_from_args(args).attacks == NAMES  # the default runs every family
