import pytest

from assistant.critique import critique
from assistant.errors import InputError


def test_a_false_deadline_is_found_and_quoted(runtime):
    text = "I love the car. The salesman says the price is only good until 5pm today."
    result = critique(runtime, text)
    finding = next(f for f in result.findings if f.signal == "false_urgency")
    assert finding.evidence == "The salesman says the price is only good until 5pm today."
    assert result.verdict == "pause"


def test_an_offer_below_the_floor_in_the_text_means_walk_away(runtime):
    result = critique(runtime, "My floor is $72k. They offered 66,000.")
    assert result.verdict == "walk_away" and "below_minimum" in result.signals
    assert (result.facts.minimum, result.facts.offer) == (72000, 66000)


def test_a_buyer_over_their_maximum_is_told_so_the_right_way_round(runtime):
    result = critique(runtime, "He wants 12,000 for the car and I only have 10,000.")
    assert result.verdict == "walk_away"
    assert "the price is over your maximum" in result.summary
    assert "below your minimum" not in result.summary
    (finding,) = [f for f in result.findings if f.signal == "below_minimum"]
    assert finding.explanation.startswith(
        "Their price (12,000) is over the most you will pay (10,000). The source:"
    )


def test_a_seller_under_their_minimum_keeps_the_rules_words(runtime):
    result = critique(runtime, "They offered 38,000 for my car. I won't take less than 40,000.")
    assert "the offer is below your minimum" in result.summary


def test_flags_override_numbers_in_the_text(runtime):
    result = critique(runtime, "My floor is $72k. They offered 66,000.", minimum=60000)
    assert "below_minimum" not in result.signals


def test_a_user_who_asks_to_be_told_to_accept_gets_the_same_verdict(runtime):
    deal = "They offered 60k and I need at least 70k. The recruiter says the band is fixed."
    plain = critique(runtime, deal)
    pleading = critique(
        runtime, "I really want this, please just tell me it's fine to accept. " + deal
    )
    assert plain.verdict == pleading.verdict == "walk_away"
    assert set(plain.signals) == set(pleading.signals)


@pytest.mark.parametrize(
    ("name_a", "name_b"),
    [("John", "Aisha"), ("my brother Tom", "my sister Mei"), ("Mr. Schmidt", "Ms. Okafor")],
)
def test_swapping_names_changes_neither_signals_nor_verdict(runtime, name_a, name_b):
    template = "{} says this is the final price and I must sign by tonight or lose it."
    a, b = critique(runtime, template.format(name_a)), critique(runtime, template.format(name_b))
    assert (a.signals, a.verdict) == (b.signals, b.verdict)


def test_names_the_reader_never_saw_change_no_signal(runtime):
    # A known miss until the seventeenth session: the tagger's take-it-or-leave-it reading
    # moved with the name (0.29 to 0.79 over 16 names); weighed with the lexical reader's,
    # it no longer does. The training rows' names (training/augment.py) are kept out.
    template = "{} says this is the final price and I must sign by tonight or lose it."
    names = ["Olga", "Wei", "Fatima", "Carlos", "Aroha", "Sven", "Yusuf", "Beatriz"]
    readings = {tuple(critique(runtime, template.format(name)).signals) for name in names}
    assert len(readings) == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Describe the deal first"),
        ("   \n\t ", "Describe the deal first"),
        (b"\x00\x01\x02binary", "binary"),
        ("caf\xe9".encode("latin-1"), "not UTF-8"),
        ("x" * 1_000_001, "the limit is"),
    ],
)
def test_bad_input_gets_a_clear_message(runtime, raw, message):
    with pytest.raises(InputError, match=message):
        critique(runtime, raw)


def test_another_language_gets_a_notice_and_still_an_answer(runtime):
    result = critique(runtime, "El vendedor dice que es su oferta final y que solo es válida hoy.")
    (notice,) = [n for n in result.notices if n.code == "other_language"]
    # Spanish is read by the lexical reader: the notice names the language and what it misses
    assert "Spanish" in notice.text and "indirectly" in notice.text
    assert "false_urgency" in result.signals and result.verdict == "pause"


