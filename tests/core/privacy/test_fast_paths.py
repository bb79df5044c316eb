"""The short cuts of the fixed costs and of the per-node hot path change nothing: on Adult
(cases a, b, c0 and e of the ARX benchmark) and on a hostile table the release, the
transformation, the losses and the suppressed counts equal those of an independent pandas
reference and of a run that caches nothing; the hashed pre-check never claims a violation
that exact grouping does not confirm."""

import math

import numpy as np
import pandas as pd
import pytest

from core import colcache
from core.hierarchy import Hierarchy
from core.hierarchy.keys import MISSING
from core.privacy import anonymize
from core.privacy.encoding import encode
from core.privacy.evaluator import Evaluator
from core.privacy.lattice import Lattice
from core.privacy.models import Models
from core.privacy.release import text_column
from core.settings import ProtectionSettings
from tests.core.privacy import reference as ref

COLUMNS = [
    "sex", "age", "race", "marital-status", "education",
    "native-country", "workclass", "occupation", "salary-class",
]  # fmt: skip
# the cases of benchmarks/anonymization.py: (settings, sensitive column); QIs = the others
CASES = {
    "a": (dict(k=5), None),
    "b": (dict(k=5, suppression=0.05), None),
    "c0": (dict(k=10, l=2), "salary-class"),
    "e": (dict(k=5, t=0.2, suppression=0.05), "salary-class"),
}


@pytest.fixture(scope="module")
def adult(adult_frame, adult_hierarchy_files):
    frame = adult_frame.sample(6000, random_state=11).reset_index(drop=True)
    hier = {c: Hierarchy.from_arx_csv(adult_hierarchy_files[c]) for c in COLUMNS}
    return frame, hier


def _hostile() -> tuple[pd.DataFrame, dict[str, Hierarchy]]:
    """Missing cells, a one-value column, labels that look alike, numbers stored as text."""
    rng = np.random.default_rng(23)
    n = 2500
    city = rng.choice(["Lyon", "lyon", "Lyon ", "Nice", None], n)
    zip_text = rng.choice(["01000", "1000", "01001", "69001", "69002", "06000"], n)
    score = rng.integers(0, 30, n).astype(float)
    score[rng.random(n) < 0.04] = np.nan
    frame = pd.DataFrame({
        "city": pd.array(city, dtype="str"),
        "zip": pd.array(zip_text, dtype="str"),
        "flat": pd.array(["same"] * n, dtype="str"),
        "score": score,
        "diagnosis": pd.array(rng.choice(["flu", "cold", "covid", "none"], n), dtype="str"),
        "note": np.arange(n),
    })  # fmt: skip
    hier = {
        "city": Hierarchy([["Lyon", "L", "*"], ["lyon", "L", "*"], ["Lyon ", "L", "*"],
                           ["Nice", "N", "*"]]),
        "zip": Hierarchy([[z, z[:2] if len(z) == 5 else "?", "*"]
                          for z in ["01000", "1000", "01001", "69001", "69002", "06000"]]),
        "flat": Hierarchy([["same", "*"]]),
        "score": Hierarchy([[str(v), f"{v // 10 * 10}-{v // 10 * 10 + 9}", "*"]
                            for v in range(30)]),
    }  # fmt: skip
    return frame, hier


def _uncached(monkeypatch, run):
    with monkeypatch.context() as m:
        m.setattr(colcache, "arrow_array", lambda series: None)  # nothing reused
        return run()


def _check_against_reference(frame, qis, hier, kw, sensitive, result) -> None:
    """The release, suppressed count and losses of ``result`` from the pandas reference."""
    node = dict(result.transformation)
    models = dict(kw, distance="equal")
    # a missing cell is a value of its own for Veil; pandas' groupby would drop it
    filled = frame.astype({q: object for q in qis}).fillna({q: MISSING for q in qis})
    hier = {q: h.with_missing() if (filled[q] == MISSING).any() else h for q, h in hier.items()}
    suppressed, sizes, gen = ref.evaluate(filled, qis, hier, node, models, sensitive)
    assert result.suppressed_records == int(suppressed.sum())
    limit = math.floor(kw.get("suppression", 0.0) * len(frame) + 1e-9)
    assert result.suppressed_records <= limit
    expected = frame.loc[~suppressed].copy()
    for q in qis:
        if node[q] > 0:
            expected[q] = pd.array(gen.loc[~suppressed, q].to_numpy(), dtype="str")
    pd.testing.assert_frame_equal(result.data, expected, check_exact=True)
    for q in qis:  # a QI left at level 0 keeps its dtype; a generalized one is text
        want = frame[q].dtype if node[q] == 0 else pd.StringDtype("pyarrow", na_value=np.nan)
        assert result.data[q].dtype == want
    scores = ref.score(filled, qis, hier, node, suppressed, sizes, gen)
    for metric, value in scores.items():
        assert result.info_loss[metric] == pytest.approx(value, rel=1e-9), metric


@pytest.mark.parametrize("case", list(CASES))
def test_adult_cases_release_what_the_reference_releases(adult, case, monkeypatch):
    frame, hierarchies = adult
    kw, sensitive = CASES[case]
    qis = [c for c in COLUMNS if c != sensitive]
    given = {q: hierarchies[q] for q in qis}
    settings = ProtectionSettings(**kw)

    def run():
        return anonymize(frame, qis=qis, sensitive=sensitive, hierarchies=given, settings=settings)

    colcache.clear()
    fresh = _uncached(monkeypatch, run)
    first, second = run(), run()  # the second reuses every cached coding
    for got in (first, second):
        assert got.transformation == fresh.transformation
        assert got.info_loss == fresh.info_loss
        assert got.suppressed_records == fresh.suppressed_records
        pd.testing.assert_frame_equal(got.data, fresh.data, check_exact=True)
    _check_against_reference(frame, qis, given, kw, sensitive, second)


