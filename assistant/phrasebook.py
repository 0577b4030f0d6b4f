"""The offline wording of an exit message: the source's exit steps and phrases, by tone
and channel, in the language the user wrote their situation in (`data/exit_phrases.yaml`).
The offline engine drafts with it, and the guard falls back to it."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from assistant.carry import CarryReader
from assistant.engines.protocol import DraftText
from assistant.facts import parse_facts
from assistant.foreign_specifics import read_foreign_specifics
from assistant.guards import HOSTILE, RIVAL_OFFER, check_draft
from assistant.item import ItemReader
from assistant.keep_out import private_words
from assistant.languages import LANGUAGES, Language, detect_language
from assistant.schemas import DealFacts, ExitRequest, Tone
from assistant.specifics import Specifics, read_specifics, to_them
from assistant.subject import is_paper

PHRASES_PATH = Path(__file__).parent / "data" / "exit_phrases.yaml"


class Phrases(BaseModel):
    """One language's exit wording. Each step has three variants per tone; the first of
    each English one is the source's own phrasing."""

    thanks: dict[Tone, list[str]]
    decision: dict[Tone, list[str]]
    door: dict[Tone, list[str]]
    subject: dict[Tone, list[str]]
    sign_off: dict[Tone, str]
    greeting: dict[Tone, str]  # "Hi {name},"
    greeting_nameless: dict[Tone, str]  # "Dear," with no name reads as a slip
    text_greeting: str
    phone_opener: str
    phone_opener_nameless: str
    phone_pause: str  # a stage direction to the user, not said aloud
    # How the thanks name the offer, longest first: where the deal's subject is named.
    offer_said: list[str]


@lru_cache(maxsize=1)
def phrasebook() -> dict[Language, Phrases]:
    """Every language's exit wording, read and checked once."""
    data = yaml.safe_load(PHRASES_PATH.read_text(encoding="utf-8"))
    return {language: Phrases.model_validate(data[language]) for language in LANGUAGES}


def draft_language(request: ExitRequest) -> Language:
    """The language the user asked for, or else the one their situation is written in."""
    return request.language or detect_language(request.situation)


def compose_exit(
    request: ExitRequest,
    variant: int,
    name: str | None,
    sender: str | None,
    carry: CarryReader | None = None,
    item_reader: ItemReader | None = None,
) -> DraftText:
    """The source's exit steps in one tone and channel, in the draft's language, with what
    the situation asks the draft to carry (specifics.py); `variant` picks the wording. When
    the carried lines would fail a check, the draft goes without them."""
    language = draft_language(request)
    specifics, facts = _read_situation(request.situation, language, carry, item_reader)
    sender = sender or specifics.sender
    # What the user asked for, up to what the channel holds (the checks below trim more).
    most = 3 if request.channel == "text" else 5
    lines = specifics.lines()[:most]
    # What is declined, named, gives way before any line the user asked for.
    unnamed = [line for line in specifics.lines() if line != specifics.declined][:most]
    # The most the channel holds: a line that makes a text too long, or fails another
    # check, is left out, the last first; then the item named, if that fails too.
    items = [specifics.item, None] if specifics.item else [None]
    # A text that cannot hold every line first lets the user's own thank-you stand for the
    # template's, so that one more of their lines fits.
    shapes = (False, True) if request.channel == "text" else (False,)
    # (When naming it would push one of their lines past what the channel holds, the
    # draft goes without the name.)
    displaces = len(specifics.lines()) > most
    shortened = (
        ([unnamed, lines] if displaces else [lines, unnamed]) if specifics.declined else [lines]
    )
    for item in items:
        for count in range(len(lines), -1 if item else 0, -1):
            for carried, own_thanks in itertools.product(shortened, shapes):
                if own_thanks and not any(_OWN_THANKS.match(line) for line in carried[:count]):
                    continue
                draft = _compose(
                    request, language, variant, name, sender, carried[:count], item, own_thanks
                )
                checks = check_draft(
                    request.channel,
                    draft.subject,
                    draft.body,
                    request.situation,
                    facts,
                    names=(name, sender),
                )
                if all(check.passed for check in checks):
                    return draft
    return _compose(request, language, variant, name, sender, [])


