"""DOMIAS and TAPAS on real Adult records: a fake "synthetic" table that plants copies of its
training rows is caught; an independent sample is at chance; same seed, same figures."""

import numpy as np
import pandas as pd
import pytest

from core.attacks.membership import MembershipData, domias_scores, membership_result, tapas_scores
from core.jobs import null_monitor
from core.model.space import FeatureSpace, ReleaseLink

N = 2000  # members evaluated, controls, and the attacker's pool (each)


@pytest.fixture(scope="module")
def parts(adult_full_csv):
    """Disjoint members (2N), controls (N), attacker pool (N) and an outside table (2N)."""
    frame = pd.read_csv(adult_full_csv).sample(6 * N, random_state=0)
    members, rest = frame.iloc[: 2 * N], frame.iloc[2 * N :]
    return members, rest.iloc[:N], rest.iloc[N : 2 * N], rest.iloc[2 * N :]


def planting(outside: pd.DataFrame):
    """A fake generator: half of its output copies its input rows, half is drawn from
    ``outside`` (people it never saw)."""

    def generate(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        copies = frame.sample(len(frame) // 2, random_state=seed)
        fresh = outside.iloc[rng.choice(len(outside), len(frame) - len(copies), replace=False)]
        return pd.concat([copies, fresh]).reset_index(drop=True)

    return generate


def independent(outside: pd.DataFrame):
    """A fake generator whose output never depends on its input."""

    def generate(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
        return outside.sample(len(frame), random_state=seed).reset_index(drop=True)

    return generate


def auc_ci(scores, rows):
    res = membership_result("x", *scores, rows, rng=np.random.default_rng(0))
    return res.auc, res.auc_ci


def run(parts, make, attack, seed=0):
    members, controls, pool, outside = parts
    generate = make(outside)
    release = generate(members, seed + 99)
    targets = (members.iloc[:N], controls)
    columns = list(members.columns)
    if attack == "domias":
        space = FeatureSpace.fit(release, columns, members=members)
        data = MembershipData(*targets, pool)
        return domias_scores(release, space, data, monitor=null_monitor())
    return tapas_scores(
        release, members, targets, pool, generate, link=ReleaseLink(), columns=columns,
        bounds={}, seed=seed, monitor=null_monitor(),
    )  # fmt: skip


@pytest.mark.parametrize("attack", ["domias", "tapas"])
def test_finds_planted_copies_of_training_rows(parts, attack):
    auc, (lo, _) = auc_ci(run(parts, planting, attack), parts[0].index[:N])
    assert lo > 0.5, (attack, auc)


@pytest.mark.parametrize("attack", ["domias", "tapas"])
def test_an_independent_sample_is_at_chance(parts, attack):
    auc, (lo, hi) = auc_ci(run(parts, independent, attack), parts[0].index[:N])
    assert lo <= 0.5 <= hi, (attack, auc)


@pytest.mark.parametrize("attack", ["domias", "tapas"])
def test_same_seed_same_scores(parts, attack):
    first, again = run(parts, planting, attack), run(parts, planting, attack)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)


def test_tapas_on_an_empty_output_still_scores_every_record(parts):
    members, controls, pool, _ = parts
    scores = tapas_scores(
        members.iloc[:0], members, (members.iloc[:50], controls.iloc[:50]), pool.iloc[:200],
        lambda frame, seed: frame.iloc[:0], link=ReleaseLink(), columns=list(members.columns),
        bounds={}, seed=0, monitor=null_monitor(),
    )  # fmt: skip
    assert [len(s) for s in scores] == [50, 50]
