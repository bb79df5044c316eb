"""The protection settings form: method, k / ℓ / t / suppression, or DP ε, in plain words."""

from __future__ import annotations

import math
from dataclasses import replace

from core import methods
from core.bounds import field_range
from core.settings import ProtectionSettings
from ui.glossary import TERMS
from ui.panels.bounds_editor import BoundsEditor
from ui.panels.categories_editor import CategoriesEditor
from ui.qt import Qt, QtWidgets, Signal
from ui.widgets import hint, info_button

SUPPRESSION_MAX = 0.5  # the form offers up to 50 % (the settings allow less than 100 %)
EPS_MIN_LOG, EPS_MAX_LOG, EPS_STEPS = -2.0, 1.0, 300  # ε from 0.01 to 10 on a log scale


def epsilon_words(eps: float) -> str:
    """What an ε means for someone who has never heard of differential privacy."""
    if eps < 0.5:
        return "very strong privacy, noticeably noisy results"
    if eps < 2:
        return "strong privacy, moderate noise"
    if eps < 5:
        return "moderate privacy, little noise"
    return "weak privacy, results close to the original"


class ProtectionForm(QtWidgets.QWidget):
    """Edits a ProtectionSettings; emits ``changed`` with the new settings."""

    changed = Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = ProtectionSettings()
        self._loading = False
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._method_box())
        self.kanon_box = self._kanon_box()
        self.dp_box = self._dp_box()
        self.bounds_editor = BoundsEditor()
        self.bounds_editor.changed.connect(self._emit)
        self.categories_editor = CategoriesEditor()
        self.categories_editor.changed.connect(self._emit)
        layout.addWidget(self.kanon_box)
        layout.addWidget(self.dp_box)
        layout.addWidget(self.bounds_editor)
        layout.addWidget(self.categories_editor)
        layout.addWidget(self._identifier_box())
        layout.addStretch(1)
        self.set_settings(self._settings)

    # ---- construction ---------------------------------------------------------------
    def _method_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("How should Veil protect the table?")
        col = QtWidgets.QVBoxLayout(box)
        self.method_group = QtWidgets.QButtonGroup(self)
        self.method_buttons: dict[str, QtWidgets.QRadioButton] = {}
        for method in methods.menu():
            button = QtWidgets.QRadioButton(method.label)
            button.setToolTip(method.term)
            button.setAccessibleDescription(method.words)
            self.method_group.addButton(button)
            self.method_buttons[method.name] = button
            col.addWidget(button)
            note = hint(method.words)
            note.setContentsMargins(24, 0, 0, 4)
            col.addWidget(note)
            button.toggled.connect(self._emit)
        return box

    def _kanon_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("How strong?")
        grid = QtWidgets.QGridLayout(box)
        self.k_spin = QtWidgets.QSpinBox()
        self.k_spin.setRange(*field_range("k", floor=2))
        self.k_spin.setToolTip(TERMS["k"])
        self.k_words = hint("")
        grid.addWidget(QtWidgets.QLabel("Smallest group (k)"), 0, 0)
        grid.addWidget(self.k_spin, 0, 1)
        grid.addWidget(info_button(TERMS["k"]), 0, 2)
        grid.addWidget(self.k_words, 1, 0, 1, 4)
        self.l_check = QtWidgets.QCheckBox("Variety of sensitive values (ℓ)")
        self.l_check.setToolTip(TERMS["l"])
        self.l_spin = QtWidgets.QSpinBox()
        self.l_spin.setRange(*field_range("l", floor=2))
        self.l_spin.setToolTip(TERMS["l"])
        grid.addWidget(self.l_check, 2, 0)
        grid.addWidget(self.l_spin, 2, 1)
        grid.addWidget(info_button(TERMS["l"]), 2, 2)
        self.t_check = QtWidgets.QCheckBox("Closeness to the whole table (t)")
        self.t_check.setToolTip(TERMS["t"])
        self.t_spin = QtWidgets.QDoubleSpinBox()
        self.t_spin.setRange(*field_range("t"))
        self.t_spin.setSingleStep(0.05)
        self.t_spin.setDecimals(2)
        self.t_spin.setToolTip(TERMS["t"])
        grid.addWidget(self.t_check, 3, 0)
        grid.addWidget(self.t_spin, 3, 1)
        grid.addWidget(info_button(TERMS["t"]), 3, 2)
        self.suppression_spin = QtWidgets.QSpinBox()
        low, high = field_range("suppression", ceiling=SUPPRESSION_MAX)
        self.suppression_spin.setRange(round(low * 100), round(high * 100))
        self.suppression_spin.setSuffix(" %")
        self.suppression_spin.setToolTip(TERMS["suppression"])
        grid.addWidget(QtWidgets.QLabel("Records that may be left out"), 4, 0)
        grid.addWidget(self.suppression_spin, 4, 1)
        grid.addWidget(info_button(TERMS["suppression"]), 4, 2)
        grid.setColumnStretch(3, 1)
        for w in (self.k_spin, self.l_spin, self.suppression_spin):
            w.valueChanged.connect(self._emit)
        self.t_spin.valueChanged.connect(self._emit)
        self.l_check.toggled.connect(self._emit)
        self.t_check.toggled.connect(self._emit)
        return box

    def _dp_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Privacy budget (ε)")
        grid = QtWidgets.QGridLayout(box)
        self.eps_slider = QtWidgets.QSlider(Qt.Orientation.Horizontal)
        self.eps_slider.setRange(0, EPS_STEPS)
        self.eps_slider.setToolTip(TERMS["epsilon"])
        self.eps_slider.setAccessibleName("Privacy budget epsilon")
        self.eps_value = QtWidgets.QLabel()
        self.eps_words = hint("")
        left = QtWidgets.QLabel("← strong privacy")
        right = QtWidgets.QLabel("more accuracy →")
        grid.addWidget(left, 0, 0)
        grid.addWidget(self.eps_slider, 0, 1)
        grid.addWidget(right, 0, 2)
        grid.addWidget(info_button(TERMS["epsilon"]), 0, 3)
        grid.addWidget(self.eps_value, 1, 1, Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(self.eps_words, 2, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        self.eps_slider.valueChanged.connect(self._emit)
        return box

    def _identifier_box(self) -> QtWidgets.QGroupBox:
        box = QtWidgets.QGroupBox("Direct identifiers (names, e-mails…)")
        row = QtWidgets.QHBoxLayout(box)
        self.remove_ids = QtWidgets.QRadioButton("Remove them")
        self.pseudo_ids = QtWidgets.QRadioButton("Replace by pseudonyms")
        self.remove_ids.setToolTip(TERMS["identifiers"])
        self.pseudo_ids.setToolTip(TERMS["identifiers"])
        row.addWidget(self.remove_ids)
        row.addWidget(self.pseudo_ids)
        row.addStretch(1)
        self.remove_ids.toggled.connect(self._emit)
        return box

    # ---- values ---------------------------------------------------------------------
    def settings(self) -> ProtectionSettings:
        return self._settings

    def set_bound_columns(self, columns: list) -> None:
        """The number and date columns a DP release needs ranges for (``ui.dp_bounds``)."""
        self.bounds_editor.set_columns(columns, self._settings.bounds)
        self.bounds_editor.set_numbers(self._settings.domain)
        self._sync()

    def set_category_columns(self, columns: list[str], observed) -> None:
        """The text columns a DP release needs categories for; ``observed(name)`` gives a
        column's values in the data (``ui.dp_bounds.category_columns``, ``observed_values``)."""
        self.categories_editor.set_columns(columns, self._settings.domain, observed)
        self._sync()

    def commit(self) -> None:
        """Take a range or list still being typed (a shortcut does not end the editing)."""
        self.bounds_editor.commit()
        self.categories_editor.commit()

    def field_errors(self) -> list[str]:
        """The DP columns whose range or categories show an error; empty for other methods."""
        if not self._settings.is_dp:
            return []
        return self.bounds_editor.errors() + self.categories_editor.errors()

    def set_settings(self, s: ProtectionSettings) -> None:
        """Show ``s`` (e.g. from a project or a frontier point) without emitting."""
        self._loading = True
        try:
            self.method_buttons[s.method].setChecked(True)
            self.k_spin.setValue(s.k or 5)
            self.l_check.setChecked(s.l is not None)
            self.l_spin.setValue(s.l or 2)
            self.t_check.setChecked(s.t is not None)
            self.t_spin.setValue(s.t or 0.2)
            self.suppression_spin.setValue(round(s.suppression * 100))
            eps = s.epsilon if s.epsilon is not None and math.isfinite(s.epsilon) else 1.0
            self.eps_slider.setValue(_slider_from_epsilon(eps))
            (self.remove_ids if s.identifiers == "remove" else self.pseudo_ids).setChecked(True)
            self.bounds_editor.set_bounds(s.bounds)
            self.categories_editor.set_domain(s.domain)
            self.bounds_editor.set_numbers(s.domain)
        finally:
            self._loading = False
        self._settings = s
        self._sync()

    def _read(self) -> ProtectionSettings:
        method = next(k for k, b in self.method_buttons.items() if b.isChecked())
        dp = methods.is_dp(method)
        shown = self.bounds_editor.rows
        kept = {c: b for c, b in self._settings.bounds.items() if c not in shown}
        return replace(
            self._settings,
            method=method,
            k=self.k_spin.value(),
            l=self.l_spin.value() if self.l_check.isChecked() else None,
            t=round(self.t_spin.value(), 2) if self.t_check.isChecked() else None,
            suppression=self.suppression_spin.value() / 100,
            epsilon=_epsilon_from_slider(self.eps_slider.value()) if dp else None,
            identifiers="remove" if self.remove_ids.isChecked() else "pseudonymize",
            bounds={**kept, **self.bounds_editor.bounds()},
            domain=self._read_domain(),
        )

    def _read_domain(self) -> dict:
        """The stored facts, with what the editors show replaced (categories and may-be-missing
        of text columns, the number kind of number columns); other columns' facts are kept."""
        shown = self.categories_editor.domain()
        numbers = self.bounds_editor.numbers()
        out = {}
        for column in {*self._settings.domain, *shown, *numbers}:
            facts = dict(self._settings.domain.get(column, {}))
            if column in self.categories_editor.rows:
                facts.pop("categories", None)
                facts.pop("may_be_missing", None)
            if column in self.bounds_editor.rows:
                facts.pop("number", None)
            facts.update(shown.get(column, {}))
            if column in numbers:
                facts["number"] = numbers[column]
            if facts:
                out[column] = facts
        return out

    def _emit(self, *_args) -> None:
        if self._loading:
            return
        self._settings = self._read()
        self._sync()
        self.changed.emit(self._settings)

    def _sync(self) -> None:
        s = self._settings
        method = methods.method(s.method)
        self.kanon_box.setVisible(method.uses("k"))
        self.dp_box.setVisible(method.uses("epsilon"))
        self.bounds_editor.setVisible(s.is_dp and bool(self.bounds_editor.rows))
        self.categories_editor.setVisible(s.is_dp and bool(self.categories_editor.rows))
        self.l_spin.setEnabled(self.l_check.isChecked())
        self.t_spin.setEnabled(self.t_check.isChecked())
        k = self.k_spin.value()
        self.k_words.setText(
            f"Anyone in the release looks exactly like at least {k - 1} other people "
            f"on the quasi-identifiers: a guess is right at most 1 time in {k}."
        )
        eps = _epsilon_from_slider(self.eps_slider.value())
        self.eps_value.setText(f"<b>ε = {eps:.2g}</b>")
        self.eps_words.setText(f"ε = {eps:.2g}: {epsilon_words(eps)}.")


def _epsilon_from_slider(value: int) -> float:
    log_eps = EPS_MIN_LOG + (EPS_MAX_LOG - EPS_MIN_LOG) * value / EPS_STEPS
    return float(f"{10**log_eps:.2g}")


def _slider_from_epsilon(eps: float) -> int:
    log_eps = min(max(math.log10(eps), EPS_MIN_LOG), EPS_MAX_LOG)
    return round((log_eps - EPS_MIN_LOG) / (EPS_MAX_LOG - EPS_MIN_LOG) * EPS_STEPS)
