"""`veil-cli protect --engine`: DuckDB writes the same release as the default path, the result
records the engine, and what the large-table path cannot do is said in one line."""

from __future__ import annotations

import json

import pandas as pd

from app.cli import main
from tests.app.test_cli_protect import ADULT_QIS, adult_args


def test_duckdb_release_equals_the_default_path(adult_csv, adult_hierarchy_files, tmp_path):
    default, duck = tmp_path / "default", tmp_path / "duck"
    extra = ("--k", "5", "--suppression", "0.05")
    assert main(adult_args(adult_csv, adult_hierarchy_files, default, *extra)) == 0
    args = adult_args(adult_csv, adult_hierarchy_files, duck, *extra, "--engine", "duckdb")
    assert main(args) == 0
    a, b = (json.loads((d / "result.json").read_text()) for d in (default, duck))
    assert b["engine"] == "duckdb" and "engine" not in a
    for key in ("transformation", "suppressed_records", "info_loss", "equivalence_classes"):
        assert a[key] == b[key], key
    assert b["suppressed_records"] == 1346 and b["rows_out"] == 30162 - 1346
    read = {"dtype": str, "keep_default_na": False}
    pd.testing.assert_frame_equal(
        pd.read_csv(default / "out.csv", **read), pd.read_csv(duck / "out.csv", **read)
    )
    assert list(pd.read_csv(duck / "out.csv", nrows=1).columns) == ADULT_QIS


def test_mondrian_needs_the_whole_table(adult_csv, adult_hierarchy_files, tmp_path, capsys):
    args = adult_args(adult_csv, adult_hierarchy_files, tmp_path, "--k", "5")
    assert main([*args, "--method", "mondrian", "--engine", "duckdb"]) == 2
    err = capsys.readouterr().err
    assert "--engine duckdb runs the optimal generalization" in err and err.count("\n") <= 2


def test_ragged_row_names_its_line(tmp_path, capsys):
    data = tmp_path / "ragged.csv"
    data.write_text("age,sex\n30,F\n31,M\n32,F,extra\n33,M\n", encoding="utf-8")
    args = ["protect", str(data), "--qi", "age,sex", "--k", "2", "--engine", "duckdb"]
    args += ["--out", str(tmp_path / "o.csv"), "--result", str(tmp_path / "r.json")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Line 4 of ragged.csv (data row 3) has 3 fields but the header has 2" in err
    assert not (tmp_path / "o.csv").exists()


def test_a_left_out_column_is_not_released_by_duckdb(tmp_path):
    data = tmp_path / "staff.csv"
    rows = [f"{20 + i % 5},{'FM'[i % 2]},note {i},{i % 3}" for i in range(60)]
    data.write_text("age,sex,remark,grade\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    args = ["protect", str(data), "--qi", "age,sex", "--k", "2", "--engine", "duckdb"]
    args += ["--leave-out", "remark", "--keep", "grade", "--accept-risk"]
    assert main([*args, "--out", str(out), "--result", str(tmp_path / "r.json")]) == 0
    assert list(pd.read_csv(out).columns) == ["age", "sex", "grade"]