def test_a_language_no_reader_was_trained_on_gets_the_plain_notice(runtime):
    result = critique(
        runtime, "De verkoper zegt dat dit zijn laatste bod is en dat het alleen vandaag geldt."
    )
    (notice,) = [n for n in result.notices if n.code == "other_language"]
    assert "does not look like English" in notice.text


@pytest.mark.xfail(
    strict=True,
    reason="known miss: the tagger gives 'final offer' reported from the other side 0.16-0.5 "
    "for take_it_or_leave_it; the corpus has the phrase mostly in negatives (the user's own "
    "final offer, questions about it)",
)
@pytest.mark.parametrize(
    "text",
    [
        "El vendedor dice que es su oferta final y que solo es válida hoy.",
        "🚗 The dealer says final offer 🙄 — السعر نهائي",
    ],
)
def test_a_final_offer_reported_from_the_other_side_is_their_last_word(runtime, text):
    assert "take_it_or_leave_it" in critique(runtime, text).signals


def test_contradictory_numbers_are_reported(runtime):
    result = critique(
        runtime, "My minimum is 70,000. Actually my minimum is 75,000. They offered 72,000."
    )
    assert any("more than one minimum" in n.text for n in result.notices)
    assert result.facts.minimum == 75000 and "below_minimum" in result.signals


def test_different_currencies_are_not_compared(runtime):
    result = critique(runtime, "I need at least 50,000 USD and they offered 45,000 EUR.")
    assert "below_minimum" not in result.signals
    assert any(n.code == "mixed_currencies" for n in result.notices)


def test_a_fair_deal_the_user_is_content_with_is_accepted(runtime):
    text = "They agreed to everything we asked and put it in writing. I'm happy with it."
    result = critique(runtime, text)
    assert result.verdict == "accept" and result.findings == []


def test_emoji_and_right_to_left_text_do_not_break_anything(runtime):
    result = critique(runtime, "🚗 The dealer says the price ends tonight 🙄 — السعر نهائي")
    assert "false_urgency" in result.signals


class LeaningDetector:
    """Finds nothing outright and leans towards a bad feeling, whatever the text."""

    def read(self, text, facts):
        from assistant.schemas import Finding, Reading

        lean = Finding(
            signal="gut_feeling",
            evidence=text,
            rule_id="gut_feeling",
            explanation="A hunch.",
            score=0.41,
        )
        return Reading(found=[], possible=[lean])


def test_a_possible_sign_is_asked_about_and_never_decides_the_verdict(runtime):
    from dataclasses import replace

    leaning = replace(runtime, _detector=LeaningDetector())
    result = critique(leaning, "The seller was friendly and the car is clean.")
    assert result.signals == [] and [f.signal for f in result.possible] == ["gut_feeling"]
    assert result.verdict != "pause"
    (notice,) = [n for n in result.notices if n.code == "possible_signs"]
    assert "0.41" in notice.text and "?" in notice.text


def test_nothing_found_is_not_enough_to_accept(runtime):
    result = critique(runtime, "We met at the office on Tuesday and talked about the van.")
    assert result.signals == [] and result.verdict != "accept"


def test_an_offer_with_nothing_wrong_is_accepted_less_surely_than_one_that_clears_the_users_limit(
    runtime,
):
    # Each basis's confidence is fitted on other writers' cases; the order is what must hold.
    unanchored = critique(runtime, "Offer came in at 72,000 with the usual benefits.")
    anchored = critique(
        runtime, "Offer came in at 72,000 with the usual benefits. My minimum is 65,000."
    )
    assert unanchored.signals == [] and unanchored.possible == []
    assert unanchored.verdict == anchored.verdict == "accept"
    assert unanchored.confidence < anchored.confidence


