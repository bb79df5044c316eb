"""Every supported format, round-tripped through real files written in tmp."""

import ctypes
import glob
import os
import sys

import numpy as np
import pandas as pd
import pytest

from core.demo import demo_path
from core.errors import InputError
from core.io import MISSING_MARKERS, load_table
from core.schema import ColumnType


@pytest.fixture(scope="module")
def sample():
    """300 demo patients plus a fractional column and an integer column with gaps."""
    frame = pd.read_csv(demo_path(), dtype=str, nrows=300)
    frame["date_of_birth"] = pd.to_datetime(frame["date_of_birth"])
    frame["length_of_stay"] = frame["length_of_stay"].astype("int64")
    rng = np.random.default_rng(0)
    frame["weight_kg"] = rng.normal(75, 12, len(frame)).round(1)
    frame.loc[::7, "weight_kg"] = np.nan
    return frame


def _check(table, sample, *, dates=True):
    f = table.frame
    assert f.shape == sample.shape
    assert list(f.columns) == list(sample.columns)
    assert f["name"].tolist() == sample["name"].tolist(), "text (with accents) survives"
    assert f["zip_code"].tolist() == sample["zip_code"].tolist(), "codes stay text"
    assert table.types["zip_code"] == ColumnType.CATEGORICAL
    assert table.types["length_of_stay"] == ColumnType.INTEGER
    assert f["length_of_stay"].tolist() == sample["length_of_stay"].tolist()
    assert table.types["weight_kg"] == ColumnType.FLOAT
    np.testing.assert_allclose(f["weight_kg"], sample["weight_kg"])
    assert table.types["email"] == ColumnType.IDENTIFIER
    if dates:
        assert table.types["date_of_birth"] == ColumnType.DATE
        assert (f["date_of_birth"] == sample["date_of_birth"]).all()
    assert len(table.sha256) == 64


@pytest.mark.parametrize(
    ("suffix", "sep", "encoding", "newline"),
    [
        (".csv", ",", "utf-8", "\n"),
        (".csv", ";", "utf-8-sig", "\r\n"),
        (".tsv", "\t", "utf-8", "\n"),
        (".txt", "|", "utf-8", "\r\n"),
        (".txt", "\t", "utf-16", "\r\n"),  # Excel's "Unicode text"
        (".csv", ",", "utf-16-le", "\n"),  # no BOM
    ],
)
def test_delimited(tmp_path, sample, suffix, sep, encoding, newline):
    path = tmp_path / f"t{suffix}"
    sample.to_csv(path, sep=sep, index=False, encoding=encoding, lineterminator=newline)
    table = load_table(path)
    _check(table, sample)
    assert table.delimiter == sep
    assert table.encoding == encoding
    assert table.format == ("tsv" if sep == "\t" else "csv")
    assert table.warnings == ()


def test_excel_with_two_sheets(tmp_path, sample):
    path = tmp_path / "t.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        sample.to_excel(writer, sheet_name="patients", index=False)
        sample.head(3).to_excel(writer, sheet_name="notes", index=False)
    table = load_table(path)
    _check(table, sample)
    assert (table.format, table.encoding, table.delimiter) == ("excel", None, None)
    assert any("only the first, 'patients'" in w for w in table.warnings)


def test_parquet(tmp_path, sample):
    path = tmp_path / "t.parquet"
    sample.to_parquet(path, index=False)
    _check(load_table(path), sample)


def test_stata(tmp_path, sample):
    path = tmp_path / "t.dta"
    sample.to_stata(path, write_index=False, convert_dates={"date_of_birth": "td"})
    table = load_table(path)
    _check(table, sample)
    assert table.format == "stata"


def test_spss(tmp_path, sample):
    import pyreadstat

    path = tmp_path / "t.sav"
    pyreadstat.write_sav(sample, str(path))
    _check(load_table(path), sample)


@pytest.mark.parametrize("version", [5, 8])
def test_sas_xport(tmp_path, sample, version):
    import pyreadstat

    path = tmp_path / "t.xpt"
    short = sample.rename(columns=lambda c: c.replace("_", "")[:8])  # XPORT v5: 8-char names
    data = short.drop(columns=["dateofbi"])
    pyreadstat.write_xport(data, str(path), file_format_version=version)
    table = load_table(path)
    assert table.format == "sas" and table.frame.shape == (300, 11)
    assert table.frame["zipcode"].tolist() == sample["zip_code"].tolist()
    assert table.types["lengthof"] == ColumnType.INTEGER


def test_sas7bdat(tmp_path, sample):
    path = tmp_path / "t.sas7bdat"
    columns = {
        "zip_code": sample["zip_code"].tolist(),
        "sex": sample["sex"].tolist(),
        "length_of_stay": sample["length_of_stay"].astype(float).tolist(),
        "weight_kg": sample["weight_kg"].tolist(),
    }
    _write_sas7bdat(path, columns)
    table = load_table(path)
    assert table.format == "sas" and table.frame.shape == (300, 4)
    assert table.frame["zip_code"].tolist() == columns["zip_code"]
    assert table.frame["length_of_stay"].tolist() == sample["length_of_stay"].tolist()
    assert table.types["length_of_stay"] == ColumnType.INTEGER
    assert table.frame["weight_kg"].isna().sum() == sample["weight_kg"].isna().sum()


