"""The verdict, in code: signals and facts in, a verdict and a confidence out.

A model may find signals and phrase advice; it never picks the verdict. The order of
the rules below is the policy: the first that applies decides.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from assistant.facts import offer_misses_limit
from assistant.rules import load_rulebook
from assistant.schemas import DealFacts, Verdict

# The groups are the rulebook's (checked against the taxonomy when it loads). Intimidation
# belongs to emotional pressure there; the policy sends it to walk away before the group
# is consulted.
_RULEBOOK = load_rulebook()
UNFAIR = _RULEBOOK.group("unfair_terms")
PRESSURE = _RULEBOOK.group("emotional_pressure")
INFLEXIBLE = _RULEBOOK.group("inflexibility")
LEVERAGE = _RULEBOOK.group("leverage")


# Each branch of the policy below is a basis for a verdict. Its confidence is how often
# that basis gave a verdict a case's writer expected, on cases by other hands that the
# engine was never fitted to, drawn towards the value set by hand (HAND_CONFIDENCE) by ten
# cases' weight so that a basis seen a few times keeps most of it. The figures live in
# assistant/data/verdict_confidence.json, written by `python -m training.verdict_confidence`
# (run it again after a change that moves a verdict). `walkaway eval` reports the gap
# between confidence and accuracy as verdict_calibration_error.
HAND_CONFIDENCE: dict[str, float] = {
    # Twenty-third session: each basis's accuracy on the read blind sets, drawn towards
    # the value set before it by ten cases' weight.
    "unsure_side_under_limit": 0.86,
    "under_limit": 0.79,
    "intimidation": 0.93,
    "goals_apart": 0.65,
    "last_word_on_unfair_terms": 0.82,
    "unfair_terms_pushed": 0.75,
    "pressure": 0.75,
    "gut_feeling": 0.81,
    "last_word_clears_limit": 0.71,
    "last_word": 0.54,
    "hidden_information": 0.8,
    "unfair_or_inflexible": 0.72,
    "meets_target": 0.86,
    "leverage": 0.72,
    "content_within_limit": 0.93,
    "content_or_within_limit": 0.87,
    "offer_nothing_doubtful": 0.6,
    "nothing_to_go_on": 0.55,
}
CONFIDENCE_FILE = Path(__file__).parent / "data" / "verdict_confidence.json"


@cache
def verdict_confidence() -> dict[str, float]:
    """Each basis's confidence; a basis the file lacks is an error, not a guess."""
    measured = json.loads(CONFIDENCE_FILE.read_text(encoding="utf-8"))["confidence"]
    missing = sorted(HAND_CONFIDENCE.keys() - measured.keys())
    if missing:
        raise ValueError(f"{CONFIDENCE_FILE.name} has no confidence for {missing}")
    return {basis: float(measured[basis]) for basis in HAND_CONFIDENCE}


# How far each verdict is from going along with the deal.
SEVERITY: dict[Verdict, int] = {"accept": 0, "negotiate": 1, "pause": 2, "walk_away": 3}


class Decision(BaseModel):
    verdict: Verdict
    confidence: float
    reason: str
    rule_id: str
    basis: str


