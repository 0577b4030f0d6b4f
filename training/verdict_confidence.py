"""Fits the confidence of each basis of the verdict policy on case files (no torch).

    python -m training.verdict_confidence [--cases FILE ...] [--prior-weight 10] [--out PATH]

The policy (assistant/policy.py) decides by the first of its branches that applies; each
branch is a basis. A basis's confidence is the share of its verdicts a case's writer
accepted, drawn towards its hand value (`policy.HAND_CONFIDENCE`) by `--prior-weight`
cases, so that a basis seen a few times keeps most of its prior.

Fit it on cases by other hands that the engine was never fitted to. On the blind sets the
engine's authors read, verdicts are right more often than on text nobody here has seen
(0.74 against 0.58-0.73 in the twenty-eighth session), so confidences fitted there are
too sure of themselves on a user's deal. Run it again after any change that moves a
verdict, on cases the engine was never fitted to. The default was critique 39 + 40 from the
thirty-second session (critique 23-29, the default before, had become case-head bags; on
critique 41 + 42 the error went 0.116 -> 0.045). Since the thirty-fifth session it is
critique 41, 42 and 45-48 (600 cases that judged only candidates never shipped, or were
only measured; 43 + 44 judged U2, which shipped): on critique 49 + 50, written after and
never fitted to, verdict calibration error 0.138 -> 0.076.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from assistant.config import EVALS_DIR
from assistant.policy import CONFIDENCE_FILE, HAND_CONFIDENCE
from assistant.runtime import Runtime
from evals.cases import CritiqueCase
from evals.harness import critique_case
from training.corpus import load_critique_cases

DEFAULT_CASES = [EVALS_DIR / "blind" / f"critique{n}.jsonl" for n in (41, 42, 45, 46, 47, 48)]


def fitted_confidence(tallies: dict[str, Counter], prior_weight: float) -> dict[str, float]:
    """Each basis's share right, drawn towards its hand value by `prior_weight` cases."""
    return {
        basis: round(
            (tallies.get(basis, Counter())["right"] + prior_weight * prior)
            / (tallies.get(basis, Counter())["seen"] + prior_weight),
            2,
        )
        for basis, prior in HAND_CONFIDENCE.items()
    }


def tally(runtime: Runtime, cases: list[CritiqueCase]) -> dict[str, Counter]:
    """How often each basis decided a case with an expected verdict, and was right."""
    tallies: dict[str, Counter] = {}
    for case in cases:
        if not case.verdict:
            continue
        result = critique_case(runtime, case, "offline")
        if result is None:
            continue
        counter = tallies.setdefault(result.basis, Counter())
        counter.update(seen=1, right=int(result.verdict in case.verdict))
    return tallies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, nargs="+", default=DEFAULT_CASES)
    parser.add_argument("--prior-weight", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=CONFIDENCE_FILE)
    args = parser.parse_args(argv)
    cases = load_critique_cases(args.cases)
    runtime = Runtime()
    tallies = tally(runtime, cases)
    unknown = sorted(tallies.keys() - HAND_CONFIDENCE.keys())
    if unknown:
        raise SystemExit(f"bases the policy does not name: {unknown}")
    confidence = fitted_confidence(tallies, args.prior_weight)
    args.out.write_text(
        json.dumps(
            {
                "confidence": confidence,
                "fitted_on": [path.name for path in args.cases],
                "prior_weight": args.prior_weight,
                "reader": runtime.get_tagger().weights.digest,
                "counts": {
                    basis: {"seen": c["seen"], "right": c["right"]}
                    for basis, c in sorted(tallies.items())
                },
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    for basis, value in confidence.items():
        counts = tallies.get(basis, Counter())
        print(
            f"{basis:28} {counts['right']:4d}/{counts['seen']:<4d} "
            f"hand {HAND_CONFIDENCE[basis]:.2f} -> {value:.2f}"
        )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
