"""Things of the user's they want given back, asked for in an exit draft: "request the return
of the original 1912 cartoon drawings", "ask her 2 return the spare key", "need my negatives
back", "she still has my glaze test tiles, want those back", "She's got our original photo
of the frontage, that needs to come back".

The draft asks for the thing as the user names it: "Could you please return the original
1912 cartoon drawings?". A pronoun ("want those back") is read as the thing the other side
was just said to have. English only; money back is refunds.py's.
"""

from __future__ import annotations

import re

from assistant.sentences import SITUATION_BREAKS

# The thing: a determiner, then up to six words, up to a clause's end, a reason or a place.
_NOT_OF_THE_THING = (
    r"(?!(?:and|or|but|that|which|who|lent|left|he|she|they|we|i|you|on|in|at|from|to|for|"
    r"by|so|because|as|if|when|back|please|pls|asap|too|though|tho|out|off|with|sent|returned|"
    r"given|handed|posted|dropped|couriered|brought|mailed|emailed)\b)"
)
_THING = (
    r"((?:the|my|our|their|his|her|those|these|all the|all our)\s+"
    rf"(?:{_NOT_OF_THE_THING}[\w'’-]+\s+){{0,5}}{_NOT_OF_THE_THING}[\w'’-]*[a-z])"
)
_GIVE_BACK = r"(?:return|send back|give back|hand back|drop back|post back|bring back)"
_ASKED = re.compile(
    # "request the return of …", "Request: return of …"
    rf"\b(?:request(?:ing)?|ask(?:ing)? for|want|need|like)\b:?\s+(?:the\s+)?return of\s+{_THING}|"
    rf"^\W*(?:\(\w\)\s*)?(?:request|ask)\s*:\s*(?:the\s+)?return of\s+{_THING}|"
    # "ask her 2 return the spare key", "please return our measurement sheets"
    rf"\b(?:ask|tell|get)\s+(?:him|her|them|[A-Z][a-z]+)\s+(?:to|2)\s+{_GIVE_BACK}\s+{_THING}|"
    rf"\bplease\s+{_GIVE_BACK}\s+{_THING}|"
    # "need my negatives back", "what I need most is the T-shirts back"
    rf"\b(?:want|need|like|get|is|are)\s+{_THING}\s+back\b",
    re.IGNORECASE | re.MULTILINE,
)
# "want those back", "that needs to come back": the thing the other side was said to have.
_POINTED_BACK = re.compile(
    r"\b(?:want|need|like|get)\s+(?:that|those|them|it|these)\s+back\b|"
    r"\b(?:that|those|they|it)\s+(?:needs?|has|have)\s+to\s+come\s+back\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    rf"\b(?:has|have|['’]s got|got|holding|took|kept|borrowed|still has)\s+(?:still\s+)?{_THING}",
    re.IGNORECASE,
)
_THEIRS_BEFORE = re.compile(
    r"\b(?:they|he|she|the \w+|(?-i:[A-Z][a-z]+))\s+(?:\w+\s+)?$", re.IGNORECASE
)
_MONEY = re.compile(
    r"[$€£¥₱₦]|\d[\d,.]*\s*(?:k|bucks|quid)\b|\b(?:deposit|fee|advance|retainer|bond|money)\b",
    re.I,
)


def read_return(situation: str) -> str | None:
    """What the draft asks to have returned ("return the spare key"), or None."""
    for sentence in SITUATION_BREAKS.split(situation):
        found = _ASKED.search(sentence)
        thing = next((group for group in (found.groups() if found else ()) if group), None)
        if found is not None and _THEIRS_BEFORE.search(sentence[: found.start()]):
            thing = None  # "they want the keys back": their ask, not the user's
        if thing is None and (pointer := _POINTED_BACK.search(sentence)) is not None:
            held = list(_HELD.finditer(sentence[: pointer.start()]))
            thing = held[-1].group(1) if held else None
        if thing is None or _MONEY.search(thing):
            continue
        # "her signed copy of the NDA": the user's side, said by them, is "the".
        thing = re.sub(r"^(?:his|her|their)\s+", "the ", thing.strip(), flags=re.IGNORECASE)
        return f"return {thing}"
    return None
