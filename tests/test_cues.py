"""Lexical cues: what counts as stating a signal outright, and what does not."""

from __future__ import annotations

import pytest

from assistant.cues import SIGNALS_WITH_CUES, cue_matches, vouches_for_the_deal
from assistant.probe import MINED_PATH, NEUTRAL, load_paraphrases
from assistant.rules import load_rulebook


def cued(sentence: str) -> set[str]:
    return {signal for signal in SIGNALS_WITH_CUES if cue_matches(signal, sentence)}


def test_a_typographic_apostrophe_reads_like_a_typed_one():
    assert "take_it_or_leave_it" in cued("They won’t budge on the price.")


def test_a_cue_negated_just_before_it_does_not_count():
    assert "hidden_costs" not in cued("There were no hidden fees at all.")


def test_french_dont_is_not_read_as_an_english_negation():
    text = "Le garage a facturé des « frais de dossier » dont personne ne m'avait parlé."
    assert "hidden_costs" in cued(text)


def test_the_users_own_hesitation_is_not_the_other_sides():
    assert "counterparty_hesitation" not in cued("Every time I hesitate he raises his voice.")
    assert "counterparty_hesitation" in cued("The seller sounded hesitant about his price.")


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("She said the rent is not up for discussion.", "take_it_or_leave_it"),
        ("Il proprietario dice che l'affitto è quello e non si discute.", "take_it_or_leave_it"),
        ("He said he'd tie me up in court for years.", "intimidation"),
        ("My stomach turns every time I read the terms.", "gut_feeling"),
        ("The dealer keeps saying we'll get to that later.", "lack_of_transparency"),
        ("Si no firmo hoy, se lo da a otra persona.", "false_urgency"),
        ("He says 650 firm and won't hold it past tonight.", "take_it_or_leave_it"),
        ("He says 650 firm and won't hold it past tonight.", "false_urgency"),
        ("He told me to sign if I know what's good for me.", "intimidation"),
        ("She'd rather not get into the weeds about the new price.", "lack_of_transparency"),
        ("El vendedor dice que ese es el precio y punto.", "take_it_or_leave_it"),
    ],
)
def test_everyday_wordings_state_their_signal(sentence: str, signal: str):
    assert signal in cued(sentence)


def test_ordinary_deal_talk_states_no_signal():
    neutral = [
        *load_rulebook().neutral_examples,
        *load_paraphrases()[NEUTRAL],
        *load_paraphrases(MINED_PATH)[NEUTRAL],
    ]
    assert [(text, cued(text)) for text in neutral if cued(text)] == []


def test_a_charge_told_up_front_is_not_a_hidden_cost():
    assert "hidden_costs" not in cued("The agent sent the service charges up front.")
    assert "hidden_costs" in cued("They never mentioned the service charges before we signed.")


def test_others_the_other_side_speaks_of_are_not_the_users_alternatives():
    assert "has_alternatives" not in cued("He said he'd tell other clients I'm a fraud.")
    assert "has_alternatives" not in cued("She asked whether I'd looked at other places.")
    assert "has_alternatives" in cued("I have another offer from a rival firm.")


def test_who_asked_twice_tells_hesitation_from_ignored_concerns():
    assert cued("The landlord asked twice if I was still interested") >= {"counterparty_hesitation"}
    assert "ignores_concerns" not in cued("The landlord asked twice if I was still interested")
    assert "ignores_concerns" in cued("I asked three times about the schedule and got nothing.")


def test_a_cue_later_in_the_sentence_counts_after_a_negated_one():
    assert "hidden_costs" in cued(
        "There were no hidden fees, but then came a surprise booking fee."
    )


def test_a_threat_to_the_listener_is_not_a_plea_for_pity():
    assert "guilt_tripping" not in cued("You might get fired if you refuse.")


def test_a_price_that_doubles_unless_you_sign_is_a_deadline_not_a_hidden_cost():
    assert "hidden_costs" not in cued("Sign now or the price doubles Monday.")


