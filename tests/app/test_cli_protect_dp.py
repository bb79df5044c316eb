"""`veil-cli protect --method dp-noise|dp-synthetic`: the DP path end to end on Adult."""

import json

import pandas as pd
import pytest

from app.cli import main

BOUNDS = ["--bounds", "age=17:90", "--bounds", "hours-per-week=1:99"]


def _protect(tmp_path, data, *flags):
    out, result = tmp_path / "out.csv", tmp_path / "result.json"
    code = main(["protect", str(data), *flags, "--out", str(out), "--result", str(result)])
    return code, out, result


@pytest.fixture(scope="module")
def small_adult(adult_full_csv, tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "adult.csv"
    pd.read_csv(adult_full_csv).head(3000).to_csv(path, index=False)
    return path


def test_dp_noise_writes_the_table_and_a_result_with_the_budget(tmp_path, small_adult, capsys):
    code, out, result = _protect(
        tmp_path, small_adult, "--method", "dp-noise", "--epsilon", "2", *BOUNDS, "--seed", "3"
    )
    assert code == 0
    released, original = pd.read_csv(out), pd.read_csv(small_adult)
    assert list(released.columns) == list(original.columns) and len(released) == 3000
    assert released["age"].between(17, 90).all()
    summary = json.loads(result.read_text())
    assert summary["method"] == "dp-noise" and summary["epsilon_spent"] == pytest.approx(2.0)
    assert summary["delta_spent"] == 0
    age = next(m for m in summary["mechanisms"] if m["target"] == "age")
    assert age["mechanism"] == "GeometricTruncated" and age["bounds"] == [17, 90]
    assert age["source"] == "user"
    assert "fnlwgt" in summary["bounds_from_data"] and "age" not in summary["bounds_from_data"]
    err = capsys.readouterr().err
    assert "Privacy leak: the ranges of fnlwgt" in err and "seed 3" in err
    assert "--" not in err.split("veil-cli: hint:")[0], "the warnings speak plain words"
    hint = "veil-cli: hint: give --bounds COL=LOW:HIGH for fnlwgt, education-num, capital-gain"
    assert hint in err and "--categories COL=A|B|C for workclass, education" in err


def test_dp_synthetic_honours_rows_and_infinite_epsilon(tmp_path, small_adult):
    code, out, result = _protect(
        tmp_path, small_adult, "--method", "dp-synthetic", "--epsilon", "inf", "--rows", "777"
    )
    assert code == 0 and len(pd.read_csv(out)) == 777
    summary = json.loads(result.read_text())
    assert summary["epsilon_spent"] == "inf" and summary["rows"] == 777
    columns = list(pd.read_csv(small_adult).columns)
    assert sorted(child for child, _ in summary["network"]) == sorted(columns)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--method", "dp-noise"], "needs a privacy budget"),
        (["--method", "dp-synthetic", "--epsilon", "1", "--bounds", "agee=0:1"], "agee"),
        (["--method", "dp-noise", "--epsilon", "1", "--bounds", "age=90:17"], "low < high"),
        (["--method", "dp-noise", "--epsilon", "1", "--bounds", "age=17:inf"], "COLUMN=LOW:HIGH"),
        (
            ["--method", "dp-noise", "--epsilon", "1", "--bounds", "age=1900-01-01:today"],
            "date_of_birth=1900-01-01:2026-12-31",
        ),
    ],
)
def test_bad_dp_flags_give_one_clear_line(tmp_path, small_adult, capsys, flags, message):
    code, out, _ = _protect(tmp_path, small_adult, *flags)
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()


