"""The DuckDB engine on purpose-built tables: missing cells, formula text, a ragged row,
Cancel during a long read, and the automatic choice of engine."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from core.engine import choose_engine, describe, make_engine, protect_file
from core.engine.duckdb_engine import DuckDBEngine, cache_folder
from core.errors import InputError, JobCancelled
from core.hierarchy import Hierarchy
from core.jobs import Monitor
from core.settings import ProtectionSettings

ROWS = [
    ("name", "city", "age", "note"),
    ("Ann Lee", "Oslo", "34", "=HYPERLINK(1)"),
    ("Bo Ek", "Oslo", "35", "-2"),
    ("Cy Dunn", "", "36", "+plain"),
    ("Di Moe", "Bergen", "NA", "ok"),
    ("Ed Fox", "Bergen", "41", "@home"),
    ("Flo Gu", "Oslo", "42", ""),
    ("Gus Ho", "Bergen", "NA", "fine"),
    ("Hal Ito", "", "38", "x"),
]
CITY = Hierarchy([["Oslo", "Norway", "*"], ["Bergen", "Norway", "*"]], name="city")
AGE = Hierarchy([[str(a), f"{a // 10 * 10}s", "*"] for a in range(30, 50)], name="age")


def write_csv(path, rows, sep=";") -> None:
    path.write_text("\n".join(sep.join(r) for r in rows) + "\n", encoding="utf-8")


# (k, suppression) → (levels of city and age, records suppressed)
SMALL_CASES = {(2, 0.0): ({"city": 1, "age": 1}, 0), (3, 0.25): ({"city": 0, "age": 2}, 2)}


@pytest.mark.parametrize(("k", "suppression"), list(SMALL_CASES))
def test_missing_cells_and_formulas_match_pandas(tmp_path, k, suppression):
    path = tmp_path / "people.csv"
    write_csv(path, ROWS)
    source = describe(str(path))
    settings = ProtectionSettings(k=k, suppression=suppression)
    frames = {}
    for name in ("pandas", "duckdb"):
        out = tmp_path / f"{name}.csv"
        run = protect_file(
            make_engine(name),
            source,
            str(out),
            qis=["city", "age"],
            sensitive=None,
            keep=["city", "age", "note"],
            hierarchies={"city": CITY, "age": AGE},
            settings=settings,
        )
        frames[name] = (run, pd.read_csv(out, dtype=str, keep_default_na=False))
    (p, p_out), (d, d_out) = frames["pandas"], frames["duckdb"]
    assert p.result.transformation == d.result.transformation
    assert p.result.suppressed_records == d.result.suppressed_records
    pd.testing.assert_frame_equal(p_out, d_out)
    assert (d.result.transformation, d.result.suppressed_records) == SMALL_CASES[k, suppression]
    if k == 2:  # missing cells generalize to the hierarchy's '(missing)' row
        assert d_out["city"].tolist().count("(missing)") == 2
        assert d_out["age"].tolist().count("(missing)") == 2
    else:  # the two records with a missing city are the suppressed class
        assert set(d_out["city"]) == {"Oslo", "Bergen"}


def test_formula_text_gets_a_quote(tmp_path):
    path = tmp_path / "people.csv"
    write_csv(path, ROWS)
    out = tmp_path / "out.csv"
    protect_file(
        DuckDBEngine(),
        describe(str(path)),
        str(out),
        qis=["city"],
        sensitive=None,
        keep=["city", "age", "note"],
        hierarchies={"city": CITY},
        settings=ProtectionSettings(k=2),
    )
    note = pd.read_csv(out, dtype=str, keep_default_na=False)["note"].tolist()
    assert note == ["'=HYPERLINK(1)", "-2", "'+plain", "ok", "'@home", "", "fine", "x"]


def test_ragged_row_names_its_line(tmp_path):
    path = tmp_path / "ragged.csv"
    rows = [*ROWS[:5], ("Zed", "Oslo", "40", "a", "extra"), *ROWS[5:]]
    write_csv(path, rows)
    engine = DuckDBEngine()
    with pytest.raises(InputError) as err:
        engine.frequencies(describe(str(path)), ["city"], None, Monitor())
    assert "Line 6 of ragged.csv (data row 5) has 5 fields but the header has 4" in str(err.value)


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """Four million rows written by DuckDB itself (about 60 MB)."""
    path = tmp_path_factory.mktemp("big") / "big.csv"
    con = DuckDBEngine().connect()
    con.execute(
        "COPY (SELECT i % 97 AS a, i % 13 AS b, 'x' || (i % 1013) AS c, i AS d "
        f"FROM range(4000000) t(i)) TO '{path}' (FORMAT csv, HEADER true)"
    )
    con.close()
    return path


def test_cancel_stops_a_read_within_a_second(big_csv):
    monitor = Monitor()
    engine = DuckDBEngine(threads=2)
    source = describe(str(big_csv))
    started = time.perf_counter()
    timer = threading.Timer(0.3, monitor.cancel)
    timer.start()
    with pytest.raises(JobCancelled):
        engine.frequencies(source, ["a", "b", "c", "d"], None, monitor)
    stopped = time.perf_counter() - started - 0.3
    timer.cancel()
    assert stopped < 1.0, f"took {stopped:.2f} s to stop"


def test_cancel_stops_writing_the_release_within_a_second(big_csv, tmp_path):
    from core.engine.plan import solve

    engine = DuckDBEngine(threads=2)
    source = describe(str(big_csv))
    freq = engine.frequencies(source, ["a", "b"], None, Monitor())
    hierarchies = {"a": None, "b": None}
    plan = solve(freq, hierarchies, ProtectionSettings(k=2), Monitor())
    monitor = Monitor()
    out = tmp_path / "release.csv"
    timer = threading.Timer(0.3, monitor.cancel)
    started = time.perf_counter()
    timer.start()
    with pytest.raises(JobCancelled):
        engine.write_release(source, plan, ["a", "b", "c", "d"], str(out), monitor)
    stopped = time.perf_counter() - started - 0.3
    timer.cancel()
    assert stopped < 1.0, f"took {stopped:.2f} s to stop"
    assert not out.exists() and not list(tmp_path.iterdir())


def test_read_reports_progress(big_csv):
    seen = []
    freq = DuckDBEngine(threads=2).frequencies(
        describe(str(big_csv)), ["a", "b"], None, Monitor(lambda f, m: seen.append((f, m)))
    )
    assert freq.n_records == 4_000_000 and len(freq.frame) == 97 * 13
    fractions = [f for f, _ in seen]
    assert fractions[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions) and "Reading big.csv" in seen[0][1]


def test_spill_folder_is_in_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    engine = DuckDBEngine(memory_limit="256MB")
    assert engine.temp_directory == cache_folder() == tmp_path / "veil" / "duckdb"
    con = engine.connect()
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() "
            "WHERE name IN ('memory_limit', 'temp_directory')"
        ).fetchall()
    )
    con.close()
    assert settings["temp_directory"] == str(tmp_path / "veil" / "duckdb")
    assert settings["memory_limit"].startswith("244") or "256" in settings["memory_limit"]


def test_auto_switches_to_duckdb_above_the_threshold(big_csv):
    size = big_csv.stat().st_size
    assert choose_engine("auto", str(big_csv), memory=size * 100) == ("pandas", None)
    name, why = choose_engine("auto", str(big_csv), memory=size)
    assert name == "duckdb" and "DuckDB" in why and big_csv.name in why
    assert choose_engine("spark", str(big_csv)) == ("spark", None)


def test_typing_the_frequency_table_is_a_cancel_point():
    """Cancel pressed just after DuckDB's GROUP BY ends stops the read step, not the search."""
    from core.engine.frequency import COUNT, from_text

    raw = pd.DataFrame({"a": ["1", "2", None], COUNT: [3, 4, 5]})
    monitor = Monitor()
    monitor.cancel()
    with pytest.raises(JobCancelled):
        from_text(raw, ["a"], None, monitor)
    assert from_text(raw, ["a"], None, Monitor()).n_records == 12
