"""The DP categories in the Protect step: typed or pasted lists, "Start from the data" under the
leak warning, the project round trip, a release that reads none of them from the data, and
Protect refusing to run while a range or list shows an error."""

from __future__ import annotations

import json

import pytest

from tests.ui.test_dp_bounds import choose_method, protect, type_range
from ui.panels.bounds_editor import LEAK_MARK
from ui.panels.categories_editor import FROM_DATA_MARK, split_categories
from ui.qt import Qt

TEXT = ["zip_code", "sex", "ethnicity", "marital_status", "diagnosis", "readmitted_30d"]


def type_values(qtbot, row, text: str) -> None:
    row.values.clear()
    qtbot.keyClicks(row.values, text)
    qtbot.keyClick(row.values, Qt.Key.Key_Return)


def test_pasted_lists_split_on_commas_bars_semicolons_and_lines():
    assert split_categories("female, male") == ["female", "male"]
    assert split_categories("a|b ; c\nd\r\n, ") == ["a", "b", "c", "d"]


def test_a_row_per_text_column_and_typed_values_go_into_the_settings(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    editor = w.panels["protect"].form.categories_editor
    choose_method(w, "optimal")
    assert editor.isHidden()
    choose_method(w, "dp-noise")
    assert editor.isVisible() and list(editor.rows) == TEXT  # identifiers are left out
    assert all(r.marker.text() == LEAK_MARK for r in editor.rows.values())

    sex = editor.rows["sex"]
    type_values(qtbot, sex, "female, male, other")
    sex.missing.click()
    assert s.protection.domain == {
        "sex": {"categories": ("female", "male", "other"), "may_be_missing": True}
    }
    assert sex.marker.text() == "✓ Your 3 categories"

    type_values(qtbot, sex, "female, female")
    assert sex.marker.property("kind") == "error" and "repeat female" in sex.marker.text()
    assert s.protection.domain == {"sex": {"may_be_missing": True}}, "a wrong list is not used"

    editor.rows["readmitted_30d"].from_data.click()
    row = editor.rows["readmitted_30d"]
    assert row.values.text() == "no, yes" and row.marker.text() == FROM_DATA_MARK
    assert row.marker.property("kind") == "warning"
    assert s.protection.domain["readmitted_30d"] == {"categories": ("no", "yes")}
    assert "readmitted_30d" in editor.leaking()
    type_values(qtbot, row, "no, yes, unknown")  # checked by the user: no longer a leak
    assert "readmitted_30d" not in editor.leaking()


def test_categories_round_trip_through_the_project_file(loaded_demo, qtbot, tmp_path, store):
    from ui.main_window import MainWindow
    from ui.project_io import save_session

    w, s = loaded_demo, loaded_demo.session
    choose_method(w, "dp-synthetic")
    rows = w.panels["protect"].form.categories_editor.rows
    type_values(qtbot, rows["sex"], "female|male")
    rows["diagnosis"].missing.click()
    stay = w.panels["protect"].form.bounds_editor.rows["length_of_stay"]
    stay.number.setCurrentIndex(stay.number.findData("integer"))
    assert not w.panels["protect"].form.bounds_editor.rows["date_of_birth"].number.isVisibleTo(w)
    path = save_session(s, tmp_path / "demo.veil.json")
    stored = json.loads(path.read_text(encoding="utf-8"))["protection"]["domain"]
    assert stored == {
        "sex": {"categories": ["female", "male"]},
        "diagnosis": {"may_be_missing": True},
        "length_of_stay": {"number": "integer"},
    }

    other = MainWindow(store)
    other.open_path(path)
    qtbot.waitUntil(lambda: other.session.loaded is not None, timeout=60_000)
    assert other.session.protection == s.protection and not other.session.dirty
    shown = other.panels["protect"].form.categories_editor.rows
    assert shown["sex"].values.text() == "female, male" and shown["diagnosis"].missing.isChecked()
    ranges = other.panels["protect"].form.bounds_editor.rows
    assert ranges["length_of_stay"].number.currentText() == "whole numbers"
    other.session.mark_dirty(False)
    other.close()


@pytest.mark.parametrize(
    ("low", "high", "message"), [("abc", "5", "not a number"), ("5", "1", "below")]
)
def test_protect_refuses_to_run_while_a_range_shows_an_error(
    loaded_demo, qtbot, low, high, message
):
    w, s = loaded_demo, loaded_demo.session
    panel = w.panels["protect"]
    choose_method(w, "dp-noise")
    row = panel.form.bounds_editor.rows["length_of_stay"]
    type_range(qtbot, row, low, high)
    assert message in row.marker.text()
    panel.run_button.click()
    assert panel.banner.isVisible() and panel.banner.kind == "error"
    assert "length_of_stay" in panel.banner.text()
    assert s.protection_result is None and not panel.runner.busy


def test_protect_refuses_to_run_while_a_list_of_categories_shows_an_error(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    panel = w.panels["protect"]
    choose_method(w, "dp-synthetic")
    type_values(qtbot, panel.form.categories_editor.rows["sex"], "male, male")
    panel.run_button.click()
    assert panel.banner.kind == "error" and "sex" in panel.banner.text()
    assert s.protection_result is None


@pytest.mark.slow
def test_given_categories_are_not_read_from_the_data(loaded_demo, qtbot):
    w = loaded_demo
    choose_method(w, "dp-noise")
    rows = w.panels["protect"].form.categories_editor.rows
    type_values(qtbot, rows["sex"], "female, male")
    type_values(qtbot, rows["readmitted_30d"], "no, yes")
    result = protect(w, qtbot)
    assert not {"sex", "readmitted_30d"} & set(result.bounds_from_data)
    assert {"zip_code", "ethnicity"} <= set(result.bounds_from_data)
    given = {m.target for m in result.mechanisms if m.source == "user" and not m.bounds}
    assert given == {"sex", "readmitted_30d"}
    assert set(result.data["sex"]) <= {"female", "male"}
