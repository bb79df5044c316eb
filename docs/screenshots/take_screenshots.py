"""Take the README screenshots: the real window, driven through each step on the demo data.

    xvfb-run -a -s "-screen 0 1400x900x24" python docs/screenshots/take_screenshots.py

Writes 0-start.png … 5-report.png (plus the attack tabs, the frontier, the differential
privacy ranges and the Help window) next to this script. ``--help-only`` retakes only
6-help.png, ``--columns-only`` only 2-columns.png, ``--assess-only`` only 4-assess.png
and 4-assess-families.png (without the trade-off sweep).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from ui.application import make_app  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.qt import QtCore, QtWidgets  # noqa: E402
from ui.selftest import wait_for  # noqa: E402
from ui.store import Store  # noqa: E402

SIZE = (1360, 860)


def settle(app, ms: int = 400) -> None:
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(app, window, name: str) -> None:
    settle(app)
    window.grab().save(str(HERE / f"{name}.png"))
    print("wrote", name)


def new_window(folder: Path) -> MainWindow:
    """The real main window at the screenshot size, its settings kept in ``folder``."""
    settings = QtCore.QSettings(str(folder / "veil.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(Store(settings))
    window.resize(*SIZE)
    window.show()
    return window


def main() -> int:
    app = make_app(["veil"])
    with tempfile.TemporaryDirectory() as tmp:
        window = new_window(Path(tmp))
        panels = window.panels
        if "--columns-only" in sys.argv:
            wait_for(panels["load"].runner, panels["load"].open_demo)
            shoot_columns(app, window)
            window.session.mark_dirty(False)
            window.close()
            return 0
        if "--help-only" in sys.argv:
            wait_for(panels["load"].runner, panels["load"].open_demo)
            window.go_to("columns")
            shoot_help(app, window)
            window.session.mark_dirty(False)
            window.close()
            return 0
        if "--assess-only" in sys.argv:
            wait_for(panels["load"].runner, panels["load"].open_demo)
            window.go_to("protect")
            wait_for(panels["protect"].runner, panels["protect"].run)
            window.go_to("assess")
            wait_for(panels["assess"].runner, panels["assess"].run)
            shoot(app, window, "4-assess")
            shoot_family_cards(app, window)
            window.session.mark_dirty(False)
            window.close()
            return 0
        shoot(app, window, "0-start")
        wait_for(panels["load"].runner, panels["load"].open_demo)
        shoot(app, window, "1-load")
        shoot_columns(app, window)
        shoot_help(app, window)
        window.go_to("protect")
        wait_for(panels["protect"].runner, panels["protect"].run)
        shoot(app, window, "3-protect")
        window.go_to("assess")
        panels["assess"].form.sweep_check.setChecked(True)
        wait_for(panels["assess"].runner, panels["assess"].run)
        shoot(app, window, "4-assess")
        shoot_family_cards(app, window)
        for index in (1, 2, 5):  # membership ROC, attribute attack, trade-off
            panels["assess"].tabs.setCurrentIndex(index)
            name = panels["assess"].tabs.tabText(index).lower().replace(" ", "-")
            shoot(app, window, f"4-assess-{name}")
        panels["assess"].tabs.setCurrentIndex(0)
        window.go_to("report")
        report = panels["report"]  # synthetic data: gate concerns confirmed without asking
        wait_for(report.runner, lambda: report.export_to(Path(tmp), accept_risk=True))
        shoot(app, window, "5-report")
        shoot_dp_ranges(app, window)
        window.session.mark_dirty(False)
        window.shutdown()
        window.close()
    return 0


def shoot_family_cards(app, window) -> None:
    """The Verdict tab scrolled to the cards of model copying, property and reconstruction."""
    assess = window.panels["assess"]
    assess.verdict.ensureWidgetVisible(assess.cards.cards["reconstruction"])
    shoot(app, window, "4-assess-families")
    assess.verdict.verticalScrollBar().setValue(0)


def shoot_columns(app, window) -> None:
    """The Columns step with three quasi-identifiers selected (the bulk role choice shows)."""
    window.go_to("columns")
    columns = window.panels["columns"]
    rows = {columns.table.item(r, 0).text(): r for r in range(columns.table.rowCount())}
    columns.table.selectRow(rows["date_of_birth"])
    columns.hierarchy_editor.build_automatically()
    flags = QtCore.QItemSelectionModel.SelectionFlag
    for name in ("zip_code", "sex"):
        index = columns.table.model().index(rows[name], 0)
        columns.table.selectionModel().select(index, flags.Select | flags.Rows)
    for _ in range(120):  # the uniqueness figures are measured in a worker
        if not columns.runner.busy:
            break
        settle(app, 500)
    shoot(app, window, "2-columns")


def shoot_help(app, window) -> None:
    """The guide page of the step on screen, as F1 opens it (Help → Help for this step)."""
    from ui.help import help_window
    from ui.help_window import HelpWindow

    menu = window.findChild(QtWidgets.QMenu, "helpMenu")
    next(a for a in menu.actions() if a.shortcut().toString() == "F1").trigger()
    helper = window.findChild(HelpWindow)
    assert helper is help_window(window) and helper.isVisible()
    settle(app)
    helper.grab().save(str(HERE / "6-help.png"))
    print("wrote 6-help")
    helper.close()


def shoot_dp_ranges(app, window) -> None:
    """Differential privacy with one range typed and one left to the data (a leak)."""
    protect = window.panels["protect"]
    window.go_to("protect")
    protect.form.method_buttons["dp-synthetic"].click()
    row = protect.form.bounds_editor.rows["date_of_birth"]
    row.low.setText("1900-01-01")
    row.high.setText("2026-12-31")
    protect.form.commit()
    wait_for(protect.runner, protect.run)
    settle(app)
    protect.scroll.ensureWidgetVisible(protect.form.bounds_editor)
    shoot(app, window, "3-protect-dp-ranges")


if __name__ == "__main__":
    raise SystemExit(main())
