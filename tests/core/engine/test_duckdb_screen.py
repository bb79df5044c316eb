"""DuckDB's release leaves out exactly the suppressed records: the hash screen in front of the
exact class lookup changes no row, with several frequency rows per class (a sensitive column
for ℓ-diversity), from Parquet (typed cells hashed as text) as from CSV, and even when the
screen is so small that every record passes it."""

from __future__ import annotations

import pandas as pd
import pytest

import core.engine.duckdb_engine as duck
from core.engine import describe, make_engine
from tests.core.engine.conftest import ADULT_QIS, run_engine

QIS = ADULT_QIS[:6]
KEEP = [*QIS, "occupation"]


def _run(name, path, hierarchies, out):
    from core.engine import protect_file
    from core.settings import ProtectionSettings

    settings = ProtectionSettings(k=5, l=2, l_variant="distinct", suppression=0.05)
    return protect_file(
        make_engine(name), describe(str(path)), str(out), qis=QIS, sensitive="occupation",
        keep=KEEP, hierarchies={q: hierarchies[q] for q in QIS}, settings=settings,
    )  # fmt: skip


@pytest.fixture(scope="module")
def adult_parquet(adult_csv, tmp_path_factory):
    path = tmp_path_factory.mktemp("parquet") / "adult.parquet"
    con = make_engine("duckdb").connect()
    con.execute(
        f"COPY (SELECT * REPLACE (CAST(age AS INTEGER) AS age) FROM read_csv('{adult_csv}', "
        f"delim=';', header=true, all_varchar=true)) TO '{path}' (FORMAT parquet)"
    )
    con.close()
    return path


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("bits", [duck.SCREEN_BITS, 0])
def test_release_with_a_sensitive_column_equals_pandas(
    adult_csv, adult_parquet, arx_hierarchies, tmp_path, monkeypatch, bits
):
    monkeypatch.setattr(duck, "SCREEN_BITS", bits)  # 0: a 1,025-bit screen every record passes
    want = _run("pandas", adult_csv, arx_hierarchies, tmp_path / "pandas.csv")
    assert want.result.suppressed_records > 0
    assert len(want.plan.freq.frame) > want.plan.freq.frame[list(QIS)].drop_duplicates().shape[0]
    for source in (adult_csv, adult_parquet):
        got = _run("duckdb", source, arx_hierarchies, tmp_path / f"duck-{source.suffix}.csv")
        assert got.result.transformation == want.result.transformation
        assert got.rows_written == want.rows_written
        pd.testing.assert_frame_equal(
            _read(tmp_path / f"duck-{source.suffix}.csv"), _read(tmp_path / "pandas.csv")
        )


def test_most_records_suppressed(tmp_path):
    """Most classes suppressed: the screen passes most records, the exact lookup decides."""
    from core.hierarchy import Hierarchy

    path = tmp_path / "few.csv"
    rows = ["sex;age", *(["Male;39"] * 30), *[f"Female;{20 + i}" for i in range(40)]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ages = Hierarchy([[str(a)] for a in range(20, 60)], name="age")  # never generalized
    sexes = Hierarchy([["Male"], ["Female"]], name="sex")
    hierarchies = {"age": ages, "sex": sexes}
    runs = {
        name: run_engine(
            make_engine(name),
            describe(str(path)),
            hierarchies,
            tmp_path / f"{name}.csv",
            0.6,
            qis=["sex", "age"],
        )
        for name in ("pandas", "duckdb")
    }
    assert runs["duckdb"].result.suppressed_records == runs["pandas"].result.suppressed_records
    assert runs["duckdb"].result.suppressed_records == 40
    assert _read(tmp_path / "duckdb.csv").values.tolist() == [["Male", "39"]] * 30


@pytest.mark.parametrize("risky", [True, False])
def test_a_qi_kept_as_it_is_is_formula_guarded(tmp_path, risky):
    """A QI left at level 0 is written as it is, with a quote before a risky value."""
    from core.hierarchy import Hierarchy

    shop = "=HYPERLINK(1)" if risky else "Bazaar"
    rows = ["shop;age", *[f"{('Deli', shop)[i % 2]};{30 + i % 3}" for i in range(30)]]
    path = tmp_path / "shops.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    shops = Hierarchy([["Deli", "*"], [shop, "*"]], name="shop")
    ages = Hierarchy([[str(a), "30s"] for a in range(30, 33)], name="age")
    run = run_engine(
        make_engine("duckdb"), describe(str(path)), {"shop": shops, "age": ages},
        tmp_path / "out.csv", 0.0, qis=["shop", "age"],
    )  # fmt: skip
    assert run.result.transformation == {"shop": 0, "age": 0}
    written = _read(tmp_path / "out.csv")["shop"].tolist()
    assert written == [("Deli", "'" + shop if risky else shop)[i % 2] for i in range(30)]
