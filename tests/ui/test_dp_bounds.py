"""The DP ranges in the Protect step: rows, pre-fill from a hierarchy file, project round trip,
and a release whose ranges were typed leaks none of them (one without does, and says so)."""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest

from core.settings import date_bound
from ui import theme
from ui.dp_bounds import parse_bound, shown_bound, year_to_date
from ui.panels.bounds_editor import LEAK_MARK
from ui.qt import Qt

LONG = 300_000  # ms


def choose_method(window, method: str) -> None:
    window.go_to("protect")
    form = window.panels["protect"].form
    form.method_buttons[method].click()
    assert window.session.protection.method == method


def type_range(qtbot, row, low: str, high: str) -> None:
    """Type into both fields as a user would, ending each with Return."""
    for field, text in ((row.low, low), (row.high, high)):
        field.clear()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)


def protect(window, qtbot):
    panel = window.panels["protect"]
    with qtbot.waitSignal(panel.runner.finished, timeout=LONG):
        panel.run_button.click()
    return window.session.protection_result


@pytest.fixture
def adult_window(window, qtbot, adult_csv):
    window.open_path(adult_csv)
    qtbot.waitUntil(lambda: window.session.loaded is not None, timeout=60_000)
    return window


def test_a_row_per_released_number_or_date_column_marked_as_a_leak(loaded_demo):
    w = loaded_demo
    editor = w.panels["protect"].form.bounds_editor
    choose_method(w, "optimal")
    assert editor.isHidden(), "ranges only matter to the DP methods"
    choose_method(w, "dp-synthetic")
    assert editor.isVisible()
    # identifiers (name, email, phone) are left out of a DP release; text has categories
    assert list(editor.rows) == ["date_of_birth", "length_of_stay"]
    assert editor.rows["date_of_birth"].low.placeholderText() == "YYYY-MM-DD"
    for row in editor.rows.values():
        assert row.marker.text() == LEAK_MARK and row.marker.isVisible()
        assert "range" in row.low.toolTip() and row.low.toolTip().count(".") == 1
    assert editor.leaking() == ["date_of_birth", "length_of_stay"]


def test_typed_ranges_go_into_the_settings_and_wrong_ones_do_not(loaded_demo, qtbot):
    w, s = loaded_demo, loaded_demo.session
    choose_method(w, "dp-noise")
    rows = w.panels["protect"].form.bounds_editor.rows
    type_range(qtbot, rows["date_of_birth"], "1900-01-01", "2026-12-31")
    type_range(qtbot, rows["length_of_stay"], "0", "365")
    assert s.protection.bounds == {
        "date_of_birth": (date_bound("1900-01-01"), date_bound("2026-12-31")),
        "length_of_stay": (0.0, 365.0),
    }
    assert rows["length_of_stay"].marker.text() == "✓ Your range"
    mark = rows["length_of_stay"].marker.styleSheet()
    assert theme.muted(w) in mark and theme.tone("warning", w)[2] not in mark, "not the leak's"

    type_range(qtbot, rows["length_of_stay"], "365", "0")
    assert "below the highest" in rows["length_of_stay"].marker.text()
    assert rows["length_of_stay"].marker.property("kind") == "error"
    type_range(qtbot, rows["date_of_birth"], "01/01/1900", "2026-12-31")
    assert "not a date" in rows["date_of_birth"].marker.text()
    assert s.protection.bounds == {}, "a wrong range is not used: it is read from the data"
    type_range(qtbot, rows["length_of_stay"], "0", "")
    assert "Give both ends" in rows["length_of_stay"].marker.text()


