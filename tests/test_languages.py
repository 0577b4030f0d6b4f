"""Which language a situation is written in: the one its drafts are written in."""

import pytest

from assistant.languages import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The landlord wants 2,400 a month and I told him I'd think about it.", "en"),
        ("ok so the guy wants 900 for the bike, thats way more than i want to pay lol", "en"),
        ("El casero me sube el alquiler a 950 y no quiero seguir con el piso.", "es"),
        ("Le garage me demande 1 200 euros pour la réparation et je ne suis pas d'accord.", "fr"),
        ("Der Händler will 14.000 für das Auto und ich möchte nicht mehr verhandeln.", "de"),
        ("O senhorio quer aumentar a renda e eu não quero continuar com a casa.", "pt"),
        (
            "Il fornitore vuole un anticipo del 50% e non mi sembra giusto per un primo ordine.",
            "it",
        ),
        ("De verhuurder wil de huur verhogen en ik wil niet verlengen met hem.", "nl"),
        (
            "Il fornitore vuole un anticipo del 50%. Digli che possiamo riparlarne a settembre.",
            "it",
        ),
        ("Ha! You're having a laugh. Tell your client to come back later.", "en"),
    ],
)
def test_a_situation_reads_as_the_language_it_is_written_in(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "ok", "12,500?", "Da, da, ok, 3 containers."])
def test_too_little_to_tell_reads_as_english(text):
    assert detect_language(text) == "en"
