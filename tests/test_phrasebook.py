"""The offline wording of an exit: the source's steps (thank, decline, leave the door open)
in every tone and channel, with the variant index cycling through the phrasings."""

import re

import pytest

from assistant.facts import parse_facts
from assistant.guards import check_draft
from assistant.phrasebook import compose_exit, phrasebook
from assistant.schemas import ExitRequest
from evals.judges import judge_exit

SITUATION = "They would not move on price and the terms don't work for me."
CHANNELS = ["email", "text", "phone"]
TONES = ["warm", "firm", "formal"]
COMBINATIONS = [
    (tone, channel, variant) for tone in TONES for channel in CHANNELS for variant in range(3)
]


def compose(tone="warm", channel="email", variant=0, name=None, sender=None):
    request = ExitRequest(situation=SITUATION, tone=tone, channel=channel)
    return compose_exit(request, variant, name, sender)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("tone", TONES)
def test_the_variant_index_gives_distinct_wordings_well_past_three(tone, channel):
    drafts = [compose(tone, channel, variant) for variant in range(9)]
    assert len({d.body for d in drafts}) == 9
    # the first three keep each step's n-th wording, as before
    assert [d.body for d in drafts[:3]] == [compose(tone, channel, v).body for v in range(3)]


@pytest.mark.parametrize(("tone", "channel", "variant"), COMBINATIONS)
def test_every_wording_thanks_declines_and_leaves_the_door_open(tone, channel, variant):
    draft = compose(tone, channel, variant, name="Dana", sender="Sam")
    judged = judge_exit(channel, draft.subject, draft.body, SITUATION)
    assert judged["appreciation"], draft.body
    assert judged["clear_decision"], draft.body
    assert judged["door_open"], draft.body
    assert judged["no_fabrication"] and judged["concise"], draft.body


@pytest.mark.parametrize(
    ("tone", "channel", "variant"),
    COMBINATIONS,
)
def test_every_wording_is_neutral_for_the_judge_and_passes_the_guard(tone, channel, variant):
    draft = compose(tone, channel, variant, name="Dana", sender="Sam")
    assert judge_exit(channel, draft.subject, draft.body, SITUATION)["neutral_tone"]
    checks = check_draft(channel, draft.subject, draft.body, SITUATION, parse_facts(SITUATION))
    assert [check.id for check in checks if not check.passed] == []


def test_only_an_email_has_a_subject():
    assert compose(channel="email").subject
    assert compose(channel="text").subject is None
    assert compose(channel="phone").subject is None


@pytest.mark.parametrize(
    ("tone", "greeting", "sign_off"),
    [
        ("warm", "Hi", "Warm regards,"),
        ("firm", "Hello", "Best,"),
        ("formal", "Dear", "Kind regards,"),
    ],
)
def test_an_email_greets_and_signs_off_in_its_tone(tone, greeting, sign_off):
    draft = compose(tone, "email", name="Dana", sender="Sam Lee")
    assert draft.body.startswith(f"{greeting} Dana,\n\n")
    assert draft.body.endswith(f"\n\n{sign_off}\nSam Lee")


def test_the_text_and_the_phone_script_greet_the_counterparty_by_name():
    assert compose(channel="text", name="Dana").body.startswith("Hi Dana, ")
    assert compose(channel="phone", name="Dana").body.startswith("Hi Dana, thanks for")


def test_the_same_wording_is_used_whatever_the_channel():
    email, text, phone = (compose("firm", channel, 1) for channel in CHANNELS)
    decision = "I've decided not to proceed: the terms as they stand don't work for me."
    assert decision in email.body and decision in text.body and decision in phone.body.splitlines()


@pytest.mark.parametrize("tone", ["warm", "firm", "formal"])
def test_an_email_with_no_name_opens_without_a_dangling_dear(tone):
    first_line = compose(tone, "email", 0).body.splitlines()[0]
    assert first_line in {"Hi,", "Hello,"}


FOREIGN = {
    "es": "El vendedor no baja del precio y las condiciones no me convienen, así que lo dejo.",
    "fr": "Le vendeur ne baisse pas son prix et les conditions ne me conviennent pas du tout.",
    "de": "Der Verkäufer geht mit dem Preis nicht runter und die Bedingungen passen mir nicht.",
    "pt": "O vendedor não baixa o preço e as condições não me servem, por isso vou desistir.",
    "it": "Il venditore non scende di prezzo e le condizioni non mi vanno bene, quindi rinuncio.",
    "nl": "De verkoper zakt niet in prijs en de voorwaarden passen niet bij wat ik zoek.",
}


@pytest.mark.parametrize("language", sorted(FOREIGN))
@pytest.mark.parametrize(("tone", "channel", "variant"), COMBINATIONS)
def test_a_situation_in_another_language_gets_a_draft_in_it_that_passes_every_check(
    language, tone, channel, variant
):
    situation = FOREIGN[language]
    request = ExitRequest(situation=situation, tone=tone, channel=channel)
    draft = compose_exit(request, variant, "Dana", "Sam")
    english = compose_exit(request.model_copy(update={"language": "en"}), variant, "Dana", "Sam")
    assert draft.body != english.body
    checks = check_draft(channel, draft.subject, draft.body, situation, parse_facts(situation))
    assert [check.id for check in checks if not check.passed] == [], draft.body
    judged = judge_exit(channel, draft.subject, draft.body, situation)
    assert all(judged.values()), (judged, draft.body)


def test_a_draft_asked_for_in_english_carries_no_line_in_the_situations_language():
    situation = "Mi casero quiere 1.100 €. Dile que le devuelvo las llaves el día 30."
    request = ExitRequest(situation=situation, channel="email", language="en")
    body = compose_exit(request, 0, "Luis", None).body
    assert body.startswith("Hi Luis,") and "llaves" not in body


def test_the_thanks_after_a_texts_greeting_goes_on_in_lower_case():
    request = ExitRequest(situation=FOREIGN["es"], channel="text")
    assert compose_exit(request, 0, "Ana", None).body.startswith("Hola Ana, muchas gracias")


def test_every_language_has_every_step_in_three_wordings_without_a_number():
    for language, words in phrasebook().items():
        for step in (words.thanks, words.decision, words.door, words.subject):
            assert set(step) == {"warm", "firm", "formal"}, language
            assert all(len(set(options)) == 3 for options in step.values()), language
        assert not re.search(r"\d", words.model_dump_json()), language


def test_an_item_that_opened_a_sentence_of_the_situation_is_not_capitalised_mid_sentence():
    request = ExitRequest(
        situation=(
            "The franchise agreement came through last week: a £45k fee and an 8% royalty. "
            "We're not going ahead."
        ),
        counterparty="Vertigo Walls",
        channel="email",
        tone="formal",
    )
    body = compose_exit(request, 0, "Vertigo Walls", None).body
    assert "for the franchise agreement" in body
    assert "for The franchise" not in body
