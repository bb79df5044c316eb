"""Monitor, result serialization, settings validation and atomic, formula-safe export."""

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core import export
from core.errors import ConfigError, JobCancelled, ValidationError
from core.export import neutralize_formulas, write_table
from core.io.writable import OutputError
from core.jobs import Monitor
from core.results import ResultMixin, not_serialized
from core.settings import AssessmentSettings, ProtectionSettings


def test_monitor_maps_sub_ranges_and_cancels_children():
    seen = []
    m = Monitor(lambda f, msg: seen.append((round(f, 3), msg)))
    child = m.sub(0.5, 1.0).sub(0.0, 0.5)
    child.progress(0.5, "half of a quarter")
    assert seen == [(0.625, "half of a quarter")]
    m.cancel()
    with pytest.raises(JobCancelled):
        child.progress(1.0)


def test_to_dict_is_json_ready_and_skips_heavy_fields():
    @dataclass(frozen=True)
    class R(ResultMixin):
        data: object = not_serialized(default=None)
        x: float = math.inf
        n: int = 3
        arr: np.ndarray = None

    d = R(data=pd.DataFrame({"a": [1]}), arr=np.array([0.5, np.nan])).to_dict()
    assert d == {"x": "inf", "n": 3, "arr": [0.5, None]}
    json.dumps(d)


def test_settings_reject_bad_values_and_unknown_keys():
    with pytest.raises(ConfigError, match=r"t must be a number above 0 and at most 1, not 1\.5"):
        ProtectionSettings(t=1.5)
    with pytest.raises(ConfigError, match="Unknown key"):
        ProtectionSettings.from_dict({"k": 5, "kk": 2})
    s = ProtectionSettings(method="dp-noise", epsilon=math.inf, bounds={"age": (0, 120)})
    assert ProtectionSettings.from_dict(s.to_dict()) == s
    a = AssessmentSettings(target="income")
    assert AssessmentSettings.from_dict(a.to_dict()) == a


def test_bounds_are_numbers_or_iso_dates_read_as_fractional_years():
    bounds = {"dob": ("1900-01-01", "2024-12-31"), "age": (0, 120)}
    s = ProtectionSettings(method="dp-noise", epsilon=1.0, bounds=bounds)
    assert s.bounds["dob"] == (1900.0, 2024 + 365 / 365.25) and s.bounds["age"] == (0.0, 120.0)
    assert ProtectionSettings.from_dict(s.to_dict()) == s
    from_file = ProtectionSettings.from_dict({"bounds": {"dob": ["1900-01-01", "2024-12-31"]}})
    assert from_file.bounds == {"dob": s.bounds["dob"]}
    for bad in [("1900-01-01", "soon"), (0, math.inf), (0, math.nan), (True, 5), (1,), 7]:
        with pytest.raises(ConfigError, match="Cannot read the bounds of column 'x'"):
            ProtectionSettings(bounds={"x": bad})
    with pytest.raises(ConfigError, match="low < high"):
        ProtectionSettings(bounds={"x": ("2024-12-31", "1900-01-01")})


def test_formula_cells_are_neutralized_but_numbers_stay(tmp_path):
    df = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "Ann", "-2+3", None], "n": [-1, 2, 3, 4]})
    safe = neutralize_formulas(df)
    assert safe["name"].tolist()[:3] == ["'=cmd|' /C calc'!A0", "Ann", "'-2+3"]
    assert safe["n"].tolist() == [-1, 2, 3, 4]
    out = write_table(df, tmp_path / "out.csv")
    assert "'=cmd" in out.read_text()


def test_write_is_atomic_and_never_over_the_input(tmp_path, monkeypatch):
    src = tmp_path / "in.csv"
    src.write_text("a\n1\n")
    with pytest.raises(ValidationError, match="input file"):
        write_table(pd.DataFrame({"a": [2]}), src, inputs=(src,))
    assert src.read_text() == "a\n1\n"

    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def half_write(frame, path):
        Path(path).write_text("partial")
        raise OSError("disk full")

    monkeypatch.setitem(export._WRITERS, "csv", half_write)
    with pytest.raises(OutputError, match="disk full"):
        write_table(pd.DataFrame({"x": [1]}), target)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_exports_get_ordinary_file_permissions(tmp_path):
    import os

    out = write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_error_text_separates_a_quoted_library_message_from_the_hint():
    from core.errors import InputError

    err = InputError("x.xlsx could not be read as Excel: File is not a zip file", hint="Check it.")
    assert str(err) == "x.xlsx could not be read as Excel: File is not a zip file. Check it."
    assert str(InputError("Empty.", hint="Add rows.")) == "Empty. Add rows."
    assert str(InputError("Empty.")) == "Empty."
