"""`veil-cli assess --attack-sample N`: attacks on a seeded sample of a larger table."""

import json

from app.cli import main

QIS = "age,sex,race,marital-status,education,native-country,workclass"


def test_a_large_table_is_attacked_on_a_sample_and_the_summary_says_so(capsys, adult_csv, tmp_path):
    code = main([
        "assess", str(adult_csv), "--qi", QIS, "--target", "salary-class",
        "--attacks", "reidentification,attribute", "--model", "logreg", "--seed", "5",
        "--attack-sample", "2000", "--quiet", "--out", str(tmp_path),
    ])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    doc = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert doc["sample"] == {"rows": 2000, "of": 30_162, "seed": 5}
    assert doc["split"]["members"] + doc["split"]["non_members"] == 2000
    assert doc["before"]["reidentification"]["records"] == 30_162
    assert doc["settings"]["assessment"]["attack_sample"] == 2000
    assert "Attacks measured on a sample of 2,000 of 30,162 records." in out


def test_a_sample_size_out_of_range_is_one_line(capsys, adult_csv, tmp_path):
    argv = [
        "assess", str(adult_csv), "--qi", "age,sex", "--target", "salary-class",
        "--attack-sample", "5", "--out", str(tmp_path), "--quiet",
    ]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--attack-sample must be a whole number from 100 to 1,000,000,000, not 5" in err
    assert "Traceback" not in err and not (tmp_path / "assessment.json").exists()
