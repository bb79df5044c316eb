"""The project file: round trip, relative input path, secrets, migration, clear errors."""

import json
import shutil

import pytest

from core.demo import demo_path, demo_project
from core.errors import ConfigError, InputError
from core.project import VERSION, Project, load_project, new_key, save_project
from core.schema import Role
from core.settings import ProtectionSettings

V1_DRAFT = {
    "format": "veil-project",
    "version": 1,
    "input": "patients.csv",
    "input_sha256": None,
    "identifiers": ["name", "email"],
    "qis": ["zip_code", "sex"],
    "sensitive": "diagnosis",
    "target": "readmitted_30d",
    "k": 7,
    "suppression": 0.02,
    "seed": 3,
}


@pytest.fixture
def demo_copy(tmp_path):
    data = tmp_path / "data" / "patients.csv"
    data.parent.mkdir()
    shutil.copyfile(demo_path(), data)
    return data


def _write(path, doc):
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_demo_project_matches_the_brief():
    p = demo_project()
    assert p.columns_with(Role.IDENTIFIER) == ["name", "email", "phone"]
    assert p.columns_with(Role.QUASI_IDENTIFIER) == [
        "zip_code", "date_of_birth", "sex", "ethnicity", "marital_status",
    ]  # fmt: skip
    assert p.roles["diagnosis"] == Role.SENSITIVE and p.roles["readmitted_30d"] == Role.TARGET
    assert p.roles["length_of_stay"] == Role.INSENSITIVE
    assert (p.protection.method, p.protection.k, p.protection.suppression) == ("optimal", 5, 0.05)
    assert (p.assessment.target, p.assessment.sensitive, p.seed) == (
        "readmitted_30d",
        "diagnosis",
        0,
    )
    assert p.input_problem() is None


ZIP_SPEC = {"version": 1, "name": "zip_code", "levels": [["101", "10*", "*"], ["102", "10*", "*"]],
            "builder": {"kind": "masking"}}  # fmt: skip


def test_round_trip_with_relative_input_path(tmp_path, demo_copy):
    key = new_key()
    project = Project(
        input_path=demo_copy,
        input_sha256=demo_project().input_sha256,
        roles=demo_project().roles,
        hierarchies={"zip_code": ZIP_SPEC},
        protection=ProtectionSettings(method="mondrian", k=10, bounds={"age": (0, 120)}),
        assessment=demo_project().assessment,
        seed=42,
        pseudonymization_key=key,
    )
    target = save_project(project, tmp_path / "study" / "run.veil.json")
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["format"] == "veil-project" and doc["version"] == VERSION
    assert doc["input"]["path"] == "../data/patients.csv"
    assert doc["pseudonymization_key"] == key
    loaded = load_project(target)
    assert loaded == project
    assert loaded.key == bytes.fromhex(key) and len(loaded.key) == 32
    assert loaded.hierarchies["zip_code"] == ZIP_SPEC
    assert loaded.protection.bounds == {"age": (0.0, 120.0)}
    # moving the project and its data together keeps the link
    moved = tmp_path / "moved"
    shutil.copytree(tmp_path / "study", moved / "study")
    shutil.copytree(tmp_path / "data", moved / "data")
    assert load_project(moved / "study/run.veil.json").input_path == moved / "data/patients.csv"


def test_secrets_are_dropped_for_copies_and_never_in_to_dict(tmp_path):
    project = Project(roles={"name": Role.IDENTIFIER}, pseudonymization_key=new_key())
    assert "pseudonymization_key" not in project.to_dict()
    public = project.without_secrets()
    assert public.key is None and public.roles == project.roles
    text = save_project(public, tmp_path / "copy.veil.json").read_text(encoding="utf-8")
    assert "pseudonymization_key" not in text


