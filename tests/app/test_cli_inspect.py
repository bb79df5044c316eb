"""`veil-cli inspect`: through app.cli.main and once through the installed console script."""

import json
import subprocess

import pytest

from app.cli import main
from core.demo import DEMO_LABEL
from tests.conftest import REPO, console_script
from tests.corpus import cases

ADULT_QIS = ("age", "sex", "race", "marital-status", "native-country")


def _json(capsys, *argv):
    assert main(["inspect", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_adult_json_is_the_stable_shape(capsys, adult_csv):
    out = _json(capsys, str(adult_csv))
    assert set(out) == {"rows", "columns"}
    assert out["rows"] == 30_162 and len(out["columns"]) == 9
    assert all(
        set(c) == {"name", "type", "suggested_role", "reason", "distinct"} for c in out["columns"]
    )
    cols = {c["name"]: c for c in out["columns"]}
    assert cols["age"]["type"] == "integer" and cols["age"]["distinct"] == 72
    assert all(cols[c]["suggested_role"] == "quasi_identifier" for c in ADULT_QIS)


def test_demo_json(capsys):
    cols = {c["name"]: c for c in _json(capsys, "--demo")["columns"]}
    assert [cols[c]["suggested_role"] for c in ("name", "email", "phone")] == ["identifier"] * 3
    assert [cols[c]["suggested_role"] for c in ("zip_code", "date_of_birth", "sex")] == [
        "quasi_identifier"
    ] * 3
    assert cols["diagnosis"]["suggested_role"] == "sensitive"
    assert cols["date_of_birth"]["type"] == "date"


def test_text_output_labels_the_demo_as_synthetic(capsys, tmp_path):
    assert main(["inspect", "--demo"]) == 0
    out = capsys.readouterr().out
    assert "patients.csv: 10,000 rows × 11 columns" in out
    assert DEMO_LABEL in out
    assert "looks like e-mail (100% of values)" in out


def test_warnings_go_to_stderr_in_json_mode(capsys, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("age,sex\n34,f\n", encoding="utf-8")
    assert _json(capsys, str(path)) == {
        "rows": 1,
        "columns": [
            {"name": "age", "type": "integer", "suggested_role": "quasi_identifier",
             "reason": "age", "distinct": 1},
            {"name": "sex", "type": "categorical", "suggested_role": "quasi_identifier",
             "reason": "sex/gender", "distinct": 1},
        ],
    }  # fmt: skip
    assert main(["inspect", str(path), "--format", "json"]) == 0
    assert "only one data row" in capsys.readouterr().err


def test_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["inspect", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("veil-cli: error: empty.csv is empty.") and "Traceback" not in err
    assert main(["inspect"]) == 2
    assert "--demo" in capsys.readouterr().err


@pytest.mark.parametrize("bad", cases(), ids=str)
def test_corpus_never_gives_a_traceback(capsys, tmp_path, bad):
    path = bad.make(tmp_path)
    if reason := bad.skip(path):
        pytest.skip(reason)
    code = main(["inspect", str(path)])
    out, err = capsys.readouterr()
    if bad.expect_error:
        assert code == 2
        assert err.startswith("veil-cli: error: ") and err.count("\n") == 1
        assert bad.message_contains in err
    else:
        assert code == 0 and err == ""
        assert bad.message_contains in out


def test_real_console_script(adult_csv):
    exe = console_script("veil-cli")
    done = subprocess.run(
        [exe, "inspect", str(adult_csv), "--format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == 30_162