def test_an_imported_hierarchy_fills_the_range_a_built_one_does_not(
    adult_window, adult_hierarchy_files, qtbot
):
    w, s = adult_window, adult_window.session
    editor = w.panels["columns"].hierarchy_editor
    choose_method(w, "dp-noise")
    ranges = w.panels["protect"].form.bounds_editor
    assert list(ranges.rows) == ["age"]

    editor.show_column("age")
    editor.build_automatically()  # built from the ages in the table: no knowledge
    row = editor.grid.item(0, 1)
    row.setText(row.text() + " years")  # an edit keeps it a built one
    assert s.hierarchies["age"].builder["kind"] == "edited"
    assert "age" not in s.protection.bounds
    assert ranges.rows["age"].marker.text() == LEAK_MARK

    editor.import_path(adult_hierarchy_files["age"])  # written from knowledge: 1 to 100
    assert s.protection.bounds == {"age": (1.0, 100.0)}
    age = ranges.rows["age"]
    assert (age.low.text(), age.high.text()) == ("1", "100")
    assert age.marker.text() == "✓ From the hierarchy file you imported"

    type_range(qtbot, age, "17", "95")  # the user's change is kept…
    s.set_role("sex", s.roles["sex"])
    s.set_hierarchy("race", None)  # …through later changes elsewhere
    assert s.protection.bounds == {"age": (17.0, 95.0)} and age.marker.text() == "✓ Your range"


def test_ranges_round_trip_through_the_project_file(loaded_demo, qtbot, tmp_path, store):
    from ui.main_window import MainWindow
    from ui.project_io import save_session

    w, s = loaded_demo, loaded_demo.session
    choose_method(w, "dp-synthetic")
    rows = w.panels["protect"].form.bounds_editor.rows
    type_range(qtbot, rows["date_of_birth"], "1910-03-15", "2025-12-31")
    type_range(qtbot, rows["length_of_stay"], "1", "90.5")
    path = save_session(s, tmp_path / "demo.veil.json")
    stored = json.loads(path.read_text(encoding="utf-8"))["protection"]["bounds"]
    assert stored == {
        "date_of_birth": [date_bound("1910-03-15"), date_bound("2025-12-31")],
        "length_of_stay": [1.0, 90.5],
    }

    other = MainWindow(store)
    other.open_path(path)
    qtbot.waitUntil(lambda: other.session.loaded is not None, timeout=60_000)
    assert other.session.protection == s.protection and not other.session.dirty
    shown = other.panels["protect"].form.bounds_editor.rows
    assert (shown["date_of_birth"].low.text(), shown["date_of_birth"].high.text()) == (
        "1910-03-15",
        "2025-12-31",
    )
    assert (shown["length_of_stay"].low.text(), shown["length_of_stay"].high.text()) == (
        "1",
        "90.5",
    )
    other.session.mark_dirty(False)
    other.close()


@pytest.mark.slow
@pytest.mark.parametrize("method", ["dp-noise", "dp-synthetic"])
def test_typed_ranges_leave_no_leak_and_missing_ones_show_the_banner(loaded_demo, qtbot, method):
    w, s = loaded_demo, loaded_demo.session
    panel = w.panels["protect"]
    choose_method(w, method)
    rows = panel.form.bounds_editor.rows

    result = protect(w, qtbot)  # no ranges: both read from the data, loudly
    assert {"date_of_birth", "length_of_stay"} <= set(result.bounds_from_data)
    banner = panel.banner
    assert banner.isVisible() and banner.kind == "warning"
    assert "Privacy leak: the ranges of date_of_birth and length_of_stay" in banner.text()
    assert "--bounds" not in banner.text(), "no command-line syntax in the window"
    assert banner._action.isVisible() and banner._action.text() == "Give the ranges"
    assert "Read from the data" in panel.summary.text()
    banner._action.click()
    assert w.focusWidget() is rows["date_of_birth"].low

    type_range(qtbot, rows["date_of_birth"], "1920-01-01", "2025-12-31")
    type_range(qtbot, rows["length_of_stay"], "0", "60")
    assert s.protection_result is None and banner.isHidden(), "the old warning is stale"
    result = protect(w, qtbot)  # the ranges given; length_of_stay's kind left "as loaded"
    assert result.kinds_from_data == ("length_of_stay",)
    assert "whether length_of_stay holds whole numbers" in banner.text()
    assert "“whole numbers” or “decimals” for length_of_stay" in banner.text()
    banner._action.click()
    assert w.focusWidget() is rows["length_of_stay"].number
    rows["length_of_stay"].number.setCurrentIndex(rows["length_of_stay"].number.findData("integer"))
    result = protect(w, qtbot)
    assert result.kinds_from_data == ()
    assert not {"date_of_birth", "length_of_stay"} & set(result.bounds_from_data)
    leaks = [w for w in result.warnings if "Privacy leak" in w]
    assert all("date_of_birth" not in x and "length_of_stay" not in x for x in leaks)
    given = {m.target for m in result.mechanisms if m.source == "user" and m.bounds}
    assert given == {"date_of_birth", "length_of_stay"}
    data = result.data
    assert data["length_of_stay"].between(0, 60).all()
    born = data["date_of_birth"].dropna()
    assert born.between(pd.Timestamp("1920-01-01"), pd.Timestamp("2025-12-31")).all()
    # the text columns' categories are still read from the data: the banner says only that
    assert "ranges of" not in banner.text() and "categories of zip_code" in banner.text()
    assert not banner._action.isVisible()
    assert "Ranges you gave 2 of 2" in panel.summary.text()