@pytest.mark.parametrize(("suffix", "package"), [(".sav", "pyreadstat")])
def test_missing_optional_package_gives_a_clear_message(tmp_path, monkeypatch, suffix, package):
    path = tmp_path / f"t{suffix}"
    path.write_bytes(b"whatever")
    monkeypatch.setitem(sys.modules, package, None)  # makes `import package` fail
    with pytest.raises(InputError, match=f"needs the optional package {package}") as caught:
        load_table(path)
    assert f"pip install {package}" in caught.value.hint


def test_missing_markers_decimal_commas_and_date_styles(tmp_path):
    path = tmp_path / "odd.csv"
    markers = [m for m in MISSING_MARKERS if m] + [" ?"]
    rows = [f"{m};{i},5;{i + 1:02d}.03.2020;03/{13 + i}/2021;x{i}" for i, m in enumerate(markers)]
    path.write_text("score;ratio;visit;follow_up;code\n" + "\n".join(rows) + "\n", "utf-8")
    table = load_table(path)
    f = table.frame
    assert f["score"].isna().all() and table.types["score"] == ColumnType.CATEGORICAL
    assert f["ratio"].tolist() == [i + 0.5 for i in range(len(markers))]
    assert table.types["ratio"] == ColumnType.FLOAT
    assert f["visit"].iloc[1] == pd.Timestamp("2020-03-02"), "dd.mm.yyyy"
    assert f["follow_up"].iloc[1] == pd.Timestamp("2021-03-14"), "mm/dd/yyyy (day > 12)"
    assert any("Column 'score' is empty" in w for w in table.warnings)


def test_leading_zeros_plus_signs_and_long_numbers_stay_text(tmp_path):
    path = tmp_path / "codes.csv"
    rows = [
        f"0{i}123,+44{i}000000,{10**11 + i},{i},{10**11 * (i % 3 == 0) + i}" for i in range(1, 10)
    ]
    path.write_text("a,b,c,d,e\n" + "\n".join(rows) + "\n", "utf-8")
    table = load_table(path)
    assert [pd.api.types.is_string_dtype(table.frame[c]) for c in "abc"] == [True] * 3
    assert table.frame["a"].iloc[0] == "01123"
    assert table.frame["d"].dtype == "int64"
    assert table.frame["e"].dtype == "int64", "a few big numbers are still numbers"


# A real SAS7BDAT writer: ReadStat's, as compiled into pyreadstat (pandas and pyreadstat can
# read sas7bdat but expose no writer).
def _write_sas7bdat(path, columns):
    import pyreadstat

    lib = ctypes.CDLL(glob.glob(os.path.join(os.path.dirname(pyreadstat.__file__),
                                             "_readstat_writer*"))[0])  # fmt: skip
    sink_type = ctypes.CFUNCTYPE(ctypes.c_ssize_t, ctypes.c_void_p, ctypes.c_size_t,
                                 ctypes.c_void_p)  # fmt: skip
    p, d = ctypes.c_void_p, ctypes.c_double
    lib.readstat_writer_init.restype = p
    lib.readstat_set_data_writer.argtypes = [p, sink_type]
    lib.readstat_add_variable.restype = p
    lib.readstat_add_variable.argtypes = [p, ctypes.c_char_p, ctypes.c_int, ctypes.c_size_t]
    lib.readstat_begin_writing_sas7bdat.argtypes = [p, p, ctypes.c_long]
    for name in ("begin_row", "end_row", "end_writing", "writer_free"):
        getattr(lib, f"readstat_{name}").argtypes = [p]
    lib.readstat_insert_double_value.argtypes = [p, p, d]
    lib.readstat_insert_string_value.argtypes = [p, p, ctypes.c_char_p]
    lib.readstat_insert_missing_value.argtypes = [p, p]
    chunks = []

    @sink_type
    def sink(data, size, ctx):
        chunks.append(ctypes.string_at(data, size))
        return size

    writer = lib.readstat_writer_init()
    lib.readstat_set_data_writer(writer, sink)
    variables = []
    for name, values in columns.items():
        text = isinstance(values[0], str)
        width = max(len(v.encode()) for v in values) if text else 8
        variables.append(lib.readstat_add_variable(writer, name.encode(), 0 if text else 5, width))
    n = len(next(iter(columns.values())))
    assert lib.readstat_begin_writing_sas7bdat(writer, None, n) == 0
    for i in range(n):
        lib.readstat_begin_row(writer)
        for var, values in zip(variables, columns.values(), strict=True):
            v = values[i]
            if isinstance(v, str):
                lib.readstat_insert_string_value(writer, var, v.encode())
            elif np.isnan(v):
                lib.readstat_insert_missing_value(writer, var)
            else:
                lib.readstat_insert_double_value(writer, var, v)
        lib.readstat_end_row(writer)
    assert lib.readstat_end_writing(writer) == 0
    lib.readstat_writer_free(writer)
    path.write_bytes(b"".join(chunks))
