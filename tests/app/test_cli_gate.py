"""The release gate through `veil-cli protect` and `veil-cli run`: suggested roles for the
columns not named, exit 3 with one line per concern and nothing written, --accept-risk writes."""

import json

import numpy as np
import pandas as pd

from app.cli import main
from core.project import Project, save_project
from core.provenance import sha256_file
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings

N = 300
GIVEN = ["Anna", "Bernd", "Chloé", "Diego", "Emma", "Femke", "Gustav", "Hugo", "Inès", "Jonas"]
FAMILY = ["Müller", "Dubois", "García", "Jansen", "Smith", "Rossi", "Novák", "Berg", "Lund"]


def people_csv(tmp_path, *, unique_column: bool = True):
    """name, first, last (as in issue 12), demographics and, optionally, a unique measurement."""
    rng = np.random.default_rng(7)
    first = [f"{rng.choice(GIVEN)}{rng.choice(['', 'a', 'o', 'ine'])}" for _ in range(N)]
    last = [f"{rng.choice(FAMILY)}{rng.choice(['', 'er', 'i', 'sen'])}" for _ in range(N)]
    frame = pd.DataFrame(
        {
            "name": [f"{f} {la}" for f, la in zip(first, last, strict=True)],
            "first": first,
            "last": last,
            "sex": rng.choice(["Female", "Male"], N),
            "age": rng.integers(20, 70, N),
            "race": rng.choice(["A", "B", "C"], N),
        }
    )
    if unique_column:
        frame["weight_g"] = rng.integers(40_000, 120_000, N)
    path = tmp_path / "people.csv"
    frame.to_csv(path, index=False)
    return path


def _protect(tmp_path, data, *extra):
    out, result = tmp_path / "out.csv", tmp_path / "result.json"
    args = ["protect", str(data), "--qi", "sex,age,race", "--k", "5", "--suppression", "0.2"]
    return main([*args, "--out", str(out), "--result", str(result), *extra]), out, result


def test_protect_applies_suggestions_to_unnamed_columns_and_removes_names(tmp_path, capsys):
    data = people_csv(tmp_path, unique_column=False)
    code, out, result = _protect(tmp_path, data)
    err = capsys.readouterr().err
    assert code == 0, err
    for column in ("name", "first", "last"):
        assert f"suggested role for {column}: identifier" in err
    assert not {"name", "first", "last"} & set(pd.read_csv(out).columns)
    assert json.loads(result.read_text())["confirmed_risks"] == []


def test_protect_refuses_a_kept_name_and_a_unique_column_with_exit_3(tmp_path, capsys):
    data = people_csv(tmp_path)
    code, out, result = _protect(tmp_path, data, "--keep", "last")
    err = capsys.readouterr().err
    assert code == 3
    refused = [line for line in err.splitlines() if line.startswith("veil-cli: refused: ")]
    assert len(refused) == 2
    assert "'last'" in refused[0] and "identifier" in refused[0]
    assert "'weight_g'" in refused[1] and "unique" in refused[1]
    assert "--accept-risk" in err
    assert not out.exists() and not result.exists()


def test_protect_with_accept_risk_writes_and_records_the_concerns(tmp_path, capsys):
    data = people_csv(tmp_path)
    code, out, result = _protect(tmp_path, data, "--keep", "last", "--accept-risk")
    assert code == 0, capsys.readouterr().err
    assert "last" in pd.read_csv(out).columns
    confirmed = json.loads(result.read_text())["confirmed_risks"]
    assert [("'last'" in c, "'weight_g'" in c) for c in confirmed] == [(True, False), (False, True)]


def test_run_refuses_a_project_that_keeps_names_and_accept_risk_records_it(tmp_path, capsys):
    data = people_csv(tmp_path, unique_column=False)
    roles = {"name": Role.INSENSITIVE, "first": Role.IDENTIFIER, "last": Role.IDENTIFIER,
             "sex": Role.QUASI_IDENTIFIER, "age": Role.QUASI_IDENTIFIER,
             "race": Role.QUASI_IDENTIFIER}  # fmt: skip
    project = Project(
        input_path=data,
        input_sha256=sha256_file(data),
        roles=roles,
        protection=ProtectionSettings(method="optimal", k=5, suppression=0.2),
        assessment=AssessmentSettings(attacks=("reidentification",)),
    )
    path = save_project(project, tmp_path / "p.veil.json")
    out = tmp_path / "results"
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 3
    err = capsys.readouterr().err
    assert "refused: Column 'name' is released as it is" in err
    assert not out.exists() or not any(out.iterdir())
    assert main(["run", str(path), "--out", str(out), "--quiet", "--accept-risk"]) == 0
    document = json.loads((out / "assessment.json").read_text())
    assert any("'name'" in c for c in document["release"]["confirmed_risks"])
    assert "accepted risk: Column 'name'" in capsys.readouterr().err


def test_inspect_names_unique_kept_columns_and_says_when_no_target(tmp_path, capsys):
    assert main(["inspect", str(people_csv(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "No column looks like an outcome to predict" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("- weight_g:"))
    assert "more records unique" in line and "remove it" in line
