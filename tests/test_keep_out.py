"""What the user says not to mention stays out of every line a draft carries."""

from __future__ import annotations

import pytest

from assistant.exits import draft_exit
from assistant.keep_out import private_words
from assistant.schemas import ExitRequest


@pytest.mark.parametrize(
    ("language", "situation", "private"),
    [
        ("en", "Please don't tell her about the new position, she'd worry.", ["position"]),
        ("en", "do not mention the inheritance because it's nobody's business", ["inheritance"]),
        ("es", "Ni se te ocurra decirle que mi hermano es fontanero.", ["hermano", "fontanero"]),
        ("fr", "Ne dis surtout pas que mon cousin est plombier.", ["cousin", "plombier"]),
        ("de", "Erwähne bitte nicht die Erbschaft.", ["erbschaft"]),
        ("it", "Non dirgli che il mio socio è architetto.", ["socio", "architetto"]),
        ("pt", "Não fala que meu primo é mecânico.", ["primo", "mecânico"]),
        ("nl", "Zeg niet dat mijn zwager loodgieter is.", ["zwager", "loodgieter"]),
    ],
)
def test_what_the_user_says_not_to_mention_is_private(language, situation, private):
    assert all(word in private_words(situation, language) for word in private)


@pytest.mark.parametrize(
    ("language", "situation"),
    [
        ("en", "Not to mention the fees were hidden."),  # "besides", no instruction
        ("en", "I never sell all rights. Tell her I'd do first serial rights instead."),
        ("en", "I didn't say I would pay more than that."),
        ("fr", "On ne signe pas (dis pas le prix). Dis-lui que je rapporte le maillot samedi."),
    ],
)
def test_a_negation_that_is_no_instruction_not_to_say_keeps_nothing_private(language, situation):
    assert private_words(situation, language) == []


def test_a_fact_the_user_dares_the_draft_not_to_mention_is_not_carried_in_spanish(runtime):
    situation = (
        "Mañana me llama Andrés, del gimnasio, para renovar la cuota anual. No la voy a "
        "renovar. Ni se te ocurra mencionar que mi hermano es fontanero y me arregla la ducha."
    )
    request = ExitRequest(situation=situation, counterparty="Andrés", channel="phone", tone="firm")
    for draft in draft_exit(runtime, request).drafts:
        assert "fontanero" not in draft.body.lower()


def test_a_negation_before_a_comma_keeps_nothing_out_of_the_next_clause():
    situation = (
        "Want to say no without offending him, and tell him I'd happily help him list it "
        "on Craigslist."
    )
    assert private_words(situation, "en") == []
    assert private_words("Say no without mentioning the rescue dog.", "en") == ["rescue"]


def test_nothing_the_user_says_to_say_nothing_of_is_carried_in_german(runtime):
    situation = (
        "Herr Brandl hat das Angebot für die Wärmepumpe geschickt, mit 50 Prozent Anzahlung. "
        "Wir lassen das Angebot sausen, aber er soll ruhig wissen, dass wir für die Wartung "
        "gern bei ihm bleiben. Und bitte nichts davon sagen, dass die Förderung bei uns "
        "wahrscheinlich eh nicht durchgeht."
    )
    request = ExitRequest(
        situation=situation, counterparty="Herr Brandl", channel="email", tone="formal"
    )
    assert "förderung" in private_words(situation, "de")
    for draft in draft_exit(runtime, request).drafts:
        assert "förderung" not in draft.body.lower()


@pytest.mark.parametrize(
    ("situation", "secret"),
    [
        (
            "The franchise agreement came through: 8% royalty on gross and a non-compete. "
            "We'd agreed we could stretch to a 5% royalty, no more, but there's no point saying "
            "that now. I'd like to decline formally and thank them for the discovery day.",
            "5%",
        ),
        (
            "SnapClass's quotation has not been successful; governors were concerned about the "
            "40% commission. Note: governors had approved up to 25% commission; do not include "
            "that. Please thank them for the sample proofs.",
            "25%",
        ),
    ],
)
def test_a_keep_out_that_points_back_keeps_out_what_it_points_to(runtime, situation, secret):
    request = ExitRequest(situation=situation, counterparty="Chris", channel="email", tone="formal")
    for draft in draft_exit(runtime, request).drafts:
        assert secret not in draft.body


def test_only_the_words_the_pointed_clause_does_not_share_with_the_rest_are_private():
    situation = (
        "8% royalty on gross. We'd agreed we could stretch to a 5% royalty, no more, but "
        "there's no point saying that now."
    )
    assert private_words(situation, "en") == ["stretch", "5%"]
    assert private_words("Don't mention the NHS. Please send the test results.", "en") == []
    assert private_words("dont tell him our budget is only 2 grand", "en") == ["budget", "grand"]


def test_an_ordinary_word_of_the_deal_is_not_private_because_a_secret_uses_it_too():
    situation = (
        "He wants 12 months and 3 months rent in advance. If he accepts the normal deposit "
        "and monthly rent I sign. Don't mention my father pays my rent."
    )
    assert private_words(situation, "en") == ["father", "pays"]


def test_a_name_or_a_number_kept_out_stays_private_wherever_else_it_stands():
    situation = (
        "Mezze Kitchen quoted us 40 a head. Don't mention Mezze Kitchen or the 40 they quoted."
    )
    assert {"mezze", "kitchen", "40"} <= set(private_words(situation, "en"))


def test_a_counter_offer_sharing_a_word_with_a_secret_is_carried(runtime):
    request = ExitRequest(
        situation=(
            "The landlord wants 12 months and 3 months rent in advance. I cannot accept. "
            "If he accepts only the normal deposit and monthly rent I sign the contract. "
            "Don't mention my father pays my rent."
        ),
        channel="email",
    )
    body = draft_exit(runtime, request).drafts[0].body
    assert "monthly rent" in body and "father" not in body
