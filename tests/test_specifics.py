"""What an exit draft carries from the situation, in the user's own words."""

from __future__ import annotations

import re

from assistant.exits import draft_exit
from assistant.schemas import ExitRequest
from assistant.specifics import read_specifics


def test_a_request_for_documents_is_turned_to_the_other_side():
    found = read_specifics("The plan is too dear. I need copies of my x-rays before I go.")
    assert found.lines() == ["Could you please send me copies of my x-rays?"]


def test_what_the_user_still_offers_and_when_the_lease_ends_are_carried():
    found = read_specifics(
        "My lease ends in June and the rent goes up. I'm happy to do a paid walkthrough instead."
    )
    assert found.lines() == [
        "As the lease ends in June, I won't be continuing after that.",
        "I'd still be glad to do a paid walkthrough instead.",
    ]


def test_needs_that_are_not_requests_and_offers_to_leave_are_not_carried():
    found = read_specifics("I need a car that works. I'm happy to walk away. I need to think.")
    assert found.lines() == []


def test_a_phrase_that_would_leak_is_left_behind():
    unsafe = re.compile(r"20,000|other offer", re.I)
    found = read_specifics(
        "Please send the contract for 20,000 back. I'd like the other offer in writing.", unsafe
    )
    assert found.lines() == []


def test_the_draft_is_signed_with_the_name_the_situation_gives(runtime):
    result = draft_exit(
        runtime,
        ExitRequest(situation="The retainer is too long. Sign as Dana Moore.", channel="email"),
    )
    assert result.drafts[0].body.rstrip().endswith("Dana Moore")


def test_a_draft_carries_the_ask_and_still_leaks_nothing(runtime):
    situation = "Their quote is 18,000; my max is 15,000. Please send an itemised statement."
    body = draft_exit(runtime, ExitRequest(situation=situation, channel="email")).drafts[0].body
    assert "Could you please send an itemised statement?" in body
    assert "15,000" not in body and "18,000" not in body


def test_the_draft_names_what_is_declined(runtime):
    situation = "The dealer wants 23,500 for the car and says it is only good today."
    body = draft_exit(runtime, ExitRequest(situation=situation, channel="email")).drafts[0].body
    assert "the offer for the car" in body and "23,500" not in body