def test_without_seed_every_dp_release_is_fresh_and_with_one_it_repeats(
    tmp_path, small_adult, capsys
):
    flags = ["--method", "dp-noise", "--epsilon", "1", *BOUNDS]
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        code, out, result = _protect(folder, small_adult, *flags)
        assert code == 0 and json.loads(result.read_text())["seed"] is None
        outputs.append(pd.read_csv(out))
    assert not outputs[0].equals(outputs[1])
    assert "seed" not in capsys.readouterr().err
    seeded = []
    for run in ("c", "d"):
        folder = tmp_path / run
        folder.mkdir()
        code, out, _ = _protect(folder, small_adult, *flags, "--seed", "8")
        seeded.append(pd.read_csv(out))
    pd.testing.assert_frame_equal(*seeded)
    assert "seed 8" in capsys.readouterr().err


def test_k_anonymity_needs_no_seed_to_repeat(tmp_path, small_adult):
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        code, out, _ = _protect(
            folder, small_adult, "--qi", "age,sex,race", "--k", "5", "--accept-risk"
        )  # fnlwgt, kept as is, singles people out: the gate needs the confirmation
        assert code == 0
        outputs.append(pd.read_csv(out))
    pd.testing.assert_frame_equal(*outputs)


def test_the_demo_with_its_dates_of_birth_and_date_bounds(tmp_path, capsys):
    from core.demo import demo_path

    code, out, result = _protect(
        tmp_path, demo_path(), "--method", "dp-synthetic", "--epsilon", "1",
        "--identifier", "name,email,phone",
        "--bounds", "date_of_birth=1900-01-01:2026-12-31", "--bounds", "length_of_stay=1:60",
    )  # fmt: skip
    assert code == 0
    released = pd.read_csv(out)
    assert {"name", "email", "phone"}.isdisjoint(released.columns)
    dob = pd.to_datetime(released["date_of_birth"], format="%Y-%m-%d")
    assert dob.between("1900-01-01", "2026-12-31").all()
    summary = json.loads(result.read_text())
    record = next(m for m in summary["mechanisms"] if m["target"] == "date_of_birth")
    assert record["bounds"] == ["1900-01-01", "2026-12-31"] and record["source"] == "user"
    assert "date_of_birth" not in summary["bounds_from_data"]
    assert "Traceback" not in capsys.readouterr().err


def test_hierarchy_files_give_the_text_columns_categories(
    tmp_path, adult_csv, adult_hierarchy_files, capsys
):
    """--hierarchy COL=FILE supplies a DP release's categories: with a file for every text
    column and --bounds for age nothing is read from the data, and no leak is reported."""
    text = [c for c in adult_hierarchy_files if c != "age"]
    files = [f"--hierarchy={c}={adult_hierarchy_files[c]}" for c in text]
    flags = ["--method", "dp-noise", "--epsilon", "1", "--qi", ",".join(adult_hierarchy_files)]
    age = ["--bounds", "age=17:90", "--number", "age=integer"]
    code, out, result = _protect(tmp_path, adult_csv, *flags, *files, *age)
    assert code == 0
    released = pd.read_csv(out)
    assert released["age"].between(17, 90).all() and released["sex"].isin(["Male", "Female"]).all()
    summary = json.loads(result.read_text())
    assert summary["bounds_from_data"] == []
    assert {m["source"] for m in summary["mechanisms"] if m["target"] in text} == {"user"}
    assert "LEAK" not in capsys.readouterr().err.upper()

    code, _, result = _protect(tmp_path, adult_csv, *flags, *age)
    assert code == 0 and sorted(json.loads(result.read_text())["bounds_from_data"]) == sorted(text)
    assert "LEAK" in capsys.readouterr().err.upper()


