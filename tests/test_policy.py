"""The verdict policy, in code: the first rule that applies decides."""

import pytest

from assistant.policy import SEVERITY, decide
from assistant.schemas import DealFacts

NO_NUMBERS = DealFacts()


@pytest.mark.parametrize(
    ("signals", "verdict"),
    [
        ({"below_minimum", "has_alternatives"}, "walk_away"),
        ({"below_minimum", "counterparty_hesitation"}, "negotiate"),
        ({"below_minimum", "counterparty_hesitation", "hidden_costs"}, "negotiate"),
        ({"below_minimum", "counterparty_hesitation", "lack_of_transparency"}, "pause"),
        ({"below_minimum", "counterparty_hesitation", "false_urgency"}, "walk_away"),
        ({"below_minimum", "counterparty_hesitation", "take_it_or_leave_it"}, "walk_away"),
        ({"intimidation"}, "walk_away"),
        ({"goals_misaligned"}, "walk_away"),
        ({"take_it_or_leave_it", "hidden_costs"}, "walk_away"),
        ({"one_sided_terms", "hidden_costs", "false_urgency"}, "walk_away"),
        ({"false_urgency"}, "pause"),
        ({"guilt_tripping", "hidden_costs"}, "pause"),
        ({"gut_feeling"}, "pause"),
        ({"take_it_or_leave_it"}, "pause"),
        ({"lack_of_transparency"}, "pause"),
        ({"lack_of_transparency", "has_alternatives"}, "pause"),
        # more evidence never makes a verdict milder: a hidden fee beside what they will
        # not show still pauses (it negotiated, milder than the pause of the first alone)
        ({"lack_of_transparency", "hidden_costs"}, "pause"),
        ({"hidden_costs"}, "negotiate"),
        ({"ignores_concerns"}, "negotiate"),
        ({"has_alternatives"}, "negotiate"),
        ({"counterparty_hesitation"}, "negotiate"),
        (set(), "negotiate"),
    ],
)
def test_each_combination_of_signals_gets_the_policys_verdict(signals, verdict):
    assert decide(signals, NO_NUMBERS).verdict == verdict


def test_every_verdict_cites_the_rule_it_rests_on():
    for signals in [{"intimidation"}, {"false_urgency"}, {"hidden_costs"}, set()]:
        decision = decide(signals, NO_NUMBERS)
        assert decision.rule_id == f"verdict_{decision.verdict}"


def test_an_offer_that_meets_a_sellers_target_or_clears_the_limit_is_accepted():
    meets = decide(set(), DealFacts(minimum=50_000, target=60_000, offer=62_000))
    clears = decide(set(), DealFacts(minimum=50_000, offer=52_000))
    assert meets.verdict == clears.verdict == "accept"


def test_finding_nothing_wrong_is_not_enough_to_accept():
    silent = decide(set(), NO_NUMBERS)
    # Right a little over half the time on text by other hands: shown as a guess.
    assert silent.verdict == "negotiate" and silent.confidence <= 0.6


def test_the_user_saying_it_suits_them_and_the_offer_clearing_the_limit_is_surest():
    both = decide(set(), DealFacts(minimum=50_000, offer=52_000), satisfied=True)
    one = decide(set(), DealFacts(minimum=50_000, offer=52_000))
    assert both.verdict == one.verdict == "accept" and both.confidence > one.confidence


def test_an_offer_with_nothing_wrong_is_accepted_unless_something_is_in_doubt():
    offered = DealFacts(offer=72_000)
    plain = decide(set(), offered)
    # Right six times in ten on text by other hands: less sure than an accept the user's
    # own words or limit stand behind.
    assert plain.verdict == "accept"
    assert plain.confidence < decide(set(), offered, satisfied=True).confidence
    assert decide(set(), offered, doubtful=True).verdict == "negotiate"
    assert decide({"has_alternatives"}, offered).verdict == "negotiate"


def test_the_users_own_contentment_is_evidence_enough_to_accept():
    assert decide(set(), NO_NUMBERS, satisfied=True).verdict == "accept"


def test_an_offer_under_the_limit_from_a_side_unsure_of_it_is_negotiated_never_accepted():
    # "She paused, said she'd check with the hiring manager": their number can still move.
    under = DealFacts(minimum=80_000, target=60_000, offer=78_000)
    hesitant = {"below_minimum", "counterparty_hesitation"}
    assert decide(hesitant, under, satisfied=True).verdict == "negotiate"
    assert decide({"below_minimum"}, under).verdict == "walk_away"


def test_contentment_never_outweighs_a_broken_limit_or_a_warning_sign():
    below = DealFacts(minimum=50_000, offer=45_000)
    assert decide({"below_minimum"}, below, satisfied=True).verdict == "walk_away"
    assert decide({"false_urgency"}, NO_NUMBERS, satisfied=True).verdict == "pause"


def test_a_buyer_whose_target_is_met_and_who_has_leverage_is_told_to_accept():
    facts = DealFacts(maximum=25_000, target=22_000, offer=21_500)
    assert decide({"has_alternatives"}, facts).verdict == "accept"


def test_a_warning_sign_outranks_a_met_target():
    facts = DealFacts(minimum=50_000, target=60_000, offer=62_000)
    assert decide({"hidden_costs"}, facts).verdict == "negotiate"


def test_a_last_word_that_clears_the_users_own_limit_may_be_accepted():
    clears = DealFacts(minimum=4_000, target=5_000, offer=4_200)
    misses = DealFacts(minimum=4_500, offer=4_200)
    assert decide({"take_it_or_leave_it"}, clears).verdict == "accept"
    assert decide({"take_it_or_leave_it"}, NO_NUMBERS).verdict == "pause"
    assert decide({"take_it_or_leave_it", "below_minimum"}, misses).verdict == "walk_away"
    assert decide({"take_it_or_leave_it", "false_urgency"}, clears).verdict == "pause"


def test_a_further_warning_sign_never_makes_the_verdict_milder():
    import itertools

    from assistant.policy import LEVERAGE
    from assistant.rules import load_rulebook

    signals = [rule.id for rule in load_rulebook().signals]
    for size in range(3):
        for found in map(set, itertools.combinations(signals, size)):
            before = SEVERITY[decide(found, NO_NUMBERS).verdict]
            for extra in set(signals) - found - LEVERAGE:
                after = SEVERITY[decide(found | {extra}, NO_NUMBERS).verdict]
                assert after >= before, (sorted(found), extra)
