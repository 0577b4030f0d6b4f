"""What a chat message is for."""

from __future__ import annotations

import pytest

from assistant.intents import is_evidence, read_intent


@pytest.mark.parametrize(
    ("message", "kind", "amount"),
    [
        ("What if he drops to 21,000?", "what_if", 21000),
        ("Suppose they come back at 19.5k", "what_if", 19500),
        ("And if they offer 4,200?", "what_if", 4200),
        ("What should I say to the salesman right now?", "what_to_say", None),
        ("how do I respond to that", "what_to_say", None),
        ("Is this normal?", "is_normal", None),
        ("Is it normal that they want the full 18,000 up front?", "is_normal", None),
        ("Draft an exit email for me", "draft", None),
        ("Help me say no politely.", "draft", None),
        ("Should I take it?", "question", None),
        ("He just called back: 19,800 out the door.", "news", None),
        ("If they offer under 20,000 I walk.", "news", None),
    ],
)
def test_each_message_is_read_for_what_it_is(message, kind, amount):
    intent = read_intent(message)
    assert intent.kind == kind
    assert intent.amount == amount


def test_a_what_if_is_not_evidence_but_a_question_may_carry_news():
    assert not is_evidence("What if he drops to 21,000?")
    assert is_evidence("Is it normal that they want the full 18,000 up front?")
    assert is_evidence("If they offer under 20,000 I walk.")
