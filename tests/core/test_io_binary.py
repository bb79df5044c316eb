"""A binary column (a Parquet BLOB: photos, scanned files) is never garbled: text stored as
bytes reads as text, real binary data as hexadecimal (0x…) with a warning naming the column,
and the in-memory path and the DuckDB engine release the same cells."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from app.cli import main
from core.io import load_table

ROWS = 120


@pytest.fixture(scope="module")
def blob_parquet(tmp_path_factory):
    rng = np.random.default_rng(3)
    photos = [bytes(rng.integers(0, 256, 6).astype("uint8")) for _ in range(ROWS)]
    photos[5] = None
    table = pa.table({
        "age": pa.array(rng.integers(20, 80, ROWS)),
        "sex": pa.array(rng.choice(["F", "M"], ROWS)),
        "photo": pa.array(photos, type=pa.binary()),
        "note": pa.array([f"née {i % 4}".encode() for i in range(ROWS)], type=pa.binary()),
    })  # fmt: skip
    path = tmp_path_factory.mktemp("blob") / "scans.parquet"
    pq.write_table(table, path)
    return path, photos


def test_binary_cells_read_as_hexadecimal_and_text_bytes_as_text(blob_parquet):
    path, photos = blob_parquet
    loaded = load_table(path)
    photo = loaded.frame["photo"]
    assert photo[0] == "0x" + photos[0].hex() and pd.isna(photo[5])
    assert all(bytes.fromhex(v[2:]) == p for v, p in zip(photo, photos, strict=True) if p)
    assert loaded.frame["note"][1] == "née 1"
    told = [w for w in loaded.warnings if "binary data" in w]
    assert len(told) == 1 and "'photo'" in told[0]


def test_pandas_and_duckdb_release_the_same_binary_cells(blob_parquet, tmp_path):
    path, _ = blob_parquet
    out = {}
    for engine in ("pandas", "duckdb"):
        target = tmp_path / f"{engine}.csv"
        args = ["protect", str(path), "--qi", "age,sex", "--k", "2", "--keep", "photo,note"]
        args += ["--out", str(target), "--result", str(tmp_path / engine), "--accept-risk"]
        assert main([*args, "--engine", engine]) == 0
        out[engine] = pd.read_csv(target, keep_default_na=False).sort_values(["photo", "age"])
    pd.testing.assert_frame_equal(
        out["pandas"].reset_index(drop=True), out["duckdb"].reset_index(drop=True)
    )
    assert out["duckdb"]["photo"].str.match(r"^(0x[0-9a-f]{12})?$").all()
    assert set(out["duckdb"]["note"]) == {"née 0", "née 1", "née 2", "née 3"}