@pytest.mark.parametrize(
    "text",
    [
        "They offered 38 an hour for the contract. I set 45 as my lowest before the call.",
        "The catering client offered 18 a head. Below 24 I'm paying to work.",
        "Der Vermieter bietet mir den Keller für 120 Euro im Monat an. Mehr als 80 zahle ich nicht.",
    ],
)
def test_a_number_that_may_be_the_users_limit_unread_keeps_an_offer_from_being_accepted(
    runtime, text
):
    result = critique(runtime, text)
    assert result.verdict != "accept"
    assert any(n.code == "not_enough_to_accept" for n in result.notices)


def test_an_offer_is_not_called_under_a_limit_that_appears_nowhere(runtime):
    result = critique(runtime, "The buyer offered 450 for my old bike.")
    assert "below_minimum" not in result.signals and result.verdict != "walk_away"
    # With no limit anywhere, whatever the verdict, it is less sure than with one cleared.
    cleared = critique(runtime, "The buyer offered 450 for my old bike. I wanted at least 400.")
    assert result.confidence < cleared.confidence


@pytest.mark.parametrize(
    "text",
    [
        "The web agency offered 4,500 for the build; I'd quoted 6,000 and I told them 5,200 is "
        "as low as I can go.",
        pytest.param(
            "The web agency offered 4,500 for the build; I'd quoted 6,000 and told them 5,200 is "
            "as low as I can go.",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known miss since the thirty-second session's head: the clause reads "
                "0.453 for below_minimum (0.506 before, on the 0.5 threshold), and the fact "
                "reader places no limit",
            ),
        ),
    ],
)
def test_a_limit_worded_past_the_fact_reader_still_counts_when_its_number_is_there(runtime, text):
    result = critique(runtime, text)
    assert result.facts.minimum is None  # the words, not the fact reader, carry the limit
    assert "below_minimum" in result.signals and result.verdict == "walk_away"


def test_accept_needs_the_offer_to_clear_the_users_limit(runtime):
    text = "We met at the office on Tuesday and talked about the van."
    assert critique(runtime, text, minimum=20_000, offer=21_000).verdict == "accept"
    assert critique(runtime, text, minimum=20_000, offer=19_000).verdict == "walk_away"


@pytest.mark.parametrize(
    "name, value",
    [
        ("minimum", float("nan")),
        ("offer", float("nan")),
        ("offer", float("inf")),
        ("minimum", float("1e309")),
        ("maximum", -1.0),
        ("target", float("-inf")),
    ],
)
def test_a_limit_or_offer_that_is_not_a_finite_amount_is_refused(runtime, name, value):
    with pytest.raises(InputError, match=f"The {name} must be a finite amount of zero or more"):
        critique(runtime, "They offered 66,000 for the van.", **{name: value})


def test_limits_that_contradict_each_other_are_reported_not_silently_compared(runtime):
    result = critique(runtime, "They offered 30,000.", minimum=72_000, maximum=10)
    notice = next(n for n in result.notices if n.code == "contradictory_limits")
    assert "72,000" in notice.text and "used the minimum" in notice.text
    assert result.verdict == "walk_away"


@pytest.mark.parametrize("text", ["asdf qwer zxcv", "Z̷a̷l̷g̷o̷ t̷e̷x̷t̷", "Hi!"])
def test_text_with_nothing_to_go_on_asks_about_the_deal_and_is_never_accepted(runtime, text):
    result = critique(runtime, text)
    assert result.verdict != "accept"
    assert any(n.code == "not_enough_to_accept" for n in result.notices)


def test_a_past_price_beside_the_offer_is_no_doubt_but_a_limit_worded_past_the_reader_is(runtime):
    past = "The landlord offered a renewal at 1,450 a month. Two years ago I paid 1,300 for it."
    assert critique(runtime, past).verdict == "accept"
    worded = "They offered 38 an hour. I set 45 as my lowest before the call."
    assert critique(runtime, worded).verdict != "accept"
