"""Issue 12 point 5 in the Assess step: columns kept as they are that make records unique are
named next to the re-identification light, with what would help; nothing when none matter."""

from __future__ import annotations

from core.schema import Role
from tests.ui.test_gate_dialog import _protect_and_assess, names_window  # noqa: F401
from ui.verdict_lights import kept_columns_html


def _assess(window, qtbot) -> str:
    _protect_and_assess(window, qtbot)
    window.go_to("assess")
    return window.panels["assess"].lights.kept


def test_a_weight_in_grams_kept_as_is_is_named_in_the_assess_step(
    names_window,  # noqa: F811
    qtbot,
):
    w = names_window
    assert w.panels["columns"].role_boxes["weight_g"].role() == Role.INSENSITIVE
    kept = _assess(w, qtbot)
    text = kept.text()
    assert not kept.isHidden() and kept.isVisibleTo(w.panels["assess"].lights)
    assert "<b>weight_g</b>" in text and "remove it" in text, text
    assert "more records unique with it" in text and "unique on it alone" in text
    assert text.index("weight_g") < text.index("Change their roles")
    with qtbot.waitSignal(w.panels["assess"].go_to_requested) as sent:
        kept.linkActivated.emit("columns")
    assert sent.args == ["columns"]


def test_only_kept_columns_that_matter_are_named_and_none_hides_the_note(
    names_window,  # noqa: F811
    qtbot,
):
    w = names_window
    boxes = w.panels["columns"].role_boxes
    boxes["weight_g"].setCurrentIndex(boxes["weight_g"].findData(Role.IDENTIFIER))
    kept = _assess(w, qtbot)
    named = [u["column"] for u in w.session.assessment_data["release"]["uniqueness"]]
    assert named == ["outcome"], "the 0/1 outcome still splits the small age-sex groups"
    assert "<b>outcome</b>" in kept.text() and "weight_g" not in kept.text()
    boxes["outcome"].setCurrentIndex(boxes["outcome"].findData(Role.SENSITIVE))
    kept = _assess(w, qtbot)
    assert w.session.assessment_data["release"]["uniqueness"] == []
    assert kept.isHidden() and kept.text() == ""


def test_the_note_is_empty_without_uniqueness_figures():
    assert kept_columns_html({}) == ""
    assert kept_columns_html({"release": {"uniqueness": []}}) == ""
    assert kept_columns_html({"release": None}) == ""
    odd = {"release": {"uniqueness": [{"column": "<x>", "added": "?", "action": None}]}}
    assert "<b>&lt;x&gt;</b>" in kept_columns_html(odd), "names are escaped, odd figures skipped"


def test_at_most_three_columns_are_named():
    rows = [
        {"column": f"c{i}", "added": 0.3 - i / 100, "alone": 0.1, "action": "do"} for i in range(5)
    ]
    text = kept_columns_html({"release": {"uniqueness": rows}})
    assert all(f"<b>c{i}</b>" in text for i in range(3)) and "c3" not in text and "c4" not in text
