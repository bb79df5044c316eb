"""The one place the GUI imports Qt from (Anki style), so a binding change touches one file."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot

__all__ = [
    "QObject",
    "QThreadPool",
    "QTimer",
    "Qt",
    "QtCore",
    "QtGui",
    "QtWidgets",
    "Signal",
    "Slot",
]