def test_dodging_someones_eyes_is_not_dodging_a_question():
    assert "lack_of_transparency" not in cued("The guy dodged my eyes the whole time.")


def test_the_users_own_floor_is_not_the_other_sides_last_word():
    assert "take_it_or_leave_it" not in cued("I told them 5,200 is as low as I can go.")
    assert "take_it_or_leave_it" in cued("He says 5,200 is as low as he can go.")


def test_a_word_that_ends_in_tops_is_not_a_ceiling():
    assert "below_minimum" not in cued("They measured the kitchen worktops twice.")


def test_the_price_the_user_names_for_leaving_is_not_a_concession_they_are_asked_for():
    assert "extreme_concessions" not in cued("I'd need at least 45k to give up my current job.")
    assert "extreme_concessions" in cued("They want me to give up my weekends.")


def test_what_the_other_side_has_bought_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("He mentioned he's already bought another place.")


def test_a_reply_within_the_hour_is_not_a_deadline():
    assert "false_urgency" not in cued("They came back within an hour with a better offer.")
    assert "false_urgency" in cued("You have to sign within the hour.")


def test_a_store_the_other_side_opens_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("Head office can open another store next to mine.")


def test_a_claim_window_in_a_contract_is_not_a_deadline_to_sign():
    assert "false_urgency" not in cued("Claims must be made within 48 hours of delivery.")


def test_a_hunch_that_they_will_agree_is_not_a_bad_feeling():
    assert "gut_feeling" not in cued("I have a feeling they'll accept our price.")


def test_dodging_the_signing_is_hesitation_not_a_dodged_question():
    assert "lack_of_transparency" not in cued("The client dodged signing for two weeks.")


def test_a_buyer_ringing_to_ask_if_it_is_still_for_sale_is_keen_not_pushing():
    keen = "The buyer rang four times asking whether it's still available."
    assert "high_pressure_sales" not in cued(keen)
    assert "high_pressure_sales" in cued("The buyer rang four times insisting I sign tonight.")


def test_a_negation_ends_at_the_clause_it_is_in():
    text = "He said the price is 'not a conversation', and when I asked about the damp he said take it or leave it."
    assert "ignores_concerns" in cued(text)
    assert "hidden_costs" not in cued("There were no surprises or hidden fees.")


def test_owing_money_is_not_owing_a_favour():
    assert "guilt_tripping" not in cued("We owe them eight weeks' fees if we end it early.")
    assert "guilt_tripping" in cued("He said I owe him after everything he's done.")


def test_a_commitment_about_the_work_is_not_the_other_side_hesitating():
    assert "counterparty_hesitation" not in cued("They won't commit to how many hours it takes.")


def test_the_users_own_refusal_to_move_is_not_the_other_sides_last_word():
    assert "take_it_or_leave_it" not in cued("I won't move for anything under 44k.")
    assert "take_it_or_leave_it" in cued("He won't move on the price.")


def test_what_the_other_side_keeps_is_their_term_not_the_users_concession():
    assert "extreme_concessions" not in cued("They'd keep 70% of the sales.")
    assert "extreme_concessions" in cued("I'd hand over 70% of the sales.")


def test_a_rival_the_other_side_mentions_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("The client mentioned that another studio quoted lower.")


def test_order_processing_is_not_a_lawsuit():
    assert "intimidation" not in cued("The price rose with 'order processing' at checkout.")


def test_looking_away_is_not_information_withheld():
    assert "lack_of_transparency" not in cued("The agent avoided eye contact all afternoon.")


def test_what_the_other_side_supplies_at_cost_is_not_the_users_concession():
    assert "extreme_concessions" not in cued("Toner is supplied at cost.")
    assert "extreme_concessions" in cued("I'd be selling them the parts at cost.")


def test_being_good_friends_with_someone_is_not_a_plea():
    assert "guilt_tripping" not in cued("He's good friends with the local judge.")
    assert "guilt_tripping" in cued("A good friend would pay the full price.")


def test_a_rival_offer_the_user_must_beat_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("We have until tonight to beat their offer.")


