"""The in-app guide: one offline page per step, the glossary and trouble-shooting, in a
QTextBrowser window. Pages live in ``resources/help``; the glossary is built from ui.glossary."""

from __future__ import annotations

import html
from pathlib import Path

from core import methods
from resources import resource_path
from ui.qt import Qt, QtCore, QtGui, QtWidgets

HELP_DIR = resource_path("help")
GLOSSARY = "glossary"
# page name → title in the contents list, in reading order
PAGES = {
    "index": "Getting started",
    "load": "1 · Load data",
    "columns": "2 · Columns",
    "protect": "3 · Protect",
    "assess": "4 · Assess risk",
    "report": "5 · Report",
    GLOSSARY: "Glossary",
    "trouble": "When something goes wrong",
}
TERM_TITLES = {
    "k": "k (smallest group)", "l": "ℓ (different sensitive values)", "t": "t (closeness)",
    "suppression": "Records that may be left out", "epsilon": "ε (privacy budget)",
    "bounds": "Ranges for differential privacy", "identifiers": "Direct identifiers",
    "equivalence_class": "Group (equivalence class)", "suppressed": "Suppressed records",
    "info_loss": "Information loss", "target": "Target (column to predict)",
    "sensitive": "Sensitive column", "reidentification": "Re-identification",
    "membership": "Membership attack", "attribute": "Attribute attack",
    "reconstruction": "Record reconstruction",
    "advantage": "Attacker's advantage", "roc": "ROC curve", "frontier": "Trade-off chart",
}  # fmt: skip


def page_url(name: str) -> QtCore.QUrl:
    return QtCore.QUrl.fromLocalFile(str(HELP_DIR / f"{name}.html"))


def term_title(key: str) -> str:
    found = methods.get(key)
    if found is not None:
        return found.title
    return TERM_TITLES.get(key) or key.replace("_", " ").replace("-", " ").capitalize()


def glossary_html() -> str:
    """The glossary page: the roles, then every term of ui.glossary.TERMS by title."""
    from core.schema import ROLE_DESCRIPTIONS
    from ui.glossary import ROLE_LABELS, TERMS

    roles = "".join(
        f"<li><b>{html.escape(label)}</b>: {html.escape(ROLE_DESCRIPTIONS[role])}</li>"
        for role, label in ROLE_LABELS.items()
    )
    terms = sorted(TERMS.items(), key=lambda kv: term_title(kv[0]).casefold())
    rows = "".join(
        f"<dt><b>{html.escape(term_title(k))}</b></dt><dd>{html.escape(v)}</dd>" for k, v in terms
    )
    return (
        "<h1>Glossary</h1><h2>Column roles</h2>"
        f"<ul>{roles}</ul><h2>Terms</h2><dl>{rows}</dl>"
        "<p><a href='index.html'>Back to the guide</a></p>"
    )


class HelpBrowser(QtWidgets.QTextBrowser):
    """Shows the help pages; never opens the network (external links go to the web browser)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(True)
        self.setOpenExternalLinks(True)
        self.setSearchPaths([str(HELP_DIR)])

    def loadResource(self, kind: int, url: QtCore.QUrl) -> object:
        if _page_name(url) == GLOSSARY:
            return glossary_html()
        return super().loadResource(kind, url)


class HelpWindow(QtWidgets.QWidget):
    """A separate window: the contents on the left, the page on the right."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("helpWindow")
        self.setWindowTitle("Veil guide")
        self.contents = QtWidgets.QListWidget()
        self.contents.setAccessibleName("Contents")
        for name, title in PAGES.items():
            item = QtWidgets.QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.contents.addItem(item)
        self.contents.setFixedWidth(210)
        self.contents.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        self.contents.itemClicked.connect(
            lambda item: self.show_page(item.data(Qt.ItemDataRole.UserRole))
        )
        self.browser = HelpBrowser()
        self.browser.sourceChanged.connect(self._source_changed)
        back = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Back, self)
        back.activated.connect(self.browser.backward)
        close = QtGui.QShortcut(QtGui.QKeySequence.StandardKey.Close, self)
        close.activated.connect(self.close)
        row = QtWidgets.QHBoxLayout(self)
        row.addWidget(self.contents)
        row.addWidget(self.browser, 1)
        self.resize(860, 620)

    def show_page(self, name: str) -> None:
        """Open page ``name`` (the index when there is no such page) and bring the window up."""
        self.browser.setSource(page_url(name if name in PAGES else "index"))
        self.show()
        self.raise_()
        self.activateWindow()

    def current_page(self) -> str:
        return _page_name(self.browser.source())

    def page_text(self) -> str:
        return self.browser.toPlainText()

    def _source_changed(self, url: QtCore.QUrl) -> None:
        name = _page_name(url)
        row = list(PAGES).index(name) if name in PAGES else -1
        with QtCore.QSignalBlocker(self.contents):
            self.contents.setCurrentRow(row)
        self.setWindowTitle(f"{PAGES.get(name, 'Guide')} — Veil guide")


def _page_name(url: QtCore.QUrl) -> str:
    return Path(url.fileName()).stem
