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
    assert "PRIVACY LEAK" in err and "seed 3" in err


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
    ],
)
def test_bad_dp_flags_give_one_clear_line(tmp_path, small_adult, capsys, flags, message):
    code, out, _ = _protect(tmp_path, small_adult, *flags)
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()
