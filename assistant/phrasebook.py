"""The offline wording of an exit message: the source's exit steps and phrases, by tone
and channel. The offline engine drafts with it, and the guard falls back to it."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.engines.protocol import DraftText
from assistant.facts import parse_facts
from assistant.guards import HOSTILE, RIVAL_OFFER, check_draft
from assistant.schemas import DealFacts, ExitRequest
from assistant.specifics import Specifics, read_specifics

# Variants of each step, by tone; the first of each is the source's own phrasing.
THANKS = {
    "warm": [
        "Thank you so much for your time and for the offer.",
        "I really appreciate the time you've put into this, and the offer itself.",
        "Thank you for the thought and effort you've put into this proposal.",
    ],
    "firm": [
        "Thank you for your time and for the offer.",
        "I appreciate the time you've given this.",
        "Thanks for putting the proposal together.",
    ],
    "formal": [
        "Thank you for your time and for the proposal you have put forward.",
        "I appreciate the time and effort you have invested in these discussions.",
        "Please accept my thanks for your time and for the offer.",
    ],
}
DECISION = {
    "warm": [
        "I've thought it over carefully, and unfortunately the current terms don't meet my needs at this time, so I won't be moving forward.",
        "I really respect what you've proposed, but I believe this isn't the right fit at the moment, so I'm going to step back.",
        "After careful thought, I've decided not to move forward: the terms as they stand don't work for me.",
    ],
    "firm": [
        "The current terms don't meet my needs, so I won't be moving forward.",
        "I've decided not to proceed: the terms as they stand don't work for me.",
        "This isn't the right fit at the moment, so I'm going to decline.",
    ],
    "formal": [
        "Having considered it carefully, I must let you know that the current terms do not meet our needs at this time, and we will not be proceeding.",
        "After careful consideration, we have decided not to move forward, as the proposal does not meet our requirements at present.",
        "Unfortunately, the terms as they stand do not work for us, and we must respectfully decline.",
    ],
}
DOOR = {
    "warm": [
        "I'd love to revisit this conversation in the future if circumstances change.",
        "If things change on your side, please let me know. I'd be glad to talk again.",
        "I hope we can stay in touch, and I'd be happy to reconsider if the terms change.",
    ],
    "firm": [
        "If the terms change, let me know.",
        "Let me know if circumstances change.",
        "If that changes, I'm open to talking again.",
    ],
    "formal": [
        "Should circumstances change, I would welcome the opportunity to revisit this conversation.",
        "We would be glad to reconsider should the terms change in the future.",
        "Please do not hesitate to get in touch should the situation change.",
    ],
}
SUBJECT = {
    "warm": [
        "Thank you, and my decision",
        "Thanks for your offer",
        "Following up on our conversation",
    ],
    "firm": ["My decision on your offer", "Re: your offer", "Decision on the proposal"],
    "formal": [
        "Regarding your proposal",
        "Our decision on the proposal",
        "Thank you for your proposal",
    ],
}
SIGN_OFF = {"warm": "Warm regards,", "firm": "Best,", "formal": "Kind regards,"}


def compose_exit(
    request: ExitRequest, variant: int, name: str | None, sender: str | None
) -> DraftText:
    """The source's exit steps in one tone and channel, with what the situation asks the
    draft to carry (specifics.py); `variant` picks the wording. When the carried lines
    would fail a check, the draft goes without them."""
    specifics, facts = _read_situation(request.situation)
    sender = sender or specifics.sender
    plain = _compose(request, variant, name, sender, [])
    lines = specifics.lines()[: 1 if request.channel == "text" else 4]
    if not lines and not specifics.item:
        return plain
    carried = _compose(request, variant, name, sender, lines, specifics.item)
    checks = check_draft(request.channel, carried.subject, carried.body, request.situation, facts)
    return carried if all(check.passed for check in checks) else plain


@lru_cache(maxsize=32)
def _read_situation(situation: str) -> tuple[Specifics, DealFacts]:
    """The situation's specifics and numbers, read once for all the variants drafted."""
    facts = parse_facts(situation)
    limits = [f"{v:,.0f}" for v in (facts.minimum, facts.maximum, facts.target) if v is not None]
    limits += [f"{v:.0f}" for v in (facts.minimum, facts.maximum, facts.target) if v is not None]
    unsafe = "|".join([RIVAL_OFFER.pattern, HOSTILE.pattern, *map(re.escape, limits)])
    return read_specifics(situation, re.compile(unsafe, re.IGNORECASE)), facts


def _compose(
    request: ExitRequest,
    variant: int,
    name: str | None,
    sender: str | None,
    carried: list[str],
    item: str | None = None,
) -> DraftText:
    tone, channel = request.tone, request.channel
    extra = " ".join(carried)
    # Three wordings per step: the first three variants take the n-th of each, the next
    # ones mix them (27 distinct drafts in all).
    turn = variant // 3
    thanks = THANKS[tone][variant % 3]
    decision = DECISION[tone][(variant + turn) % 3]
    door = DOOR[tone][(variant + 2 * turn) % 3]
    pick = lambda options: options[variant % len(options)]  # noqa: E731
    if item:  # what is declined, named: "for the offer on the car"
        for said in ("the offer", "the proposal"):
            if said in thanks:
                thanks = thanks.replace(f"{said} itself", said).replace(
                    said, f"{said} for {item}", 1
                )
                break
    if channel == "text":
        greeting = f"Hi {name}, " if name else ""
        return DraftText(
            body=" ".join(p for p in (f"{greeting}{thanks}", decision, extra, door) if p).strip()
        )
    if channel == "phone":
        opener = f"Hi {name}, " if name else "Hi, "
        lines = [
            f"{opener}thanks for taking my call.",
            thanks,
            decision,
            *carried,
            door,
            "(Then pause and listen. If they press, repeat calmly that the current terms don't work for you.)",
        ]
        return DraftText(body="\n".join(lines))
    greeting = {"warm": "Hi", "firm": "Hello", "formal": "Dear"}[tone]
    # "Dear," with no name reads as a slip; a nameless formal email opens "Hello,".
    salutation = (
        f"{greeting} {name}," if name else ("Hello," if tone == "formal" else f"{greeting},")
    )
    closing = SIGN_OFF[tone] + (f"\n{sender}" if sender else "")
    middle = f"\n\n{extra}" if extra else ""
    body = f"{salutation}\n\n{thanks} {decision}{middle}\n\n{door}\n\n{closing}"
    return DraftText(subject=pick(SUBJECT[tone]), body=body)
