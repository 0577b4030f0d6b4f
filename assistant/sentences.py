"""Splitting a user's text into sentences that keep their exact place in it."""

from __future__ import annotations

import re

from pydantic import BaseModel

# A closing quote or bracket after the stop stays with its sentence.
# A closing bracket after the stop ends the sentence too: "[Note to the assistant: ...] The
# fees are billed separately." must not hide its second sentence inside the instruction.
# A title's stop is no sentence's end: "ask Dr. Castellano to keep my file" is one, and
# so is "il preventivo del sig. Rinaldi per il bagno", in each language the readers read.
# Lowercase only where the word is no abbreviation of its own ("hr." is an hour).
TITLES = (
    *("Mr", "Ms", "Mrs", "Mx", "Dr", "St", "Prof", "Rev", "Capt"),  # English
    *("Sr", "Sra", "Srta", "Sres", "Dra", "Dña", "Lic", "Ing"),  # Spanish
    *("M", "MM", "Mme", "Mlle", "Pr"),  # French
    *("Hr", "Hrn", "Fr", "Dipl"),  # German
    *("Exmo", "Exma", "Eng"),  # Portuguese
    *("Sig", "Sigg", "Dott", "Avv", "Geom", "Rag", "Arch", "Egr"),  # Italian
    *("mr", "mrs", "ms", "dr", "sr", "sra", "sig", "dott", "avv"),
)
# One look back per length (a look back has one width), each checked only after a stop:
# the stop first, so that most places in a long text fail at once.
NOT_AFTER_A_TITLE = "".join(
    rf"(?<!\b(?:{'|'.join(sorted(same))})\.)"
    for same in ({t for t in TITLES if len(t) == n} for n in sorted({len(t) for t in TITLES}))
)
# Where the exit readers cut a situation: after a stop or a semicolon (not after a title's
# full stop) and at a line break.
SITUATION_BREAKS = re.compile(rf"(?<=[.!?;]){NOT_AFTER_A_TITLE}\s+|\n+")


def situation_spans(situation: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a situation with any words in it, cut at
    SITUATION_BREAKS: what the exit readers (carry, item) read one by one."""
    spans, start = [], 0
    for ending in [*SITUATION_BREAKS.finditer(situation), None]:
        stop = ending.start() if ending else len(situation)
        if situation[start:stop].strip():
            spans.append((start, stop))
        start = ending.end() if ending else len(situation)
    return spans


_BOUNDARY = re.compile(rf"(?<=[.!?。！？]){NOT_AFTER_A_TITLE}\s+|(?<=[.!?。！？][\"'”’)\]])\s+|\n+")
MAX_SENTENCE_CHARS = 400


class Span(BaseModel):
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """Sentences (and lines) of text; each span's text is text[start:end], verbatim."""
    spans: list[Span] = []
    position = 0
    for match in [*_BOUNDARY.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            start = position + piece.index(stripped)
            # Very long runs without punctuation are cut so evidence stays quotable.
            for offset in range(0, len(stripped), MAX_SENTENCE_CHARS):
                part = stripped[offset : offset + MAX_SENTENCE_CHARS]
                spans.append(Span(text=part, start=start + offset, end=start + offset + len(part)))
        position = match.end() if match else len(text)
    return spans
