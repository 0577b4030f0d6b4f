import json
from collections import Counter
from pathlib import Path

import pytest

from assistant import policy
from assistant.critique import critique
from assistant.runtime import Runtime
from evals.cases import parse_cases
from training.verdict_confidence import fitted_confidence, main, tally


def test_a_basis_seen_often_takes_the_share_it_got_right() -> None:
    fitted = fitted_confidence({"intimidation": Counter(seen=990, right=495)}, prior_weight=10)

    assert fitted["intimidation"] == pytest.approx((495 + 10 * 0.93) / 1000, abs=0.005)


def test_a_basis_never_seen_keeps_its_hand_value() -> None:
    fitted = fitted_confidence({}, prior_weight=10)

    assert fitted == {basis: round(value, 2) for basis, value in policy.HAND_CONFIDENCE.items()}


def test_the_shipped_file_gives_every_basis_a_probability() -> None:
    confidence = policy.verdict_confidence()

    assert confidence.keys() == policy.HAND_CONFIDENCE.keys()
    assert all(0 < value < 1 for value in confidence.values())


def test_the_shipped_confidences_were_fitted_on_the_reader_that_ships(runtime: Runtime) -> None:
    # A new reader moves verdicts between bases; its confidences must be fitted again.
    shipped = json.loads(policy.CONFIDENCE_FILE.read_text(encoding="utf-8"))

    assert shipped["reader"] == runtime.get_tagger().weights.digest


def test_a_confidence_file_missing_a_basis_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = tmp_path / "verdict_confidence.json"
    partial.write_text(json.dumps({"confidence": {"intimidation": 0.9}}))
    monkeypatch.setattr(policy, "CONFIDENCE_FILE", partial)
    policy.verdict_confidence.cache_clear()
    try:
        with pytest.raises(ValueError, match="no confidence for"):
            policy.verdict_confidence()
    finally:
        policy.verdict_confidence.cache_clear()


def test_a_critique_is_shown_with_the_confidence_of_the_basis_that_decided(
    runtime: Runtime,
) -> None:
    result = critique(
        runtime, "The landlord said I'd regret it if I didn't sign today, and that he knows people."
    )

    assert result.basis in policy.HAND_CONFIDENCE
    assert result.confidence == policy.verdict_confidence()[result.basis]


def test_the_tally_counts_each_basis_and_its_verdicts_that_a_writer_accepted(
    runtime: Runtime,
) -> None:
    cases = parse_cases(
        "\n".join(
            json.dumps(case)
            for case in [
                {
                    "id": "a",
                    "task": "critique",
                    "text": "He said I'd regret it if I didn't sign, "
                    "and that he knows where I live.",
                    "signals": ["intimidation"],
                    "verdict": ["walk_away"],
                },
                {
                    "id": "b",
                    "task": "critique",
                    "text": "He said I'd regret it if I didn't sign, "
                    "and that he knows where I live.",
                    "signals": ["intimidation"],
                    "verdict": ["accept"],
                },
                {"id": "c", "task": "critique", "text": "No verdict expected here.", "signals": []},
            ]
        ),  # fmt: skip
        "inline",
    ).cases

    tallies = tally(runtime, cases)  # type: ignore[arg-type]

    assert sum(c["seen"] for c in tallies.values()) == 2
    assert sum(c["right"] for c in tallies.values()) == 1


def test_the_command_writes_a_file_the_policy_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps(
            {
                "id": "a",
                "task": "critique",
                "text": "They offered 900 and my minimum is 1,200.",
                "signals": ["below_minimum"],
                "verdict": ["walk_away", "negotiate"],
            }
        )  # fmt: skip
        + "\n"
    )
    out = tmp_path / "verdict_confidence.json"

    assert main(["--cases", str(cases), "--out", str(out)]) == 0

    written = json.loads(out.read_text())
    assert written["fitted_on"] == ["cases.jsonl"]
    assert sum(c["seen"] for c in written["counts"].values()) == 1
    monkeypatch.setattr(policy, "CONFIDENCE_FILE", out)
    policy.verdict_confidence.cache_clear()
    try:
        assert policy.verdict_confidence().keys() == policy.HAND_CONFIDENCE.keys()
    finally:
        policy.verdict_confidence.cache_clear()
