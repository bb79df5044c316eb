"""A record with too few or too many fields stops every DuckDB read (frequency table, release,
large-table preview, row count and sample) with an InputError naming the file and its line,
counted as the pandas reader counts it (the header is line 1); quoted delimiters, CRLF line
ends, quoted line breaks and blank lines are not ragged."""

from __future__ import annotations

import pandas as pd
import pytest

from app.cli import main
from core.engine import describe
from core.engine.duckdb_engine import DuckDBEngine
from core.engine.frequency import COUNT
from core.engine.plan import solve
from core.errors import InputError
from core.jobs import Monitor
from core.settings import ProtectionSettings
from core.workflow.large import count_rows, open_large, sample_rows

HEADER = "age,sex,city"
GOOD = [f"{30 + i % 4},{'FM'[i % 2]},{'Oslo' if i % 3 else 'Bergen'}" for i in range(12)]


def write(path, lines, end="\n", last_end=True):
    path.write_bytes((end.join(lines) + (end if last_end else "")).encode("utf-8"))
    return path


def frequencies(path):
    return DuckDBEngine().frequencies(describe(str(path)), ["age", "sex"], None, Monitor())


def message(err) -> str:
    return str(err.value)


def test_short_row_names_its_line(tmp_path):
    path = write(tmp_path / "short.csv", [HEADER, *GOOD[:4], "34,F", *GOOD[4:]])
    with pytest.raises(InputError) as err:
        frequencies(path)
    assert "Line 6 of short.csv (data row 5) has 2 fields but the header has 3" in message(err)
    assert "Fields are missing" in err.value.hint and err.value.row == 5


def test_long_row_names_its_line(tmp_path):
    path = write(tmp_path / "long.csv", [HEADER, *GOOD[:7], "34,F,Oslo,x,y", *GOOD[7:]])
    with pytest.raises(InputError) as err:
        frequencies(path)
    assert "Line 9 of long.csv (data row 8) has 5 fields but the header has 3" in message(err)
    assert "delimiter without quotes" in err.value.hint


def test_quoted_delimiter_crlf_quoted_line_break_and_blank_lines_are_not_ragged(tmp_path):
    lines = [HEADER, *GOOD[:3], '35,M,"Oslo, east"', "", '36,F,"Bergen\r\nnorth"', *GOOD[3:]]
    path = write(tmp_path / "fine.csv", lines, end="\r\n")
    freq = frequencies(path)
    assert int(freq.frame[COUNT].sum()) == len(GOOD) + 2
    engine, source = DuckDBEngine(), describe(str(path))
    assert count_rows(engine, source, Monitor()) == len(GOOD) + 2
    head = engine.head(source, 100)
    assert head["city"].tolist()[3:5] == ["Oslo, east", "Bergen\r\nnorth"]


def test_crlf_file_with_a_short_row(tmp_path):
    path = write(tmp_path / "crlf.csv", [HEADER, *GOOD[:2], "31,M", *GOOD[2:]], end="\r\n")
    with pytest.raises(InputError) as err:
        frequencies(path)
    assert "Line 4 of crlf.csv (data row 3) has 2 fields" in message(err)


def test_ragged_last_row_without_a_line_end(tmp_path):
    path = write(tmp_path / "end.csv", [HEADER, *GOOD, "33"], last_end=False)
    with pytest.raises(InputError) as err:
        frequencies(path)
    assert f"Line {len(GOOD) + 2} of end.csv (data row {len(GOOD) + 1}) has 1 fields" in (
        message(err)
    )


def test_line_after_a_quoted_line_break_is_counted_like_pandas(tmp_path):
    lines = [HEADER, GOOD[0], '31,M,"two\nlines"', "32,F,Oslo,extra", *GOOD[1:]]
    path = write(tmp_path / "multi.csv", lines)
    with pytest.raises(pd.errors.ParserError, match="Expected 3 fields in line 4, saw 4"):
        pd.read_csv(path)
    with pytest.raises(InputError) as err:
        frequencies(path)
    assert "Line 4 of multi.csv (data row 3) has 4 fields" in message(err)


def test_release_write_stops_on_a_ragged_row(tmp_path):
    """The frequency table read a good file; the file then changed under the run."""
    path = write(tmp_path / "people.csv", [HEADER, *GOOD])
    source = describe(str(path))
    engine = DuckDBEngine()
    freq = engine.frequencies(source, ["age", "sex"], None, Monitor())
    plan = solve(freq, {}, ProtectionSettings(k=2), Monitor())
    write(path, [HEADER, *GOOD[:9], "30", *GOOD[9:]])
    out = tmp_path / "out.csv"
    with pytest.raises(InputError) as err:
        engine.write_release(source, plan, list(source.columns), str(out), Monitor())
    assert "Line 11 of people.csv (data row 10) has 1 fields" in message(err)
    assert not out.exists()


def test_large_mode_count_and_sample_name_a_ragged_row_past_the_preview(tmp_path):
    rows = [GOOD[i % len(GOOD)] for i in range(12_000)]
    rows[11_000] = "30,F,Oslo,extra"
    path = write(tmp_path / "big.csv", [HEADER, *rows])
    engine, source = DuckDBEngine(), describe(str(path))
    assert len(engine.head(source, 10_000)) == 10_000  # the preview ends before the row
    with pytest.raises(InputError) as err:
        count_rows(engine, source, Monitor())
    assert "Line 11002 of big.csv (data row 11001) has 4 fields" in message(err)
    with pytest.raises(InputError, match=r"Line 11002 of big\.csv"):
        sample_rows(path, 100, 0, Monitor())
    with pytest.raises(InputError, match=r"Line 11002 of big\.csv"):
        open_large(path, Monitor())


def test_cli_protect_duckdb_names_a_short_row(tmp_path, capsys):
    data = write(tmp_path / "short.csv", [HEADER, *GOOD[:6], "33,M", *GOOD[6:]])
    out = tmp_path / "o.csv"
    args = ["protect", str(data), "--qi", "age,sex", "--k", "2", "--engine", "duckdb"]
    assert main([*args, "--out", str(out), "--result", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "Line 8 of short.csv (data row 7) has 2 fields but the header has 3" in err
    assert not out.exists()
