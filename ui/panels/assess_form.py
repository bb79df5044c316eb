"""The assessment settings: what a model should predict, what must stay secret, which model."""

from __future__ import annotations

from dataclasses import replace

from core.assessment.families import FAMILIES
from core.schema import Role
from core.settings import AssessmentSettings
from ui.glossary import TERMS
from ui.qt import QtWidgets, Signal
from ui.widgets import info_button

MODELS = (
    ("rf", "Random forest (recommended)"),
    ("hgb", "Gradient boosting"),
    ("logreg", "Logistic regression"),
    ("dp-logreg", "Private logistic regression (DP)"),
    ("dp-nb", "Private naive Bayes (DP)"),
    ("dp-rf", "Private random forest (DP)"),
)
ATTACK_LABELS = {
    "reidentification": "Re-identification (who is unique?)",
    "membership": "Membership (was this person in the data?)",
    "attribute": "Attribute (guess the secret column)",
    "extraction": "Model copying (copy the model from its answers)",
    "property": "Property (learn a share, e.g. of women, in the data)",
    "reconstruction": "Reconstruction (fill in the rest of a record)",
}
NONE = "— none —"
PROPERTY_DEFAULT = "— most common value of the secret column —"
PROPERTY_TIP = (
    "Property inference asks whether someone holding the model can learn the share of one "
    "value of this column among the people in the data (e.g. the share of women). Leave the "
    "value empty for the column's most common value."
)
SHRINKABLE = QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
GROWS = QtWidgets.QSizePolicy.Policy.Expanding


class AssessmentForm(QtWidgets.QGroupBox):
    """Edits an AssessmentSettings; emits ``changed`` with the new settings."""

    changed = Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("What to test", parent)
        self._settings = AssessmentSettings()
        self._loading = False
        grid = QtWidgets.QGridLayout(self)
        self.target_box = QtWidgets.QComboBox()
        self.sensitive_box = QtWidgets.QComboBox()
        self.model_box = QtWidgets.QComboBox()
        for key, label in MODELS:
            self.model_box.addItem(label, key)
        rows = (
            ("Column to predict", self.target_box, TERMS["target"]),
            ("Column to keep secret", self.sensitive_box, TERMS["sensitive"]),
            ("Model", self.model_box, TERMS["model"]),
        )
        for i, (label, box, tip) in enumerate(rows):
            box.setToolTip(tip)
            box.setSizeAdjustPolicy(SHRINKABLE)  # the window stays usable at 1280 px
            box.setMinimumContentsLength(16)
            box.setMaximumWidth(340)
            box.setSizePolicy(GROWS, box.sizePolicy().verticalPolicy())
            grid.addWidget(QtWidgets.QLabel(label), i, 0)
            grid.addWidget(box, i, 1)
            grid.addWidget(info_button(tip), i, 2)
            box.currentIndexChanged.connect(self._emit)
        self.attack_checks: dict[str, QtWidgets.QCheckBox] = {}
        attacks = QtWidgets.QVBoxLayout()
        attacks.addWidget(QtWidgets.QLabel("<b>Attacks</b>"))
        for fam in FAMILIES:
            check = QtWidgets.QCheckBox(ATTACK_LABELS.get(fam.name, fam.label))
            check.setToolTip(TERMS.get(fam.name, fam.sentence))
            check.toggled.connect(self._emit)
            self.attack_checks[fam.name] = check
            attacks.addWidget(check)
        attacks.addLayout(self._property_row())
        grid.setColumnMinimumWidth(3, 16)
        grid.addLayout(attacks, 0, 4, 4, 1)
        self.sweep_check = QtWidgets.QCheckBox("Also compare other protection levels (slower)")
        self.sweep_check.setToolTip(TERMS["frontier"])
        self.sweep_check.toggled.connect(self._emit)
        grid.addWidget(self.sweep_check, 3, 0, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(5, 1)

    def _property_row(self) -> QtWidgets.QHBoxLayout:
        """The property to attack: a column (dropdown) and one of its values."""
        self.property_box = QtWidgets.QComboBox()
        self.property_box.setSizeAdjustPolicy(SHRINKABLE)
        self.property_box.setMinimumContentsLength(10)
        self.property_value = QtWidgets.QLineEdit()
        self.property_value.setPlaceholderText("most common value")
        self.property_value.setMaximumWidth(160)
        for widget in (self.property_box, self.property_value):
            widget.setToolTip(PROPERTY_TIP)
        self.property_box.currentIndexChanged.connect(self._emit)
        self.property_value.editingFinished.connect(self._emit)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Share of"))
        row.addWidget(self.property_box, 1)
        row.addWidget(QtWidgets.QLabel("="))
        row.addWidget(self.property_value)
        return row

    def set_columns(self, roles: dict[str, Role]) -> None:
        """Offer every non-identifier column; target/sensitive roles come first."""
        usable = [c for c, r in roles.items() if r not in (Role.IDENTIFIER, Role.LEAVE_OUT)]
        self._loading = True
        try:
            self.property_box.clear()
            self.property_box.addItem(PROPERTY_DEFAULT, None)
            for c in usable:
                if roles[c] != Role.TARGET:
                    self.property_box.addItem(c, c)
            for box, role in ((self.target_box, Role.TARGET), (self.sensitive_box, Role.SENSITIVE)):
                box.clear()
                box.addItem(NONE, None)
                preferred = [c for c in usable if roles[c] == role]
                for c in preferred + [c for c in usable if c not in preferred]:
                    box.addItem(c, c)
        finally:
            self._loading = False
        self.set_settings(self._settings)

    def settings(self) -> AssessmentSettings:
        return self._settings

    def set_settings(self, s: AssessmentSettings) -> None:
        self._loading = True
        try:
            for box, value in ((self.target_box, s.target), (self.sensitive_box, s.sensitive)):
                i = box.findData(value)
                box.setCurrentIndex(max(i, 0))
            self.model_box.setCurrentIndex(max(self.model_box.findData(s.model), 0))
            for name, check in self.attack_checks.items():
                check.setChecked(name in s.attacks)
            self.sweep_check.setChecked(s.sweep)
            self.property_box.setCurrentIndex(max(self.property_box.findData(s.property_column), 0))
            self.property_value.setText(s.property_value or "")
            self.property_value.setEnabled(s.property_column is not None)
        finally:
            self._loading = False
        self._settings = s

    def _emit(self, *_args) -> None:
        if self._loading:
            return
        self._settings = replace(
            self._settings,
            target=self.target_box.currentData(),
            sensitive=self.sensitive_box.currentData(),
            model=self.model_box.currentData(),
            attacks=tuple(n for n, c in self.attack_checks.items() if c.isChecked()),
            sweep=self.sweep_check.isChecked(),
            property_column=self.property_box.currentData(),
            property_value=self._property_value(),
        )
        self.property_value.setEnabled(self._settings.property_column is not None)
        self.changed.emit(self._settings)

    def _property_value(self) -> str | None:
        text = self.property_value.text().strip()
        return text if text and self.property_box.currentData() is not None else None