def test_v1_draft_is_migrated(tmp_path, demo_copy):
    path = _write(demo_copy.parent / "old.veil.json", V1_DRAFT)
    p = load_project(path)
    assert p.input_path == demo_copy
    assert p.roles == {
        "name": Role.IDENTIFIER, "email": Role.IDENTIFIER, "zip_code": Role.QUASI_IDENTIFIER,
        "sex": Role.QUASI_IDENTIFIER, "diagnosis": Role.SENSITIVE, "readmitted_30d": Role.TARGET,
    }  # fmt: skip
    assert (p.protection.method, p.protection.k, p.protection.suppression) == ("optimal", 7, 0.02)
    assert (p.assessment.target, p.assessment.sensitive, p.seed) == (
        "readmitted_30d",
        "diagnosis",
        3,
    )
    resaved = json.loads(save_project(p, path).read_text(encoding="utf-8"))
    assert resaved["version"] == VERSION and "qis" not in resaved


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": VERSION + 1}, "newer Veil"),
        ({"colour": "blue"}, "Unknown key 'colour'"),
        ({"input": {"path": "x.csv", "checksum": "0"}}, "Unknown key 'input.checksum'"),
        ({"protection": {"k": 5, "kk": 2}}, "kk"),
        ({"protection": {"k": "five"}}, "protection"),
        ({"roles": {"age": "quasi"}}, "Unknown role 'quasi' for column 'age'"),
        ({"format": "something-else"}, "not a Veil project file"),
        ({"version": "2"}, "invalid version"),
        ({"seed": -1}, "seed"),
        ({"pseudonymization_key": "not hex"}, "hexadecimal"),
        ({"hierarchies": {"zip": [1, 2]}}, "hierarchy for column 'zip'"),
    ],
)
def test_bad_documents_name_the_problem(tmp_path, change, message):
    doc = demo_project().to_document(tmp_path) | change
    with pytest.raises(ConfigError, match=message):
        load_project(_write(tmp_path / "bad.veil.json", doc))


def test_v1_with_unknown_key_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="Unknown key 'l_div'"):
        load_project(_write(tmp_path / "old.veil.json", V1_DRAFT | {"l_div": 2}))


def test_unreadable_documents(tmp_path):
    broken = tmp_path / "broken.veil.json"
    broken.write_text('{"format": "veil-project",\n "version": 2,,}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"not valid JSON \(line 2"):
        load_project(broken)
    with pytest.raises(ConfigError, match="not found"):
        load_project(tmp_path / "missing.veil.json")
    with pytest.raises(ConfigError, match="not a Veil project"):
        load_project(_write(tmp_path / "list.veil.json", [1, 2]))


def test_changed_or_missing_input_is_reported(tmp_path, demo_copy):
    project = Project(input_path=demo_copy, input_sha256=demo_project().input_sha256)
    path = save_project(project, tmp_path / "p.veil.json")
    assert load_project(path).input_problem() is None
    with open(demo_copy, "a", encoding="utf-8") as f:
        f.write("Extra Person,x@example.com,,,,,,,,,\n")
    loaded = load_project(path)  # loading still works so the user can fix it
    assert "changed since the project was saved" in loaded.input_problem()
    with pytest.raises(InputError, match=r"patients\.csv changed"):
        loaded.verify_input()
    demo_copy.unlink()
    assert "not found" in loaded.input_problem()


def test_failed_save_leaves_the_previous_file(tmp_path):
    path = save_project(demo_project(), tmp_path / "p.veil.json")
    before = path.read_bytes()
    bad = Project(hierarchies={"zip": {"levels": [["1", "*"]], "builder": {"x": {1, 2}}}})  # a set
    with pytest.raises(ConfigError, match="cannot be saved"):
        save_project(bad, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.veil.json"]


def test_an_input_that_is_a_folder_is_named_as_one(tmp_path):
    """Outside the pipeline too (the GUI opening a project): the loader's words, not 'not
    found'."""
    folder = tmp_path / "patients.csv"
    folder.mkdir()
    project = Project(input_path=folder, input_sha256=demo_project().input_sha256)
    assert project.input_problem() == "patients.csv is a folder, not a file."
    with pytest.raises(InputError, match="is a folder") as caught:
        project.verify_input()
    assert caught.value.path == str(folder) and "file inside it" in caught.value.hint
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert Project(input_path=empty, input_sha256="0" * 64).input_problem() == "empty.csv is empty."