@pytest.mark.slow
def test_assess_after_a_dp_release_without_ranges_advises_giving_them(loaded_demo, qtbot):
    w = loaded_demo
    choose_method(w, "dp-noise")
    protect(w, qtbot)
    assess = w.panels["assess"]
    w.go_to("assess")
    with qtbot.waitSignal(assess.runner.finished, timeout=600_000):
        assess.run_button.click()
    assert assess.lights.levels()[0] == "not applicable"
    assert "Not applicable" in assess.strip.text()
    assert "Type the ranges you know" in assess.lights.advice.text()
    assert assess.lights.advice_button.text() == "Give the ranges →"
    assert "--bounds" not in assess.banner.text() and "Privacy leak" in assess.banner.text()
    assess.lights.advice_button.click()
    assert w.current_key == "protect"


@pytest.mark.parametrize(
    "day", ["1900-01-01", "1904-02-29", "1999-12-31", "2000-03-01", "2024-12-31", "1678-06-15"]
)
def test_a_date_is_shown_as_the_day_core_reads(day):
    from core.dp.dates import iso, year_to_day

    stored = parse_bound(day, is_date=True)
    assert shown_bound(stored, is_date=True) == day
    assert iso(year_to_day(stored), "D") == day == year_to_date(stored).isoformat()


def test_numbers_are_shown_as_typed_and_bad_text_is_refused():
    from core.errors import ValidationError

    assert [shown_bound(parse_bound(t, is_date=False), is_date=False) for t in
            ("0", "120", "2.5", "-3", "1 000")] == ["0", "120", "2.5", "-3", "1000"]  # fmt: skip
    for text, is_date in (("abc", False), ("inf", False), ("31.12.1999", True), ("", True)):
        with pytest.raises(ValidationError):
            parse_bound(text, is_date=is_date)
    assert datetime.date(2000, 1, 1) == year_to_date(2000.0)


def test_banner_warnings_say_each_fact_once():
    from ui.warning_text import leak_advice, tidy

    shown = tidy(["Before: No target.", "After: No target.", "Rehearsal: x.", "Rehearsal: x."])
    assert shown == ["No target.", "Rehearsal: x."]
    assert tidy(["Before: only before."]) == ["Before: only before."]
    advice = leak_advice(["age", "sex"], ranged=["age"])
    assert "Type each range you know" in advice and "import its hierarchy file" in advice
    assert "hierarchy" not in leak_advice(["age"], ranged=["age"])


RACE = """
import sys, threading, time
import pandas as pd
from core.hierarchy import Hierarchy
from core.schema import Role
from ui.application import ENGINE, warm_up
from ui.dp_bounds import bounded_columns
failures = []
threading.excepthook = lambda args: failures.append(repr(args.exc_value))
frame = pd.DataFrame({"age": [17, 90]})
age = Hierarchy.from_arx_csv(sys.argv[1], name="age")
thread = warm_up(ENGINE)
time.sleep(0.1)  # the warm-up is inside core.dp, importing its modules
columns = bounded_columns(frame, {"age": Role.QUASI_IDENTIFIER}, {"age": age})
thread.join()
print(columns[0].suggestion, failures)
"""


def test_ranges_are_read_while_the_engine_warms_up(adult_hierarchy_files):
    """The GUI thread reading a hierarchy's range must not collide with the background
    import of the engine (importing core.dp.domains alone raised KeyError: 'core.dp')."""
    import subprocess
    import sys

    from tests.conftest import REPO

    out = subprocess.run(
        [sys.executable, "-c", RACE, str(adult_hierarchy_files["age"])],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(1.0, 100.0) []"
