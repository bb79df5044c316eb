"""`veil-cli protect` with the optimal search reads text columns in the pieces pyarrow parsed
(no contiguous copy): the release and the summary are those of contiguous columns."""

import json

import pytest

import core.io
import core.io.arrowcsv as arrowcsv
import core.io.loader as loader
from app.cli import main

pytest.importorskip("pyarrow")
QIS = ["sex", "age", "race", "marital-status", "education", "workclass"]


def _run(adult_csv, hierarchy_files, folder, extra, monkeypatch, *, contiguous: bool | None):
    """(release bytes, summary without its time, the loaded frame)."""
    loaded = []
    real = core.io.load_table

    def spy(*args, **kwargs):
        if contiguous is not None:
            kwargs["contiguous"] = contiguous
        loaded.append(real(*args, **kwargs))
        return loaded[-1]

    monkeypatch.setattr(core.io, "load_table", spy)
    folder.mkdir()
    hier = [f"--hierarchy={c}={hierarchy_files[c]}" for c in QIS]
    args = ["protect", str(adult_csv), "--qi", ",".join(QIS), *hier, *extra, "--accept-risk",
            "--out", str(folder / "out.csv"), "--result", str(folder / "result.json")]  # fmt: skip
    assert main(args) == 0
    summary = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    summary.pop("elapsed_seconds")
    return (folder / "out.csv").read_bytes(), summary, loaded[0].frame


@pytest.mark.parametrize(
    "extra",
    [
        ["--k", "5"],
        ["--k", "5", "--suppression", "0.05"],
        ["--k", "5", "--l", "2", "--sensitive", "occupation", "--suppression", "0.05"],
    ],
    ids=["k5", "k5-5%", "l2-5%"],
)
def test_a_release_from_pieces_is_the_release_from_contiguous_columns(
    adult_csv, adult_hierarchy_files, tmp_path, monkeypatch, extra
):
    monkeypatch.setattr(arrowcsv, "_block_size", lambda path: 1 << 16)  # many pieces
    monkeypatch.setattr(arrowcsv, "SEED_ROWS", 0)  # codes kept, as on a long table
    monkeypatch.setattr(loader, "PARALLEL_ROWS", 0)
    pieces = _run(adult_csv, adult_hierarchy_files, tmp_path / "p", extra, monkeypatch,
                  contiguous=None)  # fmt: skip
    whole = _run(adult_csv, adult_hierarchy_files, tmp_path / "w", extra, monkeypatch,
                 contiguous=True)  # fmt: skip
    assert pieces[2]["occupation"].array._pa_array.num_chunks > 1  # as the CLI reads it
    assert whole[2]["occupation"].array._pa_array.num_chunks == 1
    assert pieces[0] == whole[0]
    assert pieces[1] == whole[1]
