"""Things of the user's they want given back, asked for as they name them; a pronoun read as
what the other side was said to have; never their own ask, never money."""

import pytest

from assistant.phrasebook import compose_exit
from assistant.returns import read_return
from assistant.schemas import ExitRequest


@pytest.mark.parametrize(
    ("situation", "asked"),
    [
        ("(b) request the return of the original 1912 cartoon drawings lent to him.", "return the original 1912 cartoon drawings"),
        ("ask her 2 return the spare key.", "return the spare key"),
        ("need my negatives back out the drying cabinet tho.", "return my negatives"),
        ("he's still got the owl in his freezer, I'd like that back please.", "return the owl"),
        ("She wants us to request the return of her signed copy of the NDA.", "return the signed copy of the NDA"),
    ],
)  # fmt: skip
def test_a_thing_the_user_wants_back_is_asked_for(situation, asked):
    assert read_return(situation) == asked


@pytest.mark.parametrize(
    "situation",
    [
        "They want the keys back by Friday.",
        "We paid a £300 holding deposit in March - ask for it back.",
        "Gotta ring back the bird of prey bloke.",
    ],
)
def test_their_ask_money_and_a_call_back_are_not_asked_for(situation):
    assert read_return(situation) is None


def test_the_draft_asks_for_the_thing_back():
    request = ExitRequest(
        situation="We're not booking the harp. Please return our sheet music.",
        channel="email",
        tone="warm",
    )
    draft = compose_exit(request, 0, "Morag", None)
    assert "Could you please return our sheet music?" in draft.body
