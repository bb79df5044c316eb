"""The GUI's number fields take their ranges from core.bounds, the same table the project file
and the command line are checked against: nothing the form offers is refused on load."""

from __future__ import annotations

import math

from core.bounds import BOUNDS, field_range
from core.settings import ProtectionSettings
from ui.panels import protect_form
from ui.panels.protect_form import ProtectionForm


def test_protection_spin_boxes_offer_the_shared_ranges(qtbot):
    form = ProtectionForm()
    qtbot.addWidget(form)
    assert (form.k_spin.minimum(), form.k_spin.maximum()) == (2, BOUNDS["k"].high)
    assert (form.l_spin.minimum(), form.l_spin.maximum()) == (2, BOUNDS["l"].high)
    assert (form.t_spin.minimum(), form.t_spin.maximum()) == field_range("t")
    assert form.suppression_spin.maximum() == 50 and form.suppression_spin.minimum() == 0


def test_every_extreme_of_the_form_is_a_valid_setting(qtbot):
    form = ProtectionForm()
    qtbot.addWidget(form)
    form.method_buttons["optimal"].setChecked(True)
    form.l_check.setChecked(True)
    form.t_check.setChecked(True)
    for spin in (form.k_spin, form.l_spin, form.t_spin, form.suppression_spin):
        for value in (spin.minimum(), spin.maximum()):
            spin.setValue(value)
            settings = form.settings()
            assert ProtectionSettings.from_dict(settings.to_dict()) == settings
    for eps in (10**protect_form.EPS_MIN_LOG, 10**protect_form.EPS_MAX_LOG):
        assert BOUNDS["epsilon"].contains(eps) and math.isfinite(eps)


def test_a_k_above_the_old_cap_of_1000_can_be_typed(qtbot):
    form = ProtectionForm()
    qtbot.addWidget(form)
    form.method_buttons["mondrian"].setChecked(True)
    form.k_spin.setValue(5000)
    assert form.settings().k == 5000


def test_the_repeats_box_stays_inside_the_shared_range(loaded_demo):
    box = loaded_demo.panels["assess"].repeats_box
    low, high = field_range("repeats")
    assert low <= box.minimum() and box.maximum() <= high
