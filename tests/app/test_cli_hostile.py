"""The hostile-project corpus through `veil-cli run`, and hostile numbers through the flags of
`veil-cli protect` and `assess`: one line naming the field or flag and its range, exit 2,
nothing written; or a correct run. Never "internal error"."""

from __future__ import annotations

import json

import pytest

import core.capacity
from app.cli import main
from tests.hostile_projects import TABLE, cases, refusals, write_case


def _one_refusal(capsys, code: int, expect: str) -> str:
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("veil-cli: error: ") and err.count("\n") == 1, err
    assert expect in err and "internal error" not in err
    return err


@pytest.mark.parametrize("case", refusals(), ids=lambda c: c.name)
def test_run_refuses_each_hostile_project_in_one_line(case, tmp_path, capsys):
    path = write_case(case, tmp_path)
    out = tmp_path / "out"
    code = main(["run", str(path), "--out", str(out), "--quiet"])
    _one_refusal(capsys, code, case.expect)
    assert not out.exists()


def test_run_reads_a_whole_float_k_as_the_whole_number(tmp_path, capsys):
    case = next(c for c in cases() if c.name == "k_whole_float")
    out = tmp_path / "out"
    assert main(["run", str(write_case(case, tmp_path)), "--out", str(out), "--quiet"]) == 0
    doc = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    assert doc["settings"]["protection"]["k"] == 3
    assert "k = 3.0" not in (out / "report.html").read_text(encoding="utf-8")
    assert "internal error" not in capsys.readouterr().err


def test_run_of_a_linked_input_outside_the_folder_warns_and_runs(tmp_path, capsys):
    case = next(c for c in cases() if c.name == "valid")
    write_case(case, tmp_path / "data")
    path = write_case(case, tmp_path / "study")
    link = tmp_path / "study" / "table.csv"
    link.unlink()
    link.symlink_to(tmp_path / "data" / "table.csv")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet", "--accept-risk"]) == 0
    err = capsys.readouterr().err
    real = tmp_path / "data" / "table.csv"
    assert f"veil-cli: warning: The project reads a file outside its own folder: {real}" in err
    assert (out / "release.csv").is_file()


FLAGS = [  # (flag, value, words of the range)
    ("--k", "true", "whole number from 1 to 1,000,000"),
    ("--k", "2.5", "whole number from 1 to 1,000,000"),
    ("--k", "nan", "whole number from 1 to 1,000,000"),
    ("--k", "0", "whole number from 1 to 1,000,000"),
    ("--k", "9" * 5000, "whole number from 1 to 1,000,000"),
    ("--l", "0", "whole number from 1 to 10,000"),
    ("--c", "0", "number above 0 and at most 1,000"),
    ("--t", "1.5", "number above 0 and at most 1"),
    ("--suppression", "1", "number at least 0 and below 1"),
    ("--max-nodes", "0.5", "whole number from 1 to 10,000,000"),
    ("--epsilon", "1e308", "number from 0.001 to 10,000, or inf"),
    ("--epsilon", "1e-300", "number from 0.001 to 10,000, or inf"),
    ("--epsilon", "-inf", "number from 0.001 to 10,000, or inf"),
    ("--delta", "1", "number at least 0 and below 1"),
    ("--rows", "-5", "whole number from 1 to 10,000,000"),
    ("--rows", "1e9", "whole number from 1 to 10,000,000"),
]
ASSESS_FLAGS = [
    ("--seed", "4294967296", "whole number from 0 to 4,294,967,295"),
    ("--seed", "-1", "whole number from 0 to 4,294,967,295"),
    ("--repeats", "1e9", "whole number from 1 to 100"),
    ("--repeats", "True", "whole number from 1 to 100"),
    ("--member-fraction", "1", "number above 0 and below 1"),
    ("--population-size", "0", "whole number from 1 to 100,000,000,000"),
    ("--model-epsilon", "0", "number from 0.001 to 10,000, or inf"),
]


def _table(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def _protect(tmp_path, *flags):
    data = _table(tmp_path)
    out, result = tmp_path / "p.csv", tmp_path / "r.json"
    argv = ["protect", str(data), "--qi", "age,zip", "--out", str(out), "--result", str(result)]
    return main([*argv, *flags]), out, result


@pytest.mark.parametrize(("flag", "value", "words"), FLAGS)
def test_protect_flags_outside_their_range_name_the_flag(flag, value, words, tmp_path, capsys):
    code, out, result = _protect(tmp_path, f"{flag}={value}")
    _one_refusal(capsys, code, f"{flag} must be a {words}")
    assert not out.exists() and not result.exists()


@pytest.mark.parametrize(("flag", "value", "words"), FLAGS + ASSESS_FLAGS)
def test_assess_flags_outside_their_range_name_the_flag(flag, value, words, tmp_path, capsys):
    data, out = _table(tmp_path), tmp_path / "out"
    argv = ["assess", str(data), "--qi", "age,zip", "--target", "sex", "--out", str(out)]
    code = main([*argv, f"{flag}={value}"])
    _one_refusal(capsys, code, f"{flag} must be a {words}")
    assert not out.exists()


def test_protect_seed_above_the_random_state_range_is_refused(tmp_path, capsys):
    code, out, _ = _protect(tmp_path, "--seed", str(2**32))
    _one_refusal(capsys, code, "--seed must be a whole number from 0 to 4,294,967,295")
    assert not out.exists()


def test_repeats_that_would_run_past_the_last_seed_are_refused(tmp_path, capsys):
    data, out = _table(tmp_path), tmp_path / "out"
    argv = ["assess", str(data), "--qi", "age,zip", "--target", "sex", "--out", str(out)]
    code = main([*argv, "--seed", str(2**32 - 1), "--repeats", "2"])
    _one_refusal(capsys, code, "would use seeds above 4,294,967,295")


def test_a_whole_float_flag_is_the_whole_number(tmp_path):
    code, out, result = _protect(tmp_path, "--k", "3.0", "--suppression", "0.2")
    assert code == 0 and out.is_file()
    summary = json.loads(result.read_text(encoding="utf-8"))
    assert summary["k"] == 3 and isinstance(summary["k"], int) and summary["min_class_size"] >= 3


def test_a_synthetic_table_too_big_for_memory_is_refused_before_it_starts(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(core.capacity, "available_memory", lambda: 50 * 2**20)
    flags = ["--method", "dp-synthetic", "--epsilon", "1", "--rows", "1000000"]
    code, out, result = _protect(tmp_path, *flags, "--bounds", "age=0:120")
    err = _one_refusal(capsys, code, "1,000,000 synthetic records of 4 columns would need about")
    assert "this computer has 50.0 MB free" in err and "Ask for at most 104,857 records" in err
    assert not out.exists() and not result.exists()


def test_the_largest_seed_runs_the_whole_rehearsal(tmp_path, capsys):
    """The rehearsal derives seeds (seed + 101 + r) for its models: at seed 2³²−1 these ran past
    scikit-learn's range and ended in an internal error."""
    data, out = _table(tmp_path), tmp_path / "out"
    argv = ["assess", str(data), "--qi", "age,zip", "--target", "sex", "--out", str(out)]
    assert main([*argv, "--seed", str(2**32 - 1), "--quiet"]) == 0
    assert "internal error" not in capsys.readouterr().err
    assert json.loads((out / "assessment.json").read_text(encoding="utf-8"))["seed"] == 2**32 - 1
