"""What Veil remembers between runs (QSettings, organization "Veil"): window state, recents."""

from __future__ import annotations

from pathlib import Path

from ui.qt import QtCore

MAX_RECENT = 8


class Store:
    """Thin wrapper over QSettings with the few keys the GUI uses."""

    def __init__(self, settings: QtCore.QSettings | None = None) -> None:
        self._s = settings or QtCore.QSettings("Veil", "Veil")

    def recent_files(self) -> list[str]:
        value = self._s.value("recent_files", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [p for p in items if p and Path(p).exists()]

    def add_recent(self, path: str | Path) -> list[str]:
        path = str(Path(path).resolve())
        items = [path, *[p for p in self.recent_files() if p != path]][:MAX_RECENT]
        self._s.setValue("recent_files", items)
        self._s.sync()  # on disk now, even if Veil is killed later
        return items

    def window_state(self) -> tuple[QtCore.QByteArray | None, QtCore.QByteArray | None]:
        return self._s.value("window/geometry"), self._s.value("window/state")

    def save_window_state(self, geometry: QtCore.QByteArray, state: QtCore.QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)
        self._s.sync()

    def last_folder(self) -> str:
        return str(self._s.value("last_folder", str(Path.home())))

    def set_last_folder(self, path: str | Path) -> None:
        p = Path(path)
        self._s.setValue("last_folder", str(p if p.is_dir() else p.parent))
