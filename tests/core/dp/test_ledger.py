"""The budget ledger: diffprivlib's accountant, labels per spend, refusal before any work."""

import copy
import math

import numpy as np
import pytest
from diffprivlib.tools import histogram

from core.dp import BudgetLedger, Spend, release
from core.errors import BudgetExceeded, ConfigError
from core.jobs import Monitor
from core.settings import ProtectionSettings
from tests.core.dp.conftest import ADULT_BOUNDS


def test_spends_add_up_and_overspending_is_refused_up_front():
    ledger = BudgetLedger(1.0)
    ledger.plan([Spend("a", 0.4), Spend("b", 0.6)])  # fits exactly: nothing spent yet
    assert ledger.spent() == (0.0, 0.0)
    with ledger.charge("a", 0.4):
        pass
    assert ledger.spent() == (pytest.approx(0.4), 0.0)
    assert ledger.remaining() == (pytest.approx(0.6), 0.0)
    with pytest.raises(BudgetExceeded, match=r"needs ε = 0\.7,.* only ε = 0\.6,"):
        ledger.plan([Spend("b", 0.3), Spend("c", 0.4)])
    ran = []
    with pytest.raises(BudgetExceeded), ledger.charge("d", 0.7):
        ran.append(True)
    assert ran == [] and [s.label for s in ledger.entries] == ["a"]


def test_diffprivlib_functions_spend_on_the_ledger_itself():
    ledger = BudgetLedger(2.0)
    with ledger.charge("histogram", 0.5) as accountant:
        histogram(np.arange(10.0), epsilon=0.5, bins=2, range=(0, 10), accountant=accountant)
    assert ledger.accountant.spent_budget == [(0.5, 0)]
    assert ledger.entries == (Spend("histogram", 0.5),)
    with pytest.raises(RuntimeError, match="planned at"), ledger.charge("liar", 0.1) as acc:
        histogram(np.arange(10.0), epsilon=0.2, bins=2, range=(0, 10), accountant=acc)


def test_a_ledger_is_one_account_saved_and_restored():
    ledger = BudgetLedger(1.0, 1e-6)
    with ledger.charge("release", 0.25):
        pass
    assert copy.deepcopy(ledger) is ledger and copy.copy(ledger) is ledger
    restored = BudgetLedger.from_dict(ledger.to_dict())
    assert restored.entries == ledger.entries and restored.spent() == ledger.spent()
    assert BudgetLedger.from_dict(BudgetLedger().to_dict()).epsilon == math.inf
    with pytest.raises(BudgetExceeded):
        BudgetLedger(0.1, spent=[Spend("old", 0.2)])
    with pytest.raises(ConfigError):
        BudgetLedger(0.0)


def test_a_release_over_the_project_budget_does_no_work(adult_full):
    ledger = BudgetLedger(1.0)
    with ledger.charge("earlier release", 0.8):
        pass
    progress = []
    settings = ProtectionSettings(method="dp-synthetic", epsilon=0.5, bounds=ADULT_BOUNDS)
    with pytest.raises(BudgetExceeded, match=r"only ε = 0\.2,"):
        release(
            adult_full,
            roles={},
            settings=settings,
            ledger=ledger,
            monitor=Monitor(lambda f, m: progress.append(m)),
        )
    assert progress == [] and len(ledger.entries) == 1


def test_a_release_spending_the_whole_remaining_budget_fits_despite_rounding(adult_full):
    ledger = BudgetLedger(0.7)
    with ledger.charge("earlier", 0.6):
        pass
    for method in ("dp-noise", "dp-synthetic"):
        settings = ProtectionSettings(method=method, epsilon=0.05, bounds=ADULT_BOUNDS)
        r = release(adult_full.head(2000), roles={}, settings=settings, ledger=ledger, seed=0)
        assert r.epsilon_spent == pytest.approx(0.05)
    assert ledger.spent()[0] == pytest.approx(0.7)
    assert len(ledger.entries) == 1 + 15 + (15 + 14 + 14)
