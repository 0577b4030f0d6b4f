"""Who the message is for when the user introduces them only in passing: in brackets, of an
organisation, by role, by name, as the one who offers or the one written to; never a day, a
pet, a child, a place or the user's own side."""

import pytest

from assistant.counterpart import read_introduced_name
from assistant.exits import draft_exit
from assistant.schemas import ExitRequest
from assistant.specifics import read_counterpart


@pytest.mark.parametrize(
    ("situation", "name"),
    [
        ("St Columba's hall, Sat 14 June: the caretaker (Brian) now says we must use their caterer.", "Brian"),
        ("Hollins Farm offered a place, but Sue (the owner) insists we use her farrier.", "Sue"),
        ("Phone script pls. Pest control guy, Lenny from VerminGuard, wants a 24-month contract.", "Lenny"),
        ("The allotments committee (secretary is Jean Whitlow) offered me plot 14B.", "Jean Whitlow"),
        ("slt! le DJ pour notre mariage (il s'appelle Kévin) nous demande 1900.", "Kévin"),
        ("Iván, el chaval que vende el Seat, no baja el precio.", "Iván"),
        ("Tell Kofi no on the back bedroom at the Elm Street house.", "Kofi"),
        ("- Cliente: Distribuciones Garrido (contacto: Íñigo Garrido)", "Íñigo Garrido"),
        # said to do what only a person does
        ("Denise, who manages it, was super nice at first.", "Denise"),
        ("so the sailing school (Rhonda runs it) wants me to prepay the summer.", "Rhonda"),
        # after their role, before the deal verb, or written to with their role
        ("ok so the hay guy, Wade, wants $95 a round bale delivered.", "Wade"),
        ("The deli man Arturo want buy all my honey this year.", "Arturo"),
        ("lol ok so the taxidermy course guy Cody now wants another $350.", "Cody"),
        ("Their AE Jordan says there's no monthly option.", "Jordan"),
        ("Please write to painter Olga: no to the pet portrait.", "Olga"),
        # opening a sentence, of an organisation, and never an ordinary word
        ("We grow cider fruit. Tom from Wyld Cider wants the lot at £120/tonne.", "Tom"),
        ("Gwen at Brook Lane Garden Centre wants 400 potted lavender by May.", "Gwen"),
    ],
)  # fmt: skip
def test_a_person_introduced_in_passing_is_named(situation, name):
    assert read_introduced_name(situation) == name


@pytest.mark.parametrize(
    "situation",
    [
        "I'd booked Bella (my cockapoo) into Paws & Claws for the week.",
        "We'd look at a Friday date at the Foundry if the old minimum applies.",
        "A gallery in Brighton wants to borrow the watercolours.",
        "My dentist's practice (Greenway Dental) is moving patients onto a plan.",
        "Norman wants £850 for his old telescope.",  # a sentence's first word: could be anything
        "My daughter Bella, who loves horses, cried all the way home.",
        "Don't mention Hatch Street Roasters who offered £14.",  # the end of a longer name
        "We went to see our builder, Tom, about the porch.",  # the user's own side
        "tell her Layla got her 25m badge, thanks to her.",  # a pronoun is no role
        # words the corpora write in lowercase, and a title alone
        "She wants full payment upfront. Cannot, our finance needs 30 days invoice.",
        "Honestly, the price is fine but the terms are not.",
        "Prices from Acme went up again, so we pass.",
        "Reply to Lumen Glass Studio (contact: Ms. Fitzgerald) and say no.",
    ],
)
def test_no_pet_place_organisation_or_guess_is_greeted(situation):
    assert read_introduced_name(situation) is None


def test_german_nouns_are_no_names_unless_one_is_named_as_such():
    situation = "Die Anzahlung von 400 € hätten wir gern zurück. Wir sagen die Band ab."
    assert read_introduced_name(situation, language="de") is None
    assert read_introduced_name("Der Bandleader heißt Mehmet.", language="de") == "Mehmet"


def test_an_exit_with_no_name_in_the_form_greets_the_person_introduced(runtime):
    request = ExitRequest(
        situation="Gwen wants 400 lavender by April. Pest control guy, Lenny from VerminGuard, "
        "wants a 24-month contract. Not signing.",
        channel="email",
        tone="firm",
    )
    draft = draft_exit(runtime, request).drafts[0]
    assert draft.body.startswith("Hello Lenny,")


@pytest.mark.parametrize(
    "situation",
    [
        "Honestly the rep was pushy and tried the 'today only' thing.",
        "Frankly the coach spends half the lesson on his phone.",
        "Privately, the client has lost interest in the deal anyway.",
        "From the principal's office: write to the supplier, say no.",
    ],
)
def test_an_ordinary_english_word_before_a_role_greets_nobody(situation):
    assert read_counterpart(situation) is None


def test_a_title_before_a_name_still_names_them():
    situation = "Father Michael, the parish priest, asked us to rent the hall."
    assert read_counterpart(situation) == "Father Michael"


def test_a_piece_of_a_longer_name_is_no_name():
    situation = "My film agency StarCrowd wants 150 euro. StarCrowd from Milan says pay now."
    assert read_introduced_name(situation, language="en") is None