def test_a_project_run_is_told_where_the_project_file_takes_ranges_and_categories():
    from app.cli.protection_args import leak_hint
    from core.demo import demo_path, demo_project
    from core.io import load_table
    from core.protect import protect
    from core.settings import ProtectionSettings

    settings = ProtectionSettings(
        method="dp-noise",
        epsilon=1.0,
        bounds={"length_of_stay": (0, 60)},
        domain={"length_of_stay": {"number": "integer"}},
    )
    project = demo_project()
    result = protect(load_table(demo_path()).frame, project.roles, settings).to_dict()
    hint = leak_hint(result, project=True)
    assert hint.startswith("give the project ranges for date_of_birth under protection.bounds")
    assert "categories for zip_code, sex, ethnicity" in hint and "under protection.domain" in hint
    assert "length_of_stay" not in hint
    assert leak_hint({"bounds_from_data": []}) is None and leak_hint(None) is None
    kinds = {"bounds_from_data": [], "kinds_from_data": ["length_of_stay"]}
    assert leak_hint(kinds, project=True) == (
        "give the project integer or decimal for length_of_stay as "
        "protection.domain.COL.number (or use Veil's Protect and Columns steps)."
    )


def test_an_unstated_number_kind_is_warned_with_its_flag_and_a_stated_one_is_not(tmp_path, capsys):
    """Whole numbers or decimals, taken from the loaded type when unstated, is a leak too."""
    data = tmp_path / "stays.csv"
    pd.DataFrame({"stay": [3, 5, 8, 13] * 50}).to_csv(data, index=False)
    flags = ["--method", "dp-noise", "--epsilon", "1", "--bounds", "stay=1:60"]
    code, _, result = _protect(tmp_path, data, *flags)
    err = capsys.readouterr().err
    assert code == 0 and json.loads(result.read_text())["kinds_from_data"] == ["stay"]
    assert "Privacy leak: whether stay holds whole numbers or decimals" in err
    assert "veil-cli: hint: give --number COL=integer|decimal for stay." in err
    code, out, result = _protect(tmp_path, data, *flags, "--number", "stay=decimal")
    err = capsys.readouterr().err
    assert code == 0 and json.loads(result.read_text())["kinds_from_data"] == []
    assert "LEAK" not in err.upper() and "--number" not in err
    assert pd.read_csv(out)["stay"].dtype == "float64"  # decimals, as stated


def test_categories_flags_give_text_columns_their_public_domain(tmp_path, capsys):
    """--categories COL=A|B|C replaces a hierarchy file; --may-be-missing lets blanks through;
    --number states whole numbers. Nothing is then read from the data."""
    data = tmp_path / "people.csv"
    pd.DataFrame({"sex": ["F", "M", None, "F"] * 50, "score": [1.0, 2.0, 3.0, None] * 50}).to_csv(
        data, index=False
    )
    flags = ["--method", "dp-noise", "--epsilon", "50", "--bounds", "score=0:10"]
    facts = ["--categories", "sex=F|M|X", "--may-be-missing", "sex", "--number", "score=integer"]
    code, out, result = _protect(tmp_path, data, *flags, *facts)
    assert code == 0
    released = pd.read_csv(out)
    assert set(released["sex"].dropna()) <= {"F", "M", "X"}
    assert released["score"].dtype == "int64"  # whole numbers, no blanks: none may be missing
    summary = json.loads(result.read_text())
    assert summary["bounds_from_data"] == []
    sex = next(m for m in summary["mechanisms"] if m["target"] == "sex")
    assert sex["domain_size"] == 4 and sex["source"] == "user"  # F, M, X and 'missing'
    assert "only 'sex' may be missing" in summary["guarantee"]
    assert "LEAK" not in capsys.readouterr().err.upper()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--categories", "sex"], "COLUMN=A|B|C"),
        (["--categories", "sex=F||M"], "blank"),
        (["--categories", "sex=F|F"], "repeat F"),
        (["--number", "score=round"], "Unknown number kind"),
        (["--categories", "sexx=F|M"], "sexx"),
    ],
)
def test_bad_public_facts_give_one_clear_line(tmp_path, capsys, flags, message):
    data = tmp_path / "people.csv"
    pd.DataFrame({"sex": ["F", "M"] * 5, "score": [1.5, 2.0] * 5}).to_csv(data, index=False)
    code, out, _ = _protect(tmp_path, data, "--method", "dp-noise", "--epsilon", "1", *flags)
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()