def decide(
    signals: set[str], facts: DealFacts, satisfied: bool = False, doubtful: bool = False
) -> Decision:
    """Apply the walk-away policy to the signals found and the deal's numbers.

    `satisfied`: the user's own words say the deal suits them. With the numbers clearing
    the user's limit, it is the positive evidence `accept` needs: finding nothing wrong is
    not enough, since a reader can miss what it was never shown. One exception: an offer
    on the table with nothing wrong and nothing `doubtful` (no possible sign either) is
    accepted, with little confidence (see the rule).
    """
    unfair = signals & UNFAIR
    pressure = signals & PRESSURE
    inflexible = signals & INFLEXIBLE
    meets_target = (
        facts.offer is not None
        and facts.target is not None
        and (facts.offer <= facts.target if facts.pays else facts.offer >= facts.target)
    )

    def verdict(v: Verdict, basis: str, reason: str, rule: str) -> Decision:
        return Decision(
            verdict=v,
            confidence=verdict_confidence()[basis],
            reason=reason,
            rule_id=rule,
            basis=basis,
        )

    # An offer under the limit from a side that is unsure of its own number is an opening,
    # not an ending: hold the limit and let them move. Only while nothing harder is there,
    # and never milder than what the other signs alone would get.
    if (
        "below_minimum" in signals
        and "counterparty_hesitation" in signals
        and not signals & (PRESSURE | {"goals_misaligned", "take_it_or_leave_it"})
    ):
        without_the_limit = decide(signals - {"below_minimum"}, facts, satisfied, doubtful)
        if SEVERITY[without_the_limit.verdict] > SEVERITY["negotiate"]:
            return without_the_limit
        return verdict(
            "negotiate",
            "unsure_side_under_limit",
            "Their offer is under your limit, but they are unsure of it: hold your number "
            "and let them come up to it.",
            "verdict_negotiate",
        )
    if "below_minimum" in signals:
        return verdict(
            "walk_away",
            "under_limit",
            "The offer does not meet your own limit.",
            "verdict_walk_away",
        )
    if "intimidation" in signals:
        return verdict(
            "walk_away",
            "intimidation",
            "Intimidation is a reason to leave, not to concede.",
            "verdict_walk_away",
        )
    if "goals_misaligned" in signals:
        return verdict(
            "walk_away",
            "goals_apart",
            "The deal no longer serves what you are trying to do.",
            "verdict_walk_away",
        )
    if "take_it_or_leave_it" in signals and (unfair or "ignores_concerns" in signals):
        return verdict(
            "walk_away",
            "last_word_on_unfair_terms",
            "Unfair terms they refuse to discuss: leaving is your best lever.",
            "verdict_walk_away",
        )
    if len(unfair) >= 2 and (pressure or inflexible):
        return verdict(
            "walk_away",
            "unfair_terms_pushed",
            "Several unfair terms, pushed on you: this is a bad deal.",
            "verdict_walk_away",
        )
    if pressure:
        return verdict(
            "pause",
            "pressure",
            "Do not decide under pressure: step back and let them reconsider.",
            "verdict_pause",
        )
    if "gut_feeling" in signals:
        return verdict(
            "pause",
            "gut_feeling",
            "Something feels wrong: take time before you commit.",
            "verdict_pause",
        )
    if signals - LEVERAGE == {"take_it_or_leave_it"} and offer_misses_limit(facts) is False:
        return verdict(
            "accept",
            "last_word_clears_limit",
            "It is their last word, but it clears your own limit and nothing else is wrong.",
            "verdict_accept",
        )
    if "take_it_or_leave_it" in signals:
        return verdict(
            "pause",
            "last_word",
            "They refuse to budge: stepping away gives them time to rethink.",
            "verdict_pause",
        )
    # Chosen on the dev split: of 52 cases whose only warning sign is that the other side
    # will not show something, all allow pausing and 49 negotiating. It holds with other
    # unfair terms beside it: more evidence never makes a verdict milder.
    if "lack_of_transparency" in signals:
        return verdict(
            "pause",
            "hidden_information",
            "You cannot judge what they will not show: ask for it in writing, decide once you have it.",
            "verdict_pause",
        )
    if unfair or inflexible:
        return verdict(
            "negotiate",
            "unfair_or_inflexible",
            "Raise the problem terms; a fair deal gives value to both sides.",
            "verdict_negotiate",
        )
    if meets_target:
        return verdict(
            "accept",
            "meets_target",
            "The offer meets your target and nothing is wrong.",
            "verdict_accept",
        )
    if signals & LEVERAGE:
        return verdict(
            "negotiate",
            "leverage",
            "Nothing is wrong and you have leverage: ask for better terms.",
            "verdict_negotiate",
        )
    if satisfied or offer_misses_limit(facts) is False:
        return verdict(
            "accept",
            "content_within_limit"
            if satisfied and offer_misses_limit(facts) is False
            else "content_or_within_limit",
            "No warning sign found, and the deal meets what you asked of it.",
            "verdict_accept",
        )
    # Measured on the cases whose reading found no sign, not even a possible one, and an
    # offer (twenty-third session): accept was an expected verdict for 32 of 50 dev cases
    # (negotiate for 18) and for 114 of 181 in the read blind sets (85); without an offer
    # for 87 of 309 dev cases (174) and 41 of 86 blind ones (46). So an offer is what there
    # is to accept, and small talk or gibberish never is: they come back to "tell me more".
    if facts.offer is not None and not doubtful:
        return verdict(
            "accept",
            "offer_nothing_doubtful",
            "No warning sign found in the offer or in what was said, and nothing looks doubtful: "
            "it reads as a fair deal. Check it against your own limit before you agree.",
            "verdict_accept",
        )
    return verdict(
        "negotiate",
        "nothing_to_go_on",
        "No warning sign found, but nothing yet shows the deal meets your needs: check it "
        "against your own limit before you agree.",
        "verdict_negotiate",
    )
