"""What a chat message is for: news about the deal, a what-if on a number, a question
("what do I say now?", "is this normal?"), or a request for a draft.

A what-if is answered with the verdict recomputed for its number and leaves the deal as
it was (its number is never the offer); a question is answered for what it asks, and
still read with the deal, since questions carry news too.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from assistant.facts import find_amounts

IntentKind = Literal["news", "what_if", "what_to_say", "is_normal", "draft", "question"]


class Intent(BaseModel):
    kind: IntentKind
    amount: float | None = None  # the number a what-if asks about


# "What if he drops to 21,000?", "Suppose they come back at 19.5k", "Y si baja a 21.000?"
_WHAT_IF = re.compile(
    r"\b(what if|what about if|suppose|supposing|say (he|she|they) |if (he|she|they|the \w+) "
    r"(drops?|comes? (down|up|back)|goes? (down|up)|offers?|moves?|meets? me|counters?|says?)|"
    r"and if|y si|et si|und wenn|was wäre wenn|e se)\b",
    re.IGNORECASE,
)
_WHAT_TO_SAY = re.compile(
    r"\b(what (do|should|can|could) I (say|tell|reply|answer|write|text)|how (do|should|can) I "
    r"(respond|reply|answer|say|word|phrase|push back|counter)|what('s| is) (a good|the best|my) "
    r"(reply|answer|response|line|comeback)|give me (a|the) (line|script|words)|"
    r"qu[eé] (le )?digo|que (lui )?dire|was soll ich sagen|o que (eu )?digo)\b",
    re.IGNORECASE,
)
_IS_NORMAL = re.compile(
    r"\b(is (this|that|it) (normal|usual|standard|common|typical|ok|okay|legit|fair|a red flag|"
    r"a tactic)|is that how (it|this) works|do (they|people) usually|red flag\?|"
    r"es normal|c'est normal|ist das normal|é normal)\b",
    re.IGNORECASE,
)
_DRAFT = re.compile(
    r"\b((draft|write|compose|prepare) (me )?(an?|the|my)? ?(exit|decline|reply|email|message|"
    r"text|note)|help me (decline|say no|walk away|back out)|how do I (decline|say no|walk away|"
    r"back out))\b",
    re.IGNORECASE,
)


def read_intent(message: str) -> Intent:
    """The message's purpose, read from its wording; news when nothing else fits."""
    text = message.strip()
    # A what-if is asked: "If they offer under 20,000 I walk." is the user's line, not one.
    if _WHAT_IF.search(text) and ("?" in text or re.match(r"\W*(what if|suppose)", text, re.I)):
        amounts = find_amounts(text)
        if amounts:
            return Intent(kind="what_if", amount=amounts[-1][0].amount)
    if _DRAFT.search(text):
        return Intent(kind="draft")
    if _WHAT_TO_SAY.search(text):
        return Intent(kind="what_to_say")
    if _IS_NORMAL.search(text):
        return Intent(kind="is_normal")
    if text.endswith("?") and not find_amounts(text):
        return Intent(kind="question")
    return Intent(kind="news")


def is_evidence(message: str) -> bool:
    """Whether a user message is read as part of the deal. Everything is but a what-if: a
    question may carry news ("is it normal that they want it all up front?"), a
    hypothetical number is not the offer."""
    return read_intent(message).kind != "what_if"
