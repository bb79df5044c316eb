"""Date columns through dp-noise and dp-synthetic: Veil's demo, public bounds as ISO dates,
every resolution, missing dates, time zones, calendar bins and clear errors."""

import datetime
import math

import numpy as np
import pandas as pd
import pytest

from core.demo import demo_path, demo_project
from core.dp import dates, release
from core.dp.binning import binning
from core.dp.domains import column_domains
from core.errors import ConfigError, ValidationError
from core.io import load_table
from core.protect import protect
from core.settings import ProtectionSettings, date_bound

DOB_BOUNDS = {"date_of_birth": ("1900-01-01", "2026-12-31"), "length_of_stay": (1, 60)}
METHODS = ["dp-noise", "dp-synthetic"]


@pytest.fixture(scope="module")
def demo():
    return load_table(demo_path()).frame


def _protect(frame, method, epsilon=1.0, bounds=None, seed=None):
    settings = ProtectionSettings(method=method, epsilon=epsilon, bounds=bounds or {})
    return protect(frame, demo_project().roles, settings, seed=seed)


@pytest.mark.parametrize("method", METHODS)
def test_the_demo_is_released_with_its_dates_of_birth(demo, method):
    assert demo["date_of_birth"].dtype == "datetime64[us]"
    r = _protect(demo, method, bounds=DOB_BOUNDS)
    dob = r.data["date_of_birth"]
    assert dob.dtype == demo["date_of_birth"].dtype and dob.notna().all()
    assert dob.between(pd.Timestamp("1900-01-01"), pd.Timestamp("2026-12-31")).all()
    assert (dob == dob.dt.normalize()).all()  # released at the column's resolution: days
    assert {"name", "email", "phone"}.isdisjoint(r.data.columns)
    record = next(m for m in r.mechanisms if m.target == "date_of_birth")
    assert record.bounds == ("1900-01-01", "2026-12-31") and record.source == "user"
    assert record.resolution == "day"
    assert "date_of_birth" not in r.bounds_from_data
    assert r.epsilon_spent == pytest.approx(1.0)
    if method == "dp-noise":
        assert record.sensitivity == (datetime.date(2026, 12, 31) - datetime.date(1900, 1, 1)).days
        assert (dob != demo["date_of_birth"]).mean() > 0.99


@pytest.mark.parametrize("method", METHODS)
def test_date_bounds_read_from_the_data_are_a_loud_leak(demo, method):
    r = _protect(demo, method)
    record = next(m for m in r.mechanisms if m.target == "date_of_birth")
    assert record.bounds == ("1919-08-18", "2024-06-23") and record.source == "data"
    assert "date_of_birth" in r.bounds_from_data
    assert r.warnings[0].startswith("Privacy leak") and "date_of_birth" in r.warnings[0]
    dob = r.data["date_of_birth"]
    assert dob.between(pd.Timestamp("1919-08-18"), pd.Timestamp("2024-06-23")).all()


def test_synthetic_dates_follow_the_real_distribution_in_five_year_bins(demo):
    r = _protect(demo, "dp-synthetic", epsilon=math.inf, bounds=DOB_BOUNDS)
    edges = pd.to_datetime([f"{y}-01-01" for y in range(1900, 2031, 5)])
    real = pd.cut(demo["date_of_birth"], edges, right=False).value_counts(normalize=True)
    synthetic = pd.cut(r.data["date_of_birth"], edges, right=False).value_counts(normalize=True)
    assert 0.5 * real.sub(synthetic, fill_value=0).abs().sum() < 0.03
    years = r.data["date_of_birth"].dt.year
    assert years.nunique() > 80  # sampled within the bin, not piled on its start
    assert r.data["date_of_birth"].dt.day_of_year.nunique() > 300


def test_noisy_dates_carry_signal_at_a_large_epsilon(demo):
    r = _protect(demo, "dp-noise", epsilon=8 * 200.0, bounds=DOB_BOUNDS)  # ε = 200 per column
    gap = (r.data["date_of_birth"] - demo["date_of_birth"]).dt.days.abs()
    assert gap.median() < 365 and gap.median() > 0


def test_calendar_bins_are_whole_years_months_or_days():
    def edges(lo, hi, unit="D"):
        lo_u, hi_u = (dates.to_units(pd.Series(pd.to_datetime([v])), unit)[0] for v in (lo, hi))
        out = dates.calendar_edges(int(lo_u), int(hi_u), unit, 32)
        return [str(np.datetime64(int(e), unit)) for e in out]

    five_years = edges("1919-08-18", "2024-06-23")
    assert five_years[0] == "1919-08-18" and five_years[-1] == "2024-06-24"
    assert five_years[1:-1] == [f"{y}-01-01" for y in range(1920, 2021, 5)]
    assert edges("2020-01-01", "2020-01-10") == [f"2020-01-{d:02d}" for d in range(1, 12)]
    assert edges("2020-01-01", "2021-06-30")[1:4] == ["2020-02-01", "2020-03-01", "2020-04-01"]
    hours = edges("2020-01-01T00:00:00", "2020-01-01T12:00:00", unit="s")
    assert len(hours) == 14 and hours[1] == "2020-01-01T01:00:00"


