"""False alarms and power of the membership and attribute lights, per table size (issue 13).

    python benchmarks/lights.py [--trials 400] [--seed 0] [--families]

Membership: four attacks on n members and n non-members, scored by core.metrics.roc and judged
by core.report.verdict.membership. "False alarm": pure noise lit MODERATE or worse (anywhere in
the light's range). "Found": a leak of true advantage a planted in one attack lit MODERATE or
worse; "too few" counts the noise runs that said "too few records" instead of a colour.
The same noise with the six attacks of today (DOMIAS and TAPAS added).
Reconstruction: 8 columns on n members and n controls, each recovered with its own chance for
everyone (noise), or the first also for 10 % / 30 % of members (a leak), judged by
core.report.verdict.reconstruction.
Attribute: one attack on n members and n controls (4 values, the most common 40 %), judged by
core.report.verdict.attribute: at the guess (always the most common value) and learning the
true value of 10 % / 30 % of members.
Model extraction: a target answering at random and a copy that learned nothing (it answers
1 with a fixed share, independently of the target), at the largest pool budget of a small,
medium and large table (held-out rows as the attack takes them); fidelities summarized by the
attack's own functions into the copy gain the light reads. Also real copies (a small forest)
of a random model at small sizes. Property inference: the game played on look-alike models
whose outputs carry no trace of the share, for 16…48 models (what the time budget allows),
judged by the light and, for comparison, by the game's Wilson interval it no longer uses.
Both: pure noise only (false alarms).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZES = (250, 500, 1000, 2000, 5000)
LEAKS = (0.05, 0.1, 0.2)
GAINS = (0.1, 0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--families", action="store_true", help="only extraction and property")
    args = parser.parse_args()
    import numpy as np

    from core.report import Level
    from tests.core.report.simulate import (
        ALL_MEMBERSHIP_ATTACKS,
        attribute_light,
        membership_light,
        reconstruction_light,
    )

    def lit(light) -> bool:
        return any(x in (Level.MODERATE, Level.HIGH) for x in (light.level, light.highest))

    rng = np.random.default_rng(args.seed)
    if args.families:
        family_lights(args.trials, rng, lit)
        return
    head = " ".join(f"found@{a:<5}" for a in LEAKS)
    print(f"membership light, {args.trials} noise trials and {args.trials // 4} per leak")
    print(f"{'n/side':>7} {'false alarm':>11} {'too few':>8} {head}  seconds")
    for n in SIZES:
        start = time.perf_counter()
        noise = [membership_light(n, rng, n_bootstrap=10) for _ in range(args.trials)]
        few = sum(light.level is Level.TOO_FEW for light in noise) / len(noise)
        found = [
            sum(
                lit(membership_light(n, rng, leak=a, n_bootstrap=50))
                for _ in range(args.trials // 4)
            )
            / (args.trials // 4)
            for a in LEAKS
        ]
        cells = " ".join(f"{f:>11.1%}" for f in found)
        rate = sum(map(lit, noise)) / len(noise)
        print(f"{n:>7} {rate:>11.1%} {few:>8.1%} {cells}  {time.perf_counter() - start:.1f}")
    print(f"\nmembership light with DOMIAS and TAPAS (six attacks), {args.trials} noise trials")
    for n in SIZES:
        noise = [
            membership_light(n, rng, n_bootstrap=10, attacks=ALL_MEMBERSHIP_ATTACKS)
            for _ in range(args.trials)
        ]
        print(f"{n:>7} false alarm {sum(map(lit, noise)) / len(noise):>6.1%}")
    print(
        f"\nreconstruction light (8 columns), {args.trials} noise trials, {args.trials // 4} leaks"
    )
    print(f"{'n/side':>7} {'noise':>7} " + " ".join(f"gain {g:<6}" for g in GAINS))
    for n in SIZES:
        rate = sum(lit(reconstruction_light(n, rng)) for _ in range(args.trials)) / args.trials
        found = [
            sum(lit(reconstruction_light(n, rng, gain=g)) for _ in range(args.trials // 4))
            / (args.trials // 4)
            for g in GAINS
        ]
        print(f"{n:>7} {rate:>7.1%} " + " ".join(f"{f:>10.1%}" for f in found))
    print(f"\nattribute light, {args.trials // 2} trials each")
    print(f"{'n/side':>7} {'at guess':>9} {'below':>7} " + " ".join(f"gain {g:<6}" for g in GAINS))
    for n in SIZES:
        trials = args.trials // 2
        rates = [
            sum(lit(attribute_light(n, rng, gain=g)) for _ in range(trials)) / trials
            for g in (0.0, -1.0, *GAINS)
        ]
        print(
            f"{n:>7} {rates[0]:>9.1%} {rates[1]:>7.1%} "
            + " ".join(f"{r:>10.1%}" for r in rates[2:])
        )
    family_lights(args.trials, rng, lit)


EXTRACTION_SIZES = (50, 1000, 10000)  # the largest pool budget: small, medium, large tables
TARGET_SHARES = (0.05, 0.3, 0.5)  # how often the target answers its rarer label


def family_lights(trials: int, rng, lit) -> None:
    """False alarms of the model-extraction and property-inference lights on pure noise."""
    from core.report.family_lights import property_light
    from tests.core.report.simulate_families import (
        COPY_SHARES,
        extraction_noise_light,
        extraction_noise_lights,
        property_noise_section,
    )

    runs = max(trials, 500)
    print(f"\nmodel-extraction light, {runs} noise trials per cell (copy learned nothing)")
    print(f"{'queries':>8} {'target 1s':>9} " + " ".join(f"copy {c:<5}" for c in COPY_SHARES))
    for n in EXTRACTION_SIZES:
        for share in TARGET_SHARES:
            rates = [
                sum(map(lit, extraction_noise_lights(n, runs, rng, share=share, copy_share=c)))
                / runs
                for c in COPY_SHARES
            ]
            print(f"{n:>8} {share:>9} " + " ".join(f"{r:>10.1%}" for r in rates))
    print(f"\nmodel-extraction light, real copies (a forest) of a random model, {trials // 4} each")
    for n in (50, 250, 1000):
        hits = [lit(extraction_noise_light(n, rng)) for _ in range(trials // 4)]
        print(f"{n:>8} false alarm {sum(hits) / len(hits):>6.1%}")
    print(f"\nproperty-inference light, {runs} noise trials")
    print(f"{'models':>7} {'false alarm':>11} {'with the Wilson interval':>25}")
    for models in (16, 24, 32, 48):
        games = [property_noise_section(models, rng) for _ in range(runs)]
        rate = sum(lit(property_light({"after": {"property": g}})) for g in games) / runs
        wilson = sum(g["game"]["interval"][0] > 0.5 for g in games) / runs
        print(f"{models:>7} {rate:>11.1%} {wilson:>25.1%}")


if __name__ == "__main__":
    main()
