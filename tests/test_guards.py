"""The checks every output passes: verbatim evidence, the numbers' verdict, no pushy phrasing."""

from assistant.guards import (
    contradicts_verdict,
    enforce_numbers,
    locate_verbatim,
    verified_findings,
)
from assistant.rules import load_rulebook
from assistant.schemas import DealFacts, Finding

TEXT = "The dealer said the price is  final. There is a $900 doc fee."


def finding(signal: str, evidence: str, score: float = 0.8, rule_id: str = "") -> Finding:
    return Finding(
        signal=signal, evidence=evidence, rule_id=rule_id or signal, explanation="", score=score
    )


def test_a_quote_is_found_despite_case_and_spacing_and_returned_as_written():
    assert locate_verbatim("the price is final.", TEXT) == "the price is  final."
    assert locate_verbatim("“There is a $900 doc fee.”", TEXT) == "There is a $900 doc fee."


def test_evidence_the_user_never_wrote_is_dropped():
    kept = verified_findings(
        [
            finding("take_it_or_leave_it", "the price is final."),
            finding("hidden_costs", "They added a $2,000 fee."),
        ],
        TEXT,
        load_rulebook(),
    )
    assert [f.signal for f in kept] == ["take_it_or_leave_it"]


def test_unknown_rules_are_dropped_and_the_best_of_duplicates_kept():
    rulebook = load_rulebook()
    kept = verified_findings(
        [
            finding("take_it_or_leave_it", "the price is final.", rule_id="made_up_rule"),
            finding("hidden_costs", "There is a $900 doc fee.", score=0.4),
            finding("hidden_costs", "a $900 doc fee", score=0.9),
        ],
        TEXT,
        rulebook,
    )
    assert [(f.signal, f.evidence) for f in kept] == [("hidden_costs", "a $900 doc fee")]


def test_the_numbers_decide_below_minimum_whatever_a_model_said():
    below = finding("below_minimum", "There is a $900 doc fee.")
    missed = DealFacts(minimum=1000, offer=900)
    met = DealFacts(minimum=800, offer=900)
    assert [f.signal for f in enforce_numbers([], missed, fallback=below)] == ["below_minimum"]
    assert enforce_numbers([below], met, fallback=None) == []
    assert enforce_numbers([below], DealFacts(), fallback=None) == [below]


def test_phrasing_that_pushes_to_accept_is_caught_unless_the_verdict_is_accept():
    assert contradicts_verdict("Honestly, it's a great deal, sign it.", "walk_away")
    assert not contradicts_verdict("Honestly, it's a great deal, sign it.", "accept")
    assert not contradicts_verdict("Step back and ask for a day to think.", "pause")