@pytest.mark.parametrize(
    ("kw", "sensitive"),
    [(dict(k=3), None), (dict(k=4, suppression=0.05), None),
     (dict(k=3, l=2), "diagnosis"), (dict(k=2, t=0.3, suppression=0.05), "diagnosis")],
)  # fmt: skip
def test_hostile_table_releases_what_the_reference_releases(kw, sensitive, monkeypatch):
    frame, hier = _hostile()
    qis = list(hier)
    settings = ProtectionSettings(**kw)
    before = frame.copy()

    def run():
        return anonymize(frame, qis=qis, sensitive=sensitive, hierarchies=hier, settings=settings)

    colcache.clear()
    fresh = _uncached(monkeypatch, run)
    again = run()
    again = run()
    pd.testing.assert_frame_equal(frame, before)  # the input is never modified
    assert again.transformation == fresh.transformation
    assert again.info_loss == fresh.info_loss
    pd.testing.assert_frame_equal(again.data, fresh.data, check_exact=True)
    _check_against_reference(frame, qis, hier, kw, sensitive, again)


def _exact_suppressed(groups, k: int) -> int:
    sizes = groups.sizes
    return int(sizes.sum(where=sizes < k))


@pytest.mark.parametrize("which", ["adult", "hostile"])
def test_hashed_precheck_never_claims_what_grouping_denies(adult, which):
    """``certainly_over`` is a proof: wherever it says the small classes hold more than the
    limit, exact grouping agrees; on dense nodes it is exact."""
    if which == "adult":
        frame, hier = adult
        qis = COLUMNS
    else:
        frame, hier = _hostile()
        qis = ["city", "zip", "flat", "score"]
    enc = encode(frame, qis, hier, None)
    models = Models(k=5, l=None, l_variant="distinct", c=3.0, t=None, limit=0, distance=None,
                    n_sensitive=0)  # fmt: skip
    ev = Evaluator(enc, models, None, "loss")
    lattice = Lattice(enc.depths)
    rng = np.random.default_rng(5)
    nodes = [lattice.bottom, *(lattice.node(int(x)) for x in rng.integers(0, lattice.size, 60))]
    proved = 0
    for node in nodes:
        for k, limit in ((2, 0), (5, 0), (5, 30), (10, 200)):
            hashed = ev.groups(node, source=enc.base)
            over = hashed.certainly_over(k, limit)
            exact = _exact_suppressed(ev.groups(node, source=enc.base), k)
            if over:
                assert exact > limit, (node, k, limit)
                proved += 1
            if hashed.dense:
                assert over == (exact > limit)
            elif hashed.estimated_classes is not None:
                classes = ev.groups(node, source=enc.base).n_classes
                # a heuristic for caching only, but of the right size
                assert classes / 2 - 20 <= hashed.estimated_classes <= 2 * classes + 20
    assert proved > 0  # the pre-check does prove violations on these tables


@pytest.mark.parametrize(
    "values",
    [np.array([-128, 127, 0, -128, 5], dtype=np.int8),
     np.array([2**64 - 1, 2**64 - 3, 2**64 - 1], dtype=np.uint64),
     np.array([-(2**63), -(2**63) + 2, 7 - 2**63], dtype=np.int64),
     np.array([17, 90, 39, 39, 17], dtype=np.int64),
     np.array([0, 10**12, 3], dtype=np.int64)],  # too wide to count: hashed
)  # fmt: skip
def test_integer_columns_are_coded_like_their_text(values):
    """Small-range integer columns are coded by counting; every record still lands on the
    hierarchy row of its own value."""
    distinct = sorted({int(v) for v in values})
    hier = Hierarchy([[str(v), "*"] for v in reversed(distinct)])
    frame = pd.DataFrame({"x": values})
    enc = encode(frame, ["x"], {"x": hier}, None)
    expected = hier.index_of([str(int(v)) for v in values])
    np.testing.assert_array_equal(enc.leaf_rows[0], expected)
    assert enc.base.counts.sum() == len(values)
    assert len(enc.base) == len(distinct)


@pytest.mark.parametrize("labels", [["*"], ["Europe (all)", "Europe (all)"], [""], ["€uro"]])
def test_a_column_of_one_label_is_built_like_any_other(labels):
    """A level with a single label (the top, say) is written in one go, with the values and
    the Arrow type of the general path."""
    index = pd.RangeIndex(7, 107)
    codes = np.arange(100, dtype=np.int32) % len(labels)
    got = text_column(codes, np.array(labels, dtype=object), index)
    want = pd.Series([labels[0]] * 100, index=index, dtype="str")
    pd.testing.assert_series_equal(got, want, check_exact=True)
    assert got.array._pa_array.type == want.array._pa_array.type
    assert got.isna().sum() == 0


def test_loss_bounds_are_the_per_node_formula_bit_for_bit(adult):
    """The loss bound of every node, gathered from per-level logarithms, is exactly ARX's
    geometric mean computed node by node (the search orders and prunes by it, and reports it
    as the loss when nothing is suppressed)."""
    from core.privacy.metrics import MetricBook

    frame, hier = adult
    qis = [c for c in COLUMNS if c != "salary-class"]
    enc = encode(frame, qis, hier, None)
    book = MetricBook(enc)
    levels = Lattice(enc.depths).levels
    per_qi = np.stack(
        [book._normalize_loss(q, book.share_sum[q][levels[:, q]]) for q in range(len(qis))],
        axis=1,
    )
    expected = MetricBook.aggregate_loss(per_qi)
    np.testing.assert_array_equal(book.bounds("loss", levels, max_classes=len(enc.base)), expected)
