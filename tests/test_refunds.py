"""Money the user wants back, asked for without its amount; nothing asked when they let it go."""

import pytest

from assistant.phrasebook import compose_exit
from assistant.refunds import read_money_back
from assistant.schemas import ExitRequest


@pytest.mark.parametrize(
    ("situation", "asked"),
    [
        ("Want my £60 deposit back and a spot on the waiting list.", "refund my deposit"),
        ("I did pay a £50 booking fee to hold the date, I want that back if possible.", "refund the booking fee"),
        ("(2) request return of the £250 holding fee paid on 3 March.", "refund the holding fee"),
        ("We paid $500 deposit last month. Want to ask for it back.", "refund the deposit"),
        ("He's holding our two hundred bucks deposit, I want it back.", "refund our deposit"),
    ],
)  # fmt: skip
def test_money_the_user_wants_back_is_asked_for(situation, asked):
    assert read_money_back(situation) == asked


@pytest.mark.parametrize(
    "situation",
    [
        "They can keep the deposit, no drama.",
        "The fee is £900 a month and he'll get back to me tomorrow.",
        "We'll come back to this in spring.",
    ],
)
def test_nothing_is_asked_back_when_the_user_lets_it_go_or_owes_it(situation):
    assert read_money_back(situation) is None


def test_the_draft_asks_for_the_refund_without_the_amount():
    request = ExitRequest(
        situation="Not booking the quartet. We paid a £60 holding fee, pls get that back x",
        channel="email",
        tone="warm",
    )
    draft = compose_exit(request, 0, "Cheryl", None)
    assert "Could you please refund the holding fee?" in draft.body
    assert "60" not in draft.body
