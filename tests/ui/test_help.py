"""The Help menu through the real window: F1 per step, the guide, the glossary, the log
folder and About."""

from __future__ import annotations

import logging
import re

import pytest

from core import __version__
from ui.glossary import ROLE_LABELS, TERMS, role_tip
from ui.help_window import HELP_DIR, PAGES, HelpWindow
from ui.qt import Qt, QtCore, QtGui, QtWidgets


def help_actions(window) -> dict[str, QtGui.QAction]:
    menu = window.findChild(QtWidgets.QMenu, "helpMenu")
    assert menu is not None and menu.menuAction() in window.menuBar().actions()
    return {a.text().replace("&", ""): a for a in menu.actions() if not a.isSeparator()}


def press_f1(qtbot, window) -> HelpWindow:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
    helper = window.findChild(HelpWindow)
    assert helper is not None and helper.isVisible()
    return helper


def test_the_help_menu_offers_the_guide_glossary_log_folder_and_about(window):
    actions = help_actions(window)
    assert list(actions) == [
        "Help for this step", "Guide", "Glossary", "Open the log folder", "About Veil"
    ]  # fmt: skip
    assert actions["Help for this step"].shortcut() == QtGui.QKeySequence("F1")


@pytest.mark.parametrize(
    ("step", "words"),
    [
        ("load", ["Step 1 · Load data", "never changed", "What to check"]),
        ("columns", ["Step 2 · Columns", "Quasi-identifier", "What to check"]),
        ("protect", ["Step 3 · Protect", "larger k", "What to check"]),
        ("assess", ["Step 4 · Assess risk", "Low risk", "Moderate risk", "High risk"]),
        ("report", ["Step 5 · Report", "What to check"]),
    ],
)
def test_f1_opens_the_page_of_the_step_on_screen(window, qtbot, step, words):
    qtbot.mouseClick(window.stepper.buttons[step], Qt.MouseButton.LeftButton)
    assert window.current_key == step
    helper = press_f1(qtbot, window)
    assert helper.current_page() == step
    assert helper.contents.currentItem().text() == PAGES[step]
    text = helper.page_text()
    for word in words:
        assert word in text, (step, word)


def test_f1_again_on_another_step_reuses_the_one_guide_window(window, qtbot):
    first = press_f1(qtbot, window)
    assert first.current_page() == "load"
    window.go_to("assess")
    second = press_f1(qtbot, window)
    assert second is first and second.current_page() == "assess"
    assert len(window.findChildren(HelpWindow)) == 1


def test_glossary_holds_every_term_and_role_of_the_app(window):
    help_actions(window)["Glossary"].trigger()
    helper = window.findChild(HelpWindow)
    assert helper.current_page() == "glossary"
    text = " ".join(helper.page_text().split())
    for sentence in list(TERMS.values()) + [role_tip(r) for r in ROLE_LABELS]:
        assert " ".join(sentence.split()) in text


def test_every_link_of_the_guide_opens_a_page_and_the_contents_follow(window, qtbot):
    help_actions(window)["Guide"].trigger()
    helper = window.findChild(HelpWindow)
    assert helper.current_page() == "index"
    pages = sorted(HELP_DIR.glob("*.html"))
    assert {p.stem for p in pages} | {"glossary"} == set(PAGES)
    for page in pages:
        for href in re.findall(r'href=["\']([^"\']+)["\']', page.read_text(encoding="utf-8")):
            helper.show_page(page.stem)
            helper.browser.setSource(QtCore.QUrl(href))  # what clicking the link does
            name = href.removesuffix(".html")
            assert helper.current_page() == name, (page.name, href)
            assert helper.page_text().strip(), (page.name, href)
            assert helper.contents.currentItem().text() == PAGES[name]
    helper.contents.setCurrentRow(list(PAGES).index("trouble"))
    qtbot.mouseClick(
        helper.contents.viewport(),
        Qt.MouseButton.LeftButton,
        pos=helper.contents.visualItemRect(helper.contents.currentItem()).center(),
    )
    assert helper.current_page() == "trouble" and "log folder" in helper.page_text()


def test_open_the_log_folder_shows_the_folder_veil_logs_to(window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    handler = logging.FileHandler(tmp_path / "veil.log", delay=True)
    handler._veil = True
    logging.getLogger().addHandler(handler)
    try:
        help_actions(window)["Open the log folder"].trigger()
    finally:
        logging.getLogger().removeHandler(handler)
    assert [u.toLocalFile() for u in opened] == [str(tmp_path)]


def test_open_the_log_folder_without_a_log_says_so(window, monkeypatch):
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", None)]:
        monkeypatch.setattr(root, "handlers", [h for h in root.handlers if h is not handler])
    said = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "information", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", lambda url: pytest.fail("opened"))
    help_actions(window)["Open the log folder"].trigger()
    assert said == ["Veil is not writing a log in this session."]


def test_about_shows_the_version(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "about", lambda *a: shown.append(a[1:]))
    help_actions(window)["About Veil"].trigger()
    ((title, text),) = shown
    assert title == "About Veil" and f"Veil {__version__}" in text and QtCore.qVersion() in text