@lru_cache(maxsize=32)
def _read_situation(
    situation: str,
    language: Language,
    carry: CarryReader | None,
    item_reader: ItemReader | None,
) -> tuple[Specifics, DealFacts]:
    """The situation's specifics and numbers, read once for all the variants drafted. A
    situation in one language drafted in another carries nothing: its lines would mix them."""
    facts = parse_facts(situation)
    limits = [f"{v:,.0f}" for v in (facts.minimum, facts.maximum, facts.target) if v is not None]
    limits += [f"{v:.0f}" for v in (facts.minimum, facts.maximum, facts.target) if v is not None]
    written_in = detect_language(situation)
    if written_in != language:
        return Specifics(), facts
    # What the user says not to mention is as private as the limit.
    private = [rf"\b{re.escape(word)}" for word in private_words(situation, language)]
    unsafe = re.compile(
        "|".join([RIVAL_OFFER.pattern, HOSTILE.pattern, *map(re.escape, limits), *private]),
        re.IGNORECASE,
    )
    english = language == "en"
    learned = [clause.text for clause in carry.carried(situation, english)] if carry else []
    if english:
        name_item = item_reader.name if item_reader else None
        return read_specifics(situation, unsafe, learned, name_item), facts
    return read_foreign_specifics(situation, language, unsafe, learned), facts


def _compose(
    request: ExitRequest,
    language: Language,
    variant: int,
    name: str | None,
    sender: str | None,
    carried: list[str],
    item: str | None = None,
    own_thanks: bool = False,
) -> DraftText:
    tone, channel = request.tone, request.channel
    words = phrasebook()[language]
    theirs = (
        next((line for line in carried if _OWN_THANKS.match(line)), None) if own_thanks else None
    )
    carried = [line for line in carried if line is not theirs]
    extra = " ".join(carried)
    # Three wordings per step: the first three variants take the n-th of each, the next
    # ones mix them (27 distinct drafts in all).
    turn = variant // 3
    thanks = words.thanks[tone][variant % 3]
    decision = words.decision[tone][(variant + turn) % 3]
    door = words.door[tone][(variant + 2 * turn) % 3]
    if item:  # what is declined, named: "for the offer for the car"
        thanks = _naming(thanks, item, language, words.offer_said)
    if theirs is not None:
        thanks = theirs
    if channel == "text":
        greeting = words.text_greeting.format(name=name) if name else ""
        opening = f"{greeting}{_after_greeting(thanks)}" if name else thanks
        return DraftText(body=" ".join(p for p in (opening, decision, extra, door) if p).strip())
    if channel == "phone":
        opener = words.phone_opener.format(name=name) if name else words.phone_opener_nameless
        return DraftText(
            body="\n".join([opener, thanks, decision, *carried, door, words.phone_pause])
        )
    salutation = words.greeting[tone].format(name=name) if name else words.greeting_nameless[tone]
    closing = words.sign_off[tone] + (f"\n{_signature(sender)}" if sender else "")
    middle = f"\n\n{extra}" if extra else ""
    if language == "de":  # a German letter goes on in lower case after "Hallo Anna,"
        thanks = _after_greeting(thanks)
    body = f"{salutation}\n\n{thanks} {decision}{middle}\n\n{door}\n\n{closing}"
    return DraftText(subject=words.subject[tone][variant % 3], body=body)


# Contractions a named offer may call for after the thanks' preposition.
_CONTRACTIONS: dict[Language, list[tuple[str, str]]] = {
    "fr": [
        (r"\bde le\b", "du"),
        (r"\bde les\b", "des"),
        (r"\bà le\b", "au"),
        (r"\bà les\b", "aux"),
    ],
    "es": [(r"\bde el\b", "del"), (r"\ba el\b", "al")],
}


def _naming(thanks: str, item: str, language: Language, offer_said: list[str]) -> str:
    """The thanks with the offer named: "for the offer for the car", "for your quote for the
    roof", "por el presupuesto de la cocina". A thanks that does not name the offer stays."""
    for said in offer_said:
        if said not in thanks:
            continue
        if language == "en" and not is_paper(item):
            named = f"{' '.join(said.split()[:2])} for {item}"
        else:
            named = to_them(item) if language == "en" else item
        thanks = thanks.replace(said, named, 1)
        for contracted, contraction in _CONTRACTIONS.get(language, []):
            thanks = re.sub(contracted, contraction, thanks)
        return thanks
    return thanks


def _signature(sender: str) -> str:
    """The name on its line, the role or organisation signed with it on the next:
    "Elif, owner of Copper Kettle Café" is signed "Elif" / "Owner of Copper Kettle Café"."""
    name, _, role = sender.partition(", ")
    return f"{name}\n{role[:1].upper()}{role[1:]}" if role.strip() else name


# A thank-you the user asked for, as specifics.py says it in each language.
_OWN_THANKS = re.compile(r"^(?:Thank you|Thanks|Gracias|Merci|Danke|Obrigad[oa]|Grazie)\b")

# "I" and the Italian courtesy "La" keep their capital after a greeting's comma.
_KEEPS_ITS_CAPITAL = re.compile(r"^(?:I\b|La\b)")


def _after_greeting(sentence: str) -> str:
    """A sentence that goes on after "Hi Ana,": "Hi Ana, thank you…", not "Thank you"."""
    if _KEEPS_ITS_CAPITAL.match(sentence):
        return sentence
    return sentence[:1].lower() + sentence[1:]
