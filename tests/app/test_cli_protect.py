"""`veil-cli protect`: files written, RESULT.json keys, identifiers, and one-line errors."""

import json

import pandas as pd
import pytest

from app.cli import main
from tests.corpus import cases

ADULT_QIS = [
    "sex", "age", "race", "marital-status", "education",
    "native-country", "workclass", "occupation", "salary-class",
]  # fmt: skip
RESULT_KEYS = {
    "transformation", "suppressed_records", "equivalence_classes", "min_class_size",
    "info_loss", "nodes_evaluated", "elapsed_seconds",
}  # fmt: skip


def adult_args(adult_csv, adult_hierarchy_files, tmp_path, *extra):
    hier = [f"--hierarchy={c}={p}" for c, p in adult_hierarchy_files.items()]
    return [
        "protect", str(adult_csv), "--qi", ",".join(ADULT_QIS), *hier,
        "--out", str(tmp_path / "out.csv"), "--result", str(tmp_path / "result.json"), *extra,
    ]  # fmt: skip


def test_adult_k5_reproduces_arx(adult_csv, adult_hierarchy_files, tmp_path, capsys):
    before = adult_csv.read_bytes()
    code = main(adult_args(adult_csv, adult_hierarchy_files, tmp_path, "--k", "5"))
    assert code == 0
    result = json.loads((tmp_path / "result.json").read_text())
    assert set(result) >= RESULT_KEYS
    assert result["transformation"] == {
        "sex": 0, "age": 4, "race": 1, "marital-status": 1, "education": 3,
        "native-country": 2, "workclass": 2, "occupation": 1, "salary-class": 0,
    }  # fmt: skip
    assert round(result["info_loss"]["loss"], 4) == 0.5732
    assert result["equivalence_classes"] == 24 and result["min_class_size"] == 69
    out = pd.read_csv(tmp_path / "out.csv")
    assert len(out) == 30162 and out.groupby(ADULT_QIS).size().min() == 69
    assert set(out["age"]) == {"*"}
    assert adult_csv.read_bytes() == before
    assert "24 groups, smallest 69" in capsys.readouterr().out


def test_suppressed_rows_are_left_out(adult_csv, adult_hierarchy_files, tmp_path):
    args = adult_args(adult_csv, adult_hierarchy_files, tmp_path, "--k", "5", "--suppression")
    assert main([*args, "0.05"]) == 0
    result = json.loads((tmp_path / "result.json").read_text())
    out = pd.read_csv(tmp_path / "out.csv")
    assert 0 < result["suppressed_records"] <= 0.05 * 30162
    assert len(out) == 30162 - result["suppressed_records"]
    assert out.groupby(ADULT_QIS).size().min() >= 5


def test_demo_with_identifiers_and_l_diversity(tmp_path):
    from core.demo import demo_path

    key = tmp_path / "veil.key"
    args = [
        "protect", str(demo_path()), "--qi", "zip_code,date_of_birth,sex,ethnicity,marital_status",
        "--sensitive", "diagnosis", "--identifier", "name,email", "--identifier", "phone",
        "--k", "5", "--l", "2", "--suppression", "0.05", "--pseudonymize", "--key-file", str(key),
    ]  # fmt: skip
    for run in ("a", "b"):
        paths = ["--out", str(tmp_path / f"{run}.csv"), "--result", str(tmp_path / f"{run}.json")]
        assert main([*args, *paths]) == 0
    assert key.exists()
    a, b = pd.read_csv(tmp_path / "a.csv"), pd.read_csv(tmp_path / "b.csv")
    original = pd.read_csv(demo_path())
    assert not set(a["email"]) & set(original["email"])  # pseudonymized
    assert a["email"].tolist() == b["email"].tolist()  # same key, same pseudonyms
    classes = a.groupby(["zip_code", "date_of_birth", "sex", "ethnicity", "marital_status"])
    assert classes.size().min() >= 5 and classes["diagnosis"].nunique().min() >= 2
    result = json.loads((tmp_path / "a.json").read_text())
    assert result["sensitive"] == "diagnosis" and result["l"] == 2
    assert result["hierarchy_sources"]["zip_code"] == "automatic (masking)"


def test_mondrian_method(tmp_path):
    from core.demo import demo_path

    args = [
        "protect", str(demo_path()), "--qi", "zip_code,date_of_birth,sex",
        "--identifier", "name,email,phone", "--method", "mondrian", "--k", "8",
        "--out", str(tmp_path / "m.csv"), "--result", str(tmp_path / "m.json"),
    ]  # fmt: skip
    assert main(args) == 0
    out = pd.read_csv(tmp_path / "m.csv", dtype=str)
    assert out.groupby(["zip_code", "date_of_birth", "sex"]).size().min() >= 8
    assert "name" not in out.columns
    assert json.loads((tmp_path / "m.json").read_text())["method"] == "mondrian"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--k", "40000"], "k = 40000 is larger than the table (30162 rows)"),
        (
            ["--t", "1.5", "--sensitive", "occupation"],
            "--t must be a number above 0 and at most 1, not 1.5",
        ),
        (["--l", "3", "--sensitive", "salary-class"], "l = 3 is larger than the number"),
        (["--sensitive", "height"], "Column 'height' is not in the table"),
        (["--hierarchy", "age"], "Cannot read --hierarchy 'age'"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    adult_csv, adult_hierarchy_files, tmp_path, capsys, extra, message
):
    if "--sensitive" in extra and extra[-1] in ADULT_QIS:
        qis = [q for q in ADULT_QIS if q != extra[-1]]
        args = adult_args(adult_csv, adult_hierarchy_files, tmp_path, *extra)
        args[args.index("--qi") + 1] = ",".join(qis)
        args = [a for a in args if not a.startswith(f"--hierarchy={extra[-1]}=")]
    else:
        args = adult_args(adult_csv, adult_hierarchy_files, tmp_path, *extra)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "out.csv").exists()


def test_uneven_hierarchy_file_is_named(adult_csv, tmp_path, capsys):
    bad = tmp_path / "sex.csv"
    bad.write_text("Male;*\nFemale;Person;*\n")
    args = [
        "protect", str(adult_csv), "--qi", "sex,age", f"--hierarchy=sex={bad}",
        "--out", str(tmp_path / "o.csv"), "--result", str(tmp_path / "r.json"),
    ]  # fmt: skip
    assert main(args) == 2
    assert "sex.csv: Hierarchy 'sex' has uneven depths: row 2" in capsys.readouterr().err


def test_refuses_to_write_over_the_input(adult_csv, tmp_path, capsys):
    copy = tmp_path / "adult.csv"
    copy.write_bytes(adult_csv.read_bytes())
    args = ["protect", str(copy), "--qi", "sex,age", "--out", str(copy), "--result",
            str(tmp_path / "r.json")]  # fmt: skip
    assert main(args) == 2
    assert "Refusing to write over the input file" in capsys.readouterr().err
    assert copy.read_bytes() == adult_csv.read_bytes()


def test_degenerate_corpus_through_the_cli(tmp_path, capsys):
    for case in cases():
        path = case.make(tmp_path)
        if case.skip(path):
            continue
        args = ["protect", str(path), "--qi", "age", "--k", "2",
                "--out", str(tmp_path / "o.csv"), "--result", str(tmp_path / "r.json")]  # fmt: skip
        code = main(args)
        err = capsys.readouterr().err
        assert code in (0, 2), (case.name, err)
        if case.expect_error:
            assert code == 2 and case.message_contains in err, case.name
