"""`veil-cli assess`: writes DIR/assessment.json; every bad input is one line, exit code 2."""

import json

import pytest

from app.cli import main
from core.demo import demo_path
from tests.corpus import cases

QIS = "age,sex,race,marital-status,education,native-country,workclass"


@pytest.fixture(scope="module")
def adult_2k(adult_frame, tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "adult_2k.csv"
    adult_frame.sample(2000, random_state=0).to_csv(path, index=False)
    return path


def test_assess_writes_the_document_and_a_summary(
    capsys, adult_2k, tmp_path, adult_hierarchy_files
):
    out = tmp_path / "result"
    hierarchies = [f"--hierarchy={q}={p}" for q, p in adult_hierarchy_files.items() if q in QIS]
    code = main([
        "assess", str(adult_2k), "--qi", QIS, "--target", "salary-class",
        "--sensitive", "occupation", "--method", "optimal", "--k", "10",
        "--suppression", "0.05", "--model", "logreg", "--seed", "3", "--quiet",
        "--out", str(out), *hierarchies,
    ])  # fmt: skip
    assert code == 0
    captured = capsys.readouterr()
    doc = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    assert doc["seed"] == 3
    assert doc["dataset"]["name"] == "adult_2k.csv" and len(doc["dataset"]["sha256"]) == 64
    assert doc["settings"]["protection"]["k"] == 10
    assert doc["settings"]["assessment"]["model"] == "logreg"
    assert doc["protection"]["transformation"]["age"] >= 1
    assert doc["after"]["reidentification"]["highest_risk"] <= 0.1
    assert "average re-identification risk" in captured.out
    assert "suppressed" in captured.err  # the protection's warning is passed on
    assert "[" not in captured.err.split("warning")[0]  # --quiet: no progress lines


def test_default_method_is_none_and_attacks_can_be_chosen(capsys, adult_2k, tmp_path):
    code = main([
        "assess", str(adult_2k), "--qi", QIS, "--target", "salary-class",
        "--attacks", "reidentification,membership", "--model", "dp-logreg",
        "--epsilon", "1", "--out", str(tmp_path),
    ])  # fmt: skip
    assert code == 0
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["protection"]["method"] == "none"
    assert doc["settings"]["assessment"]["model_epsilon"] == 1.0
    assert doc["before"]["attribute"] is None
    assert doc["before"]["membership"]["lira"]["dp_ceiling"] == pytest.approx(0.4621, abs=1e-4)
    assert "[" in capsys.readouterr().err  # progress lines


def test_the_demo_data_with_identifiers_and_dates(capsys, tmp_path):
    code = main([
        "assess", str(demo_path()),
        "--qi", "zip_code,date_of_birth,sex,ethnicity,marital_status",
        "--target", "readmitted_30d", "--sensitive", "diagnosis",
        "--identifier", "name,email,phone", "--model", "logreg",
        "--attacks", "reidentification,attribute", "--member-fraction", "0.3",
        "--quiet", "--out", str(tmp_path),
    ])  # fmt: skip
    assert code == 0
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["split"]["members"] == 3000
    assert doc["before"]["reidentification"]["unique_fraction"] > 0.9
    assert "name" not in doc["before"]["utility"]["features"]
    assert doc["roles"]["readmitted_30d"] == "target"


def test_repeats_add_the_spread_and_the_summary_names_it(capsys, adult_2k, tmp_path):
    code = main([
        "assess", str(adult_2k), "--qi", QIS, "--target", "salary-class",
        "--sensitive", "occupation", "--attacks", "reidentification,attribute",
        "--model", "logreg", "--repeats", "3", "--seed", "5", "--quiet", "--out", str(tmp_path),
    ])  # fmt: skip
    assert code == 0
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["repeats"]["n"] == 3 and doc["repeats"]["seeds"] == [5, 6, 7]
    assert doc["settings"]["assessment"]["repeats"] == 3
    risk = doc["after"]["attribute"]["linkage"]["repeats"]["risk"]
    assert risk["min"] <= doc["after"]["attribute"]["linkage"]["risk"] <= risk["max"]
    assert risk["min"] < risk["max"]  # three different splits
    printed = capsys.readouterr().out
    span = f"{risk['min']:.3f}–{risk['max']:.3f}"
    assert "linkage attribute risk" in printed
    assert f"(mean of 3 rehearsals {risk['mean']:.3f}, range {span})" in printed


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--target", "salary"], "'salary' is not in the table"),
        (["--target", "salary-class", "--attacks", "membership,guessing"], "Unknown --attacks"),
        (["--target", "salary-class", "--model", "dp-rf"], "needs a privacy budget"),
        (["--target", "race", "--qi", "race"], "'race' is the target"),
        (["--target", "age", "--qi", "sex"], "the proxy model predicts categories"),
        (
            ["--target", "sex", "--member-fraction", "1.5"],
            "--member-fraction must be a number above 0 and below 1",
        ),
        (["--target", "salary-class", "--method", "dp-noise"], "epsilon"),
        (
            ["--target", "sex", "--repeats", "0"],
            "--repeats must be a whole number from 1 to 100, not 0",
        ),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys, adult_2k, tmp_path, extra, message):
    argv = ["assess", str(adult_2k), "--qi", "age,sex", "--out", str(tmp_path), "--quiet", *extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("veil-cli: error:") and "Traceback" not in err
    assert not (tmp_path / "assessment.json").exists()


def test_out_must_be_a_folder(capsys, adult_2k, tmp_path):
    out = tmp_path / "file.txt"
    out.write_text("x")
    assert main(["assess", str(adult_2k), "--qi", "age", "--target", "sex", "--out", str(out)]) == 2
    assert "is a file" in capsys.readouterr().err


@pytest.mark.parametrize("case", cases(), ids=str)
def test_degenerate_inputs_end_in_a_clear_message(capsys, tmp_path, case):
    path = case.make(tmp_path)
    if why := case.skip(path):
        pytest.skip(why)
    argv = ["assess", str(path), "--qi", "age,sex", "--target", "zip", "--out", str(tmp_path / "o")]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "internal error" not in err
    if case.expect_error:
        assert case.message_contains in err


def test_extraction_and_property_can_be_chosen_with_a_property(capsys, adult_full_csv, tmp_path):
    import pandas as pd

    data = tmp_path / "adult_full_3k.csv"
    pd.read_csv(adult_full_csv).sample(3000, random_state=0).to_csv(data, index=False)
    out = tmp_path / "out"
    code = main([
        "assess", str(data), "--qi", "age,sex,race", "--target", "income", "--model", "logreg",
        "--attacks", "extraction,property", "--property", "sex=Female", "--quiet",
        "--out", str(out),
    ])  # fmt: skip
    assert code == 0
    doc = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    settings = doc["settings"]["assessment"]
    assert settings["attacks"] == ["extraction", "property"]
    assert (settings["property_column"], settings["property_value"]) == ("sex", "Female")
    before = doc["before"]
    assert before["membership"] is None and before["reidentification"] is None
    assert before["property"]["column"] == "sex" and before["property"]["value"] == "Female"
    assert 0.2 < before["property"]["true_share"] < 0.45
    pool = before["extraction"]["curves"]["pool"]
    assert pool[-1]["queries"] == before["extraction"]["pool_size"] == 750  # capped, stated
    assert any("largest query budget is 750" in w for w in doc["warnings"])
    assert "model copy agreement" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--attacks", "extraction,spying"], "Unknown --attacks"),
        (["--property", "sex"], "Write it as COLUMN=VALUE"),
        (["--property", "salary-class=>50K"], "is the target the model predicts"),
        (["--property", "sex=Other"], "'Other' does not occur in column 'sex'"),
    ],
)
def test_bad_attack_choices_are_one_line(capsys, adult_2k, tmp_path, flags, message):
    code = main([
        "assess", str(adult_2k), "--qi", "age,sex", "--target", "salary-class",
        "--out", str(tmp_path), "--quiet", *flags,
    ])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "assessment.json").exists()


def test_reconstruction_can_be_chosen_alone(adult_2k, tmp_path):
    code = main([
        "assess", str(adult_2k), "--qi", QIS, "--target", "salary-class",
        "--attacks", "reconstruction", "--model", "logreg", "--quiet", "--out", str(tmp_path),
    ])  # fmt: skip
    assert code == 0
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["settings"]["assessment"]["attacks"] == ["reconstruction"]
    assert doc["before"]["membership"] is None and doc["before"]["attribute"] is None
    columns = doc["before"]["reconstruction"]["columns"]
    assert "salary-class" in columns and "age" not in columns
