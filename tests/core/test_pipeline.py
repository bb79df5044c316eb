"""run_project / run_demo end to end on the synthetic demo, with the real engine."""

from __future__ import annotations

import dataclasses
import json
import socket

import pandas as pd
import pytest

from core.demo import demo_path, demo_project
from core.errors import ConfigError, InputError, JobCancelled, ValidationError
from core.jobs import Monitor
from core.pipeline import rerender, run_demo, run_project
from core.project import load_project, new_key, save_project
from core.provenance import sha256_file
from core.report import Level
from core.schema import Role
from core.settings import AssessmentSettings, ProtectionSettings
from tests.core.report.checks import key_figures, pdf_text

FILES = ["assessment.json", "project.veil.json", "release.csv", "report.html", "report.pdf"]
QIS = [c for c, r in demo_project().roles.items() if r is Role.QUASI_IDENTIFIER]


def released(path) -> pd.DataFrame:
    """release.csv as written: every value as text, empty cells kept as values."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


class NoNetwork(Exception):
    pass


def no_socket(*args, **kwargs):
    raise NoNetwork("Veil tried to open a network connection")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """One full demo run (protect, every attack, report) with sockets disabled throughout."""
    out = tmp_path_factory.mktemp("demo") / "out"
    before = sha256_file(demo_path())
    steps: list[tuple[float, str]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "socket", no_socket)
        result = run_demo(
            out, monitor=Monitor(lambda f, m: steps.append((f, m))), accept_risk=True
        )  # the demo's membership light is HIGH: the release gate needs the confirmation
    assert sha256_file(demo_path()) == before, "the input must never be modified"
    return result, steps


@pytest.mark.slow
def test_demo_run_writes_the_five_files_offline(demo_run):
    result, _ = demo_run
    assert sorted(p.name for p in result.out_dir.iterdir()) == FILES
    assert result.report_pdf.read_bytes().startswith(b"%PDF")
    assert [light.risk for light in result.verdicts] == [
        "Re-identification",
        "Membership inference",
        "Attribute inference",
    ]
    assert all(light.level is not Level.NOT_ASSESSED for light in result.verdicts)


@pytest.mark.slow
def test_assessment_json_fingerprints_the_real_input_and_release_files(demo_run):
    result, _ = demo_run
    doc = json.loads(result.assessment_json.read_text(encoding="utf-8"))
    assert doc == result.assessment
    assert doc["dataset"]["name"] == "patients.csv" and doc["dataset"]["synthetic"] is True
    assert doc["dataset"]["sha256"] == sha256_file(demo_path())
    assert doc["release"]["sha256"] == sha256_file(result.release)
    release = pd.read_csv(result.release)
    assert doc["release"]["rows"] == len(release) and doc["release"]["columns"] == release.shape[1]
    assert not {"name", "email", "phone"} & set(release.columns)  # identifiers removed
    assert doc["project"]["name"] == "project.veil.json"


@pytest.mark.slow
def test_release_is_the_whole_table_less_suppressed_with_every_group_of_k(demo_run):
    result, _ = demo_run
    doc = result.assessment
    release = released(result.release)
    rows_in = len(pd.read_csv(demo_path()))
    suppressed = doc["release"]["protection"]["suppressed_records"]
    assert rows_in == 10_000 and 0 < suppressed <= 0.05 * rows_in  # the demo allows 5%
    assert len(release) == rows_in - suppressed == doc["release"]["rows"]
    assert doc["rehearsal_release"]["rows"] < 0.55 * rows_in < len(release)
    sizes = release.groupby(QIS).size()  # independent of the engine's own class count
    assert sizes.min() >= demo_project().protection.k


@pytest.mark.slow
def test_report_reidentification_figures_are_the_released_tables(demo_run):
    result, _ = demo_run
    release = released(result.release)
    sizes = release.groupby(QIS).size()
    classes, smallest = len(sizes), int(sizes.min())
    reid = result.assessment["release"]["reidentification"]
    assert reid["equivalence_classes"] == classes and reid["records"] == len(release)
    assert reid["highest_risk"] == pytest.approx(1 / smallest)
    assert reid["average_risk"] == pytest.approx(classes / len(release))
    assert reid["unique_records"] == int((sizes == 1).sum())
    sentence = result.verdicts[0].sentence
    assert f"{1 / smallest:.2f} (1 in {smallest})" in sentence
    assert f"in the released table ({len(release):,} of 10,000 records)" in sentence
    html = result.report_html.read_text(encoding="utf-8")
    text = pdf_text(result.report_pdf.read_bytes())
    for figure in (f"{classes:,}", f"{classes / len(release):.3f}", f"{len(release):,}"):
        assert figure in html and figure in text, figure


@pytest.mark.slow
def test_both_reports_show_the_key_figures_of_the_real_assessment(demo_run):
    result, _ = demo_run
    doc = result.assessment
    html = result.report_html.read_text(encoding="utf-8")
    text = pdf_text(result.report_pdf.read_bytes())
    figures = key_figures(doc)
    assert [f for f in figures if f not in html] == []
    assert [f for f in figures if f not in text] == []
    assert "synthetic" in html and "synthetic" in text


@pytest.mark.slow
def test_project_copy_has_no_secret_and_reruns_from_its_folder(demo_run):
    result, _ = demo_run
    copy = load_project(result.project_copy)
    assert copy.pseudonymization_key is None
    assert copy.input_path.resolve() == demo_path().resolve()
    assert copy.protection == demo_project().protection
    assert copy.seed == demo_project().seed


@pytest.mark.slow
def test_report_rerendered_from_assessment_json_is_identical(demo_run, tmp_path):
    result, _ = demo_run
    first_pdf, first_html = result.report_pdf.read_bytes(), result.report_html.read_text()
    (tmp_path / "assessment.json").write_bytes(result.assessment_json.read_bytes())
    html, pdf = rerender(tmp_path)
    assert pdf.read_bytes() == first_pdf
    assert html.read_text() == first_html


@pytest.mark.slow
def test_progress_rises_to_one_with_a_message_per_step(demo_run):
    _, steps = demo_run
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = {m for _, m in steps}
    assert {
        "Measuring the released table",
        "Writing the protected table",
        "Writing the PDF report",
    } <= messages


def without_timings(value):
    if isinstance(value, dict):
        return {k: without_timings(v) for k, v in value.items() if k != "elapsed_seconds"}
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


@pytest.mark.slow
def test_a_dp_release_is_fresh_each_run_while_the_rehearsal_is_reproduced(tmp_path):
    project = dataclasses.replace(
        demo_project(),
        protection=ProtectionSettings(method="dp-noise", epsilon=1.0, k=None),
        assessment=AssessmentSettings(
            target="readmitted_30d", sensitive="diagnosis", model="logreg"
        ),
    )
    first, second = (run_project(project, tmp_path / name) for name in ("a", "b"))
    a, b = first.assessment, second.assessment
    assert len(released(first.release)) == len(released(second.release)) == 10_000
    assert a["release"]["sha256"] != b["release"]["sha256"]
    assert not released(first.release).equals(released(second.release))
    assert a["release"]["protection"]["seed"] is None and a["protection"]["seed"] == project.seed
    for key in ("before", "after", "protection", "split", "rehearsal_release"):
        assert without_timings(a[key]) == without_timings(b[key]), key
    assert not any("drawn from seed" in w for w in a["warnings"])
    leaks = [w for w in a["warnings"] if "Privacy leak" in w]
    assert len(leaks) == 1 and leaks[0].startswith("Privacy leak: the ranges of date_of_birth")
    assert not any("--" in w for w in a["warnings"]), "plain words for the report"


@pytest.mark.slow
def test_the_rehearsal_suppression_is_not_called_the_releases(demo_run):
    result, _ = demo_run
    warnings, release = result.assessment["warnings"], result.assessment["release"]
    suppressed = release["protection"]["suppressed_records"]
    assert warnings[0].startswith(f"{suppressed:,} record(s)")
    rehearsal = [w for w in warnings if w.startswith("Rehearsal: ")]
    assert rehearsal and all("(left out of the protected table)" in w for w in rehearsal)
    assert not any("left out of the release" in w for w in warnings)


def test_pseudonymized_run_keeps_the_key_out_of_every_file(tmp_path):
    key = new_key()
    project = demo_project()
    project = type(project)(
        input_path=project.input_path,
        input_sha256=project.input_sha256,
        roles=project.roles,
        protection=ProtectionSettings(method="none", identifiers="pseudonymize"),
        assessment=AssessmentSettings(attacks=("reidentification",), target=None),
        seed=3,
        pseudonymization_key=key,
    )
    result = run_project(project, tmp_path / "out", accept_risk=True)  # nothing generalized
    release = pd.read_csv(result.release, dtype=str)
    assert release["email"].str.fullmatch(r"[0-9a-f]{16}").all()
    for path in result.out_dir.iterdir():
        assert key not in path.read_bytes().decode("latin-1"), path.name
    assert load_project(result.project_copy).pseudonymization_key is None


def test_refuses_to_overwrite_the_project_file_before_any_work(tmp_path):
    project_file = save_project(demo_project(), tmp_path / "project.veil.json")
    saved = project_file.read_bytes()
    with pytest.raises(ValidationError, match="Refusing to write over the input file project"):
        run_project(load_project(project_file), tmp_path, project_file=project_file)
    assert project_file.read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.veil.json"]


def test_a_changed_input_file_is_reported_before_any_work(tmp_path):
    data = tmp_path / "patients.csv"
    data.write_bytes(demo_path().read_bytes())
    project = type(demo_project())(input_path=data, input_sha256="0" * 64, roles={})
    with pytest.raises(InputError, match="changed since the project was saved"):
        run_project(project, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(ValidationError, match="is a file"):
        run_project(demo_project(), tmp_path / "out")


def test_cancel_stops_the_run_and_writes_nothing(tmp_path):
    monitor = Monitor()
    monitor.cancel()
    with pytest.raises(JobCancelled):
        run_demo(tmp_path / "out", monitor=monitor)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "not found"), ("{oops", "not valid JSON"), ("[1, 2]", "does not hold an assessment")],
)
def test_rerender_explains_a_missing_or_broken_assessment(tmp_path, content, message):
    if content is not None:
        (tmp_path / "assessment.json").write_text(content)
    with pytest.raises(ConfigError, match=message):
        rerender(tmp_path)
