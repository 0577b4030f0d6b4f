"""Money the user wants back, asked for in an exit draft: a deposit, holding fee, booking fee,
advance, retainer or bond they paid, and a wish to have it back, however it is put ("Want my
£60 deposit back", "we paid a £60 holding fee pls get that back x", "request return of the
£250 holding fee", "I paid already £80 deposit, I want it back please").

The draft asks for the thing as the user names it and never quotes the amount: "Could you
please refund the holding fee?". English only; a wish not to have it back ("keep the
deposit", "no need to refund it") asks for nothing.
"""

from __future__ import annotations

import re

from assistant.sentences import SITUATION_BREAKS

# What was paid up front, with the word that says what for: "holding fee", "booking fee".
_PREPAID = (
    r"(?:(?P<whose>my|our|the|their|his|her|a|an)\s+)?(?:[$€£¥]?\d[\d,.]*\s*(?:k\b|bucks\s+)?\s*)?"
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\s+)*"
    r"(?:(?:bucks|quid|pounds|dollars|euros|rand)\s+)?"
    # "key fob deposit", "site visit fee": up to two words of what it was paid for
    r"(?P<kind>(?:(?!(?:and|or|but|the|a|an|my|our|paid|pay|back|that|it|this|of|for|to)\b)"
    r"[a-z][a-z-]*\s+){0,2}(?:deposit|fee|advance|retainer|bond|down ?payment|prepayment|"
    r"token(?: amount)?))\b"
)
_PREPAID_NOUN = re.compile(_PREPAID, re.IGNORECASE)
# A bare "fee" is theirs to charge unless the user says they paid it.
_PAID = re.compile(r"\b(?:paid|pay|put down|gave|sent|transferred|holding|already)\b", re.I)
# The wish to have it back: "want it back", "get that back", "refund", "return of".
_BACK = re.compile(
    r"\b(?:want|wanna|get|have|ask(?:ing)? for|like|need|see if we can|recover|claim)\b"
    r"(?:\s+[\w'’£$€.,-]+){0,6}?\s+back\b|"
    r"\b(?:refund\w*|reimburs\w*|repay\w*|return of|returned|recover\w*)\b",
    re.IGNORECASE,
)
_NOT_BACK = re.compile(
    r"\b(?:keep|no need to|don'?t|do not|won'?t|never)\b(?:\s+\w+){0,3}\s+"
    r"(?:(?:it|that|the|my|our)\s+)?(?:back|refund|deposit|fee|return)",
    re.IGNORECASE,
)


def read_money_back(situation: str) -> str | None:
    """What the draft asks to have refunded ("refund the holding fee"), or None. The thing
    is found in the sentence that asks for it back, or in one of the two before it."""
    sentences = SITUATION_BREAKS.split(situation)
    for index, sentence in enumerate(sentences):
        if not _BACK.search(sentence) or _NOT_BACK.search(sentence):
            continue
        for earlier in (sentence, *reversed(sentences[max(0, index - 2) : index])):
            for found in _PREPAID_NOUN.finditer(earlier):
                kind = re.sub(r"\s+", " ", found["kind"]).lower()
                if kind == "fee" and not _PAID.search(earlier):
                    continue
                whose = (found["whose"] or "").lower()
                determiner = whose if whose in ("my", "our") else "the"
                return f"refund {determiner} {kind}"
    return None
