"""Whom an exit message greets, read by a learned name reader when no grammar reads them.

The counterpart grammars (specifics.read_counterpart, foreign_specifics.read_titled_name,
counterpart.read_introduced_name) know set ways of introducing a person. People introduce
them in many more: "Wilf reckons the fence is 900", "say thanks to Imogen", "treasurer
Bernadette told us", a signature under a pasted message. This module reads every run of
capitalised words (a title before it kept: "Herr Vogt") with a logistic head
(training/addressee.py) on the tagger's token states, as the item reader reads phrases. The
likeliest run greets the counterpart when the head is sure of it; the threshold was chosen
for precision on situations no exit set holds, where a situation naming nobody to greet
counts against every name read. A wrong name is worse than none.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from assistant.counterpart import is_common_word
from assistant.item import Phrase, PhraseHead, said_until
from assistant.keep_out import keeps_out, private_words
from assistant.languages import detect_language
from assistant.sentences import TITLES, situation_spans
from assistant.stance import head_for

ADDRESSEE_FILE = Path(__file__).parent / "data" / "addressee.npz"

_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*"
# Small words inside a name: "Ruiz de la Torre", "Joost van der Berg".
_PARTICLE = r"(?-i:de|da|do|dos|das|del|della|di|van|von|der|den|du|la|le|al|bin|ten|ter)"
_TITLE = rf"(?:{'|'.join(sorted(TITLES, key=len, reverse=True))})\.?"
_RUN = re.compile(
    rf"(?<![\w'’-])(?:{_TITLE}\s+)?{_CAPITALISED}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_CAPITALISED}){{0,3}}"
    # a number after it makes it a code, no name: "Lot 2", "Room 14B"
    r"(?:\s+\d[\w/-]*)?(?![\w'’-])"
)


def candidates(situation: str) -> list[Phrase]:
    """Every maximal run of capitalised words in a sentence, less the ordinary words that
    open it ("Tell Joost van der Berg" greets "Joost van der Berg") and a possessive's "'s";
    with no digit in it, no contraction ("I'll") and more than one letter ("I" is no one)."""
    found = []
    for index, (start, stop) in enumerate(situation_spans(situation)):
        for run in _RUN.finditer(situation, start, stop):
            at, text = run.start(), _POSSESSIVE.sub("", run.group(0)).rstrip("'’-")
            while " " in text and _opens_with_an_ordinary_word(text):
                first, rest = text.split(" ", 1)
                at, text = at + len(first) + 1, rest.lstrip()
            if len(text) > 1 and not _NOT_A_NAME.search(text):
                found.append(Phrase(text, at, at + len(text), index, None))
    return found


_POSSESSIVE = re.compile(r"['’]s$")  # "Cormac's quote" is Cormac's
_NOT_A_NAME = re.compile(r"\d|['’](?:ll|d|m|s|ve|re|t)$", re.IGNORECASE)


def _opens_with_an_ordinary_word(run: str) -> bool:
    first = run.split(" ", 1)[0]
    return first.rstrip(".") not in TITLES and is_common_word(first)


def may_greet(situation: str, sender: str | None = None) -> list[Phrase]:
    """The runs a draft may greet: none from a sentence that talks of not saying something,
    none from words addressed to an assistant, none holding a word the user keeps out, and
    not the sender."""
    language = detect_language(situation)
    until = said_until(situation)
    spans = situation_spans(situation)
    private = set(private_words(situation, language))
    mine = set((sender or "").lower().split())
    return [
        run
        for run in candidates(situation)
        if run.end <= until[run.sentence]
        and not keeps_out(situation[slice(*spans[run.sentence])], language)
        and not {word.lower() for word in run.text.split()} & (private | mine)
    ]


# The German title as the user wrote it after "an", "mit" ("an Herrn Vogt"), and as a
# greeting says it ("Sehr geehrter Herr Vogt").
_DATIVE_TITLE = re.compile(r"^Herrn\b")


def as_greeted(name: str) -> str:
    return _DATIVE_TITLE.sub("Herr", name)


class AddresseeReader(PhraseHead):
    def addressee(self, situation: str, sender: str | None = None) -> str | None:
        """The person the message is to, as the user wrote them, or None when the head is
        sure of no run the draft may greet (`may_greet`)."""
        found = may_greet(situation, sender)
        if not found:
            return None
        chances = self.probabilities(situation, found)
        best = int(np.argmax(chances))
        return as_greeted(found[best].text) if chances[best] >= self.threshold else None


def load_addressee_reader(tagger: object, path: Path = ADDRESSEE_FILE) -> AddresseeReader | None:
    """The head on this tagger's vectors; None when it was trained on another tagger's, or
    there is no tagger or no head: drafts then greet whom the grammars read."""
    head = head_for(tagger, path)
    return AddresseeReader(*head, tagger) if head is not None else None