def test_every_resolution_time_zone_and_missing_dates_round_trip():
    rng = np.random.default_rng(0)
    n = 3000
    seconds = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 10**7, n), unit="s")
    months = pd.to_datetime(
        [f"{2000 + m // 12}-{m % 12 + 1:02d}-01" for m in rng.integers(0, 99, n)]
    )
    days = pd.Series(pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 9000, n), "D"))
    frame = pd.DataFrame(
        {
            "seconds": seconds,
            "berlin": seconds.tz_localize("Europe/Berlin", nonexistent="shift_forward"),
            "months": months,
            "nanoseconds": days.astype("datetime64[ns]"),
            "gaps": days.where(rng.random(n) < 0.7),
        }
    )
    expected = {"seconds": "second", "berlin": "second", "months": "month"}
    for method in METHODS:
        settings = ProtectionSettings(
            method=method, epsilon=5.0, domain={"gaps": {"may_be_missing": True}}
        )
        r = release(frame, roles={}, settings=settings, seed=0)
        assert list(r.data.dtypes) == list(frame.dtypes)
        shown = {m.target: m for m in r.mechanisms if m.step in ("column noise", "1-way marginal")}
        for col in frame:
            assert shown[col].resolution == expected.get(col, "day")
            values = r.data[col].dropna()
            assert values.between(frame[col].min(), frame[col].max()).all()
        assert (r.data["months"].dt.day == 1).all()
        if method == "dp-synthetic":
            assert r.data["gaps"].isna().mean() == pytest.approx(0.3, abs=0.1)
        else:
            assert not r.data["gaps"].isna().any()
            assert "only 'gaps' may be missing" in r.guarantee


@pytest.mark.parametrize("method", METHODS)
def test_with_public_bounds_the_resolution_is_days_whatever_the_data(method):
    """Only the data could tell months or seconds apart, and one record could flip that."""
    frame = pd.DataFrame(
        {
            "months": pd.to_datetime(["2001-01-01", "2001-02-01", "2001-03-01"] * 100),
            "times": pd.to_datetime(["2001-01-01 06:30:00", "2001-01-02 23:59:59"] * 150),
        }
    )
    bounds = {"months": ("2001-01-01", "2001-03-01"), "times": ("2001-01-01", "2001-01-02")}
    settings = ProtectionSettings(method=method, epsilon=50.0, bounds=bounds)
    r = release(frame, roles={}, settings=settings, seed=None)
    assert {m.resolution for m in r.mechanisms if m.resolution} == {"day"}
    assert (r.data["months"].dt.day != 1).any()  # any day of the bounds
    times = r.data["times"]
    assert (times == times.dt.normalize()).all()  # times of day dropped
    assert times.between(pd.Timestamp("2001-01-01"), pd.Timestamp("2001-01-02")).all()


@pytest.mark.parametrize(
    ("bounds", "first", "last"),
    [
        (("1950-03-15", "1960-07-01"), "1950-03-15", "1960-07-01"),
        ((1950, 1960.5), "1950-01-01", "1960-07-02"),  # numbers are (fractional) years
    ],
)
def test_bounds_are_iso_dates_or_years(bounds, first, last):
    frame = pd.DataFrame({"d": pd.to_datetime(["1955-05-05"] * 50 + ["2000-01-01"] * 50)})
    settings = ProtectionSettings(method="dp-noise", epsilon=1.0, bounds={"d": bounds})
    r = release(frame, roles={}, settings=settings, seed=None)
    assert r.mechanisms[0].bounds == (first, last) and r.bounds_from_data == ()
    assert r.data["d"].between(pd.Timestamp(first), pd.Timestamp(last)).all()
    assert r.data["d"].max() == pd.Timestamp(last)  # clamped at the bound


def test_iso_dates_and_fractional_years_convert_both_ways_exactly():
    start = datetime.date(1896, 1, 1)
    for offset in range(0, 76_000, 7):
        day = start + datetime.timedelta(days=offset)
        year = date_bound(day.isoformat())
        assert dates.year_to_day(year) == (day - datetime.date(1970, 1, 1)).days
        assert math.floor(year) == day.year


def test_date_binning_depends_on_the_bounds_only():
    """Adding a record changes one code of the marginal: the histogram's sensitivity is 1."""
    rng = np.random.default_rng(3)
    days = pd.Series(
        pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 20_000, 300), "D")
    )
    bounds = {"d": (1940.0, 2010.0)}
    base = column_domains(pd.DataFrame({"d": days}), bounds)[0]
    added = pd.concat([days, pd.Series([pd.Timestamp("1941-02-03")])], ignore_index=True)
    other = column_domains(pd.DataFrame({"d": added}), bounds)[0]
    assert base == other
    a, b = binning(base), binning(other)
    np.testing.assert_array_equal(a.edges, b.edges)
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(b.encode(added, rng)[:-1], a.encode(days, rng))


@pytest.mark.parametrize(
    ("frame", "bounds", "categories", "error", "match"),
    [
        (pd.DataFrame({"d": pd.to_datetime([None, None])}), {}, None, ValidationError, "no dates"),
        (
            pd.DataFrame({"d": pd.to_datetime(["2020-01-01"])}),
            {},
            {"d": ["2020-01-01"]},
            ConfigError,
            "Categories were given for date column 'd'",
        ),
        (
            pd.DataFrame({"d": pd.to_datetime(["2020-01-01"])}),
            {"d": (0, 5)},
            None,
            ConfigError,
            "read as years",
        ),
        (
            pd.DataFrame({"d": pd.Series(pd.to_datetime(["2020-01-01"])).astype("datetime64[ns]")}),
            {"d": ("1900-01-01", "3000-01-01")},
            None,
            ConfigError,
            "outside the dates its type can hold",
        ),
    ],
)
def test_bad_date_input_gets_a_clear_message(frame, bounds, categories, error, match):
    settings = ProtectionSettings(method="dp-synthetic", epsilon=1.0, bounds=bounds)
    with pytest.raises(error, match=match):
        release(frame, roles={}, settings=settings, categories=categories)
