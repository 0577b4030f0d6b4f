"""What the deal is about, read from the grammar of the user's sentences: the object of a
decline, an offer's noun with what it is for, the thing offered; never a sum, never what
the user keeps out or their own alternative; and the draft's thanks naming it."""

import pytest

from assistant.phrasebook import compose_exit
from assistant.schemas import ExitRequest
from assistant.subject import read_foreign_subject, read_subject


@pytest.mark.parametrize(
    ("situation", "subject"),
    [
        ("Can you write her something kind saying no to the December booking?", "the December booking"),
        ("so I'm going to say no to the piano but thank her a lot", "the piano"),
        ("Text to Mr. Haddad: we decline the sublease of the garden office.",
         "the sublease of the garden office"),
        ("The co-op has offered me membership and the two-bedroom unit 3B, on conditions.",
         "the two-bedroom unit 3B"),
        ("Gary offered me membership and the pontoon berth for next season.",
         "the pontoon berth"),
        ("They have offered to acquire my practice, Harlow Lane Clinic, with an earn-out.",
         "the offer to acquire my practice, Harlow Lane Clinic"),
        ("The builder sent us their quote on the loft conversion.",
         "their quote on the loft conversion"),
        ("He wants 23,500 for the car and won't move.", "the car"),
    ],
)  # fmt: skip
def test_the_subject_is_read_from_how_the_user_says_it(situation, subject):
    assert read_subject(situation) == subject


@pytest.mark.parametrize(
    "situation",
    [
        "They would not move on price and the terms don't work for me.",
        "The photographer quoted 3,200 and I set 2,500 as my limit.",
        "Not doing it. I'm out.",
    ],
)
def test_no_subject_is_made_up_from_a_sum_or_from_nothing(situation):
    assert read_subject(situation) is None


@pytest.mark.parametrize(
    "situation",
    [
        "I'm cancelling. I'm switching to the Saturday market stall but leave that out.",
        "I found a place on Alder St for less but I don't want to bring that up.",
        "no mention of me buying a trailer.",
        "Not for the letter: our reserve, and the Pellow estimate.",
        "I'd still book the odd grooming appointment.",
        # how the message should sound is said to the assistant (blind exit 26, x26-003)
        "Not signing that. don't want to sound like I'm lecturing them about their own contract",
    ],
)
def test_what_the_user_keeps_out_or_would_still_take_is_never_the_subject(situation):
    assert read_subject(situation) is None


@pytest.mark.parametrize(
    ("situation", "language", "subject"),
    [
        ("Tengo que llamar a Ramón por el presupuesto de la cocina, sale en 14.800.", "es",
         "el presupuesto de la cocina"),
        ("Malerbetrieb Schulz hat uns ein Angebot für den Fassadenanstrich geschickt.", "de",
         "das Angebot für den Fassadenanstrich"),
        ("Il nous propose un mandat de révision des comptes pour la clinique.", "fr",
         "le mandat de révision des comptes"),
        ("Não vamos avançar com o arrendamento do T2 na Rua de Cedofeita.", "pt",
         "o arrendamento do T2 na Rua de Cedofeita"),
        ("Non firmo il finanziamento della Panda con dentro l'assicurazione.", "it",
         "il finanziamento della Panda"),
    ],
)  # fmt: skip
def test_an_offer_in_another_language_is_named_with_what_it_is_for(situation, language, subject):
    assert read_foreign_subject(situation, language) == subject


@pytest.mark.parametrize(
    ("situation", "language"),
    [
        ("Temos também uma proposta da Caixa que não quero mencionar.", "pt"),
        ("No quiero que aparezca nada de que el seguro de la empresa me lo cubre.", "es"),
        ("Le plombier a donné un devis de 2 400 € pour le chauffe-eau.", "fr"),
    ],
)
def test_another_language_names_no_rival_no_secret_and_no_sum(situation, language):
    assert read_foreign_subject(situation, language) is None


def test_the_thanks_name_what_is_declined():
    request = ExitRequest(
        situation="Gary offered me the swinging mooring B14 but it's too far out. Say no.",
        channel="email",
        tone="warm",
    )
    draft = compose_exit(request, 0, "Gary", None)
    assert "for the offer for the swinging mooring B14." in draft.body


def test_a_french_thanks_contracts_around_the_named_offer():
    request = ExitRequest(
        situation="Il nous propose un mandat de révision des comptes pour la clinique. On refuse.",
        channel="email",
        tone="formal",
    )
    draft = compose_exit(request, 0, "Monsieur Perrenoud", None)
    assert "du mandat de révision des comptes" in draft.body
    assert "de le " not in draft.body