def test_a_cue_that_starts_with_a_word_does_not_match_inside_another_word():
    assert "gut_feeling" not in cued("The snagging list is long.")
    assert "gut_feeling" in cued("I have a nagging doubt.")


def test_going_back_and_forth_with_them_is_negotiating_not_doubt():
    assert "gut_feeling" not in cued("We've gone back and forth with the landlord all month.")
    assert "gut_feeling" in cued("I keep going back and forth on it.")


def test_a_cost_flagged_before_the_work_or_a_bill_that_matches_the_quote_is_not_hidden():
    assert "hidden_costs" not in cued("They flagged an extra charge before starting the work.")
    assert "hidden_costs" not in cued("The bill matched the quote, 'call-out fee' and all.")
    assert "hidden_costs" in cued("The bill added a 'call-out fee' to the quote.")


def test_the_users_own_move_elsewhere_is_not_the_other_sides_last_word():
    assert "take_it_or_leave_it" not in cued("Match the quote or I go elsewhere.")
    assert "take_it_or_leave_it" in cued("Take the deal or you can walk.")


def test_what_the_other_side_owns_is_their_term_not_the_users_concession():
    assert "extreme_concessions" not in cued("The publisher owns the rights forever.")
    assert "extreme_concessions" in cued("I'd give up my royalties.")


def test_a_price_as_discussed_is_not_a_price_that_grew():
    assert "hidden_costs" not in cued("The price was as agreed, then we signed.")
    assert "hidden_costs" in cued("The quote was 900, then it became 1,400.")


def test_the_users_own_pause_is_not_the_other_side_hesitating():
    assert "counterparty_hesitation" not in cued("When I paused, she lowered the price.")
    assert "counterparty_hesitation" in cued("She paused and said she'd need to think.")


def test_their_dismissal_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("If we want changes we can find another printer.")


@pytest.mark.parametrize(
    ("sentence", "vouches"),
    [
        ("The final invoice matched the estimate.", True),
        ("The fees are set out in writing for the whole year.", True),
        ("The rent is 900, which is what we agreed.", True),
        ("The client accepted our rate without a quibble.", True),
        ("The deposit is the one in their letter.", True),
        ("The renewal rent stays the same.", True),
        ("The buyer paid the full asking price.", True),
        ("They won't put the fees in writing.", False),
        ("I sent my concerns in writing.", False),
        ("The deposit is non-refundable.", False),
    ],
)
def test_a_sentence_that_vouches_for_the_deal_is_told_apart(sentence: str, vouches: bool):
    assert vouches_for_the_deal(sentence) is vouches


def test_a_warning_about_the_market_is_not_a_threat():
    assert "intimidation" not in cued("The agent warned us that demand was low this year.")
    assert "intimidation" in cued("He warned me not to cross him.")


def test_refusing_to_hear_offers_is_their_last_word_not_an_ignored_concern():
    assert "ignores_concerns" not in cued("The owners won't hear any offers below it.")
    assert "ignores_concerns" in cued("The landlord won't listen when I mention the damp.")


def test_a_fee_the_user_waives_is_their_concession_not_a_hidden_cost():
    assert "hidden_costs" not in cued("We've waived the setup fee for them.")


def test_the_rival_the_other_side_would_pick_is_not_the_users_alternative():
    assert "has_alternatives" not in cued("Sign today or they'll go with the other bidder.")


def test_a_firm_offer_from_someone_else_is_the_users_alternative_not_a_last_word():
    assert "take_it_or_leave_it" not in cued("I have a firm offer from another buyer.")
    assert "has_alternatives" in cued("I have a firm offer from another buyer.")


def test_rivals_the_other_side_mentions_after_a_few_words_are_still_theirs():
    assert "has_alternatives" not in cued("The agent said two other buyers are keen.")


def test_every_cue_names_a_signal_of_the_rulebook():
    signals = {rule.id for rule in load_rulebook().signals}
    assert set(SIGNALS_WITH_CUES) <= signals, set(SIGNALS_WITH_CUES) - signals
