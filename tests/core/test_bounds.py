"""core.bounds (one range per number) and core.capacity (will it fit?)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core import capacity
from core.bounds import BOUNDS, SEED_MAX, Bound, check
from core.errors import ConfigError
from core.protect import protect
from core.settings import AssessmentSettings, ProtectionSettings


@pytest.mark.parametrize(
    ("bound", "words"),
    [
        (Bound(int, 1, 1_000_000), "a whole number from 1 to 1,000,000"),
        (Bound(float, 0, 1, low_open=True), "a number above 0 and at most 1"),
        (Bound(float, 0, 1, high_open=True), "a number at least 0 and below 1"),
        (Bound(float, 0.001, 1000, infinite=True), "a number from 0.001 to 1,000, or inf"),
    ],
)
def test_ranges_are_said_in_words(bound, words):
    assert bound.describe() == words


@pytest.mark.parametrize("bad", [True, False, 2.5, math.nan, math.inf, "5", None, [5], 0, 10**7])
def test_a_whole_number_refuses_bools_fractions_text_and_out_of_range(bad):
    with pytest.raises(ConfigError, match=r"^protection\.k must be a whole number from 1 to"):
        check("k", bad, where="protection.")


def test_whole_floats_and_numpy_numbers_are_read_as_plain_numbers():
    assert check("k", 5.0) == 5 and type(check("k", 5.0)) is int
    assert check("k", np.int64(7)) == 7 and type(check("k", np.int64(7))) is int
    assert type(check("epsilon", np.float64(0.5))) is float
    assert check("epsilon", "inf") == math.inf and check("epsilon", math.inf) == math.inf
    with pytest.raises(ConfigError):
        check("epsilon", "Infinity")  # only the 'inf' Veil itself writes
    assert check("seed", SEED_MAX) == SEED_MAX


def test_settings_normalize_and_refuse_through_the_table():
    """Issue 19 point 6: 'k': true ran as k = 1, 'k': 2.5 made groups of 2."""
    assert ProtectionSettings(k=3.0).k == 3
    for bad in (True, 2.5):
        with pytest.raises(ConfigError, match="k must be a whole number"):
            ProtectionSettings(k=bad)
    with pytest.raises(ConfigError, match="c must be a number above 0"):
        ProtectionSettings(c=0)  # c had no check at all
    with pytest.raises(ConfigError, match="population_size must be a whole number"):
        AssessmentSettings(population_size=0)
    with pytest.raises(ConfigError, match="sweep must be true or false"):
        AssessmentSettings(sweep="yes")
    for field in ("k", "l", "c", "t", "epsilon", "rows", "max_nodes", "delta", "suppression"):
        assert field in BOUNDS


def test_capacity_refuses_a_synthetic_table_that_would_not_fit():
    big = ProtectionSettings(method="dp-synthetic", epsilon=1.0, rows=5_000_000)
    with pytest.raises(ConfigError) as caught:
        capacity.check_capacity(10, big, available=1 * 2**30)
    assert str(caught.value) == (
        "5,000,000 synthetic records of 10 columns would need about 4.7 GB of memory, and this "
        "computer has 1.0 GB free. Ask for at most 858,993 records (rows), or close other "
        "programs and retry."
    )
    capacity.check_capacity(10, big, available=64 * 2**30)  # fits
    small = ProtectionSettings(method="dp-synthetic", epsilon=1.0, rows=1000)
    capacity.check_capacity(10, small, available=1 * 2**30)
    capacity.check_capacity(10, ProtectionSettings(), available=1)  # not synthetic: no estimate
    assert capacity.available_memory() is None or capacity.available_memory() > 0


def test_protect_refuses_before_any_work(monkeypatch):
    """Issue 19 point 7: rows 1e9 grew past 5.9 GB before anyone stopped it."""
    monkeypatch.setattr(capacity, "available_memory", lambda: 100 * 2**20)
    frame = pd.DataFrame({"age": range(50), "sex": ["F", "M"] * 25})
    settings = ProtectionSettings(
        method="dp-synthetic", epsilon=1.0, rows=5_000_000, bounds={"age": (0, 120)}
    )
    with pytest.raises(ConfigError, match=r"would need about 953\.7 MB of memory"):
        protect(frame, {}, settings)


def test_repeats_may_not_run_past_the_last_seed():
    capacity.check_seeds(SEED_MAX - 4, 5)
    with pytest.raises(ConfigError, match="would use seeds above 4,294,967,295"):
        capacity.check_seeds(SEED_MAX - 3, 5)
    with pytest.raises(ConfigError, match="seed must be a whole number"):
        capacity.check_seeds(-1, 1)
