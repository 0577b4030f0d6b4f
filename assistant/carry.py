"""What else an exit message should pass on, read by a learned clause reader.

The instruction grammar in `specifics.py` carries what the user tells the draft to say in
the words it knows ("tell her…", "ask if…", "I'd still be glad to…"). People put the same
wish many other ways: a need stated plainly ("I'd like to book the move-out inspection"),
an aside ("I'd still lend her 500 till payday, tell her that"), a bullet ("• we may come
back for the 2026 summit"). This module reads each clause of the situation with a logistic
head (training/carry.py) on what the stance head reads (hashed n-grams and the tagger's
sentence vector), the sentence's vector around it, and the grammar's own flags, and says
the clauses it is sure of in the user's voice, facing the counterpart. What may never be
carried (a limit, a rival, a hostile word, a yes to the deal, a claimed deed, a bluff,
words addressed to an assistant) stays out whatever the head says: `specifics` filters
every line the same way. A situation in one of the six other languages is read by a head
of its own, trained on their rows alone, at a stricter threshold; `foreign_specifics`
filters its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.sentences import situation_spans
from assistant.specifics import grammar_reading
from assistant.stance import head_for, stance_features

CARRY_FILE = Path(__file__).parent / "data" / "carry.npz"

_BULLET = re.compile(r"^\s*(?:[-*•·‣▪]|\d{1,2}[.)])\s+")
# Where one clause ends and the next begins: a comma, a semicolon, a colon or a dash, and
# "and"/"but" (in the six languages) before a new subject or an instruction.
_CONJUNCTIONS = r"and|but|so|plus|y|pero|et|mais|und|aber|e|ma|mas|en|maar"
_NEW_SUBJECT = (
    r"i|i'd|i'm|i'll|id|im|we|we'd|we'll|we're|please|pls|tell|ask|say|let|make|"
    r"yo|dile|dígale|je|j'|nous|dis|ich|wir|sag|sagen|io|noi|dì|digli|dille|eu|nós|diz|fala|"
    r"ik|wij|we|zeg"
)
_BREAK = re.compile(
    rf"\s*[;:]\s+|\s+[—–-]\s+|,\s+|\s+(?=(?:{_CONJUNCTIONS})\s+(?:{_NEW_SUBJECT})\b)|"
    # "…for the trial night so she needs to know we'll come for the crate": the reason after
    # "so" is a clause of its own
    r"\s+(?=so\s+(?:he|she|they)\b)",
    re.I,
)
_MIN_WORDS = 3


# A clause that names its thing only by a pronoun: "I want it back", "send those".
_POINTS_BACK = re.compile(r"\b(?:it|them|those|these)\b(?!\s+(?:to|that)\b)", re.I)


@dataclass(frozen=True)
class Clause:
    text: str
    sentence: str
    start: int  # where the clause starts in the situation
    end: int


def clauses(situation: str) -> list[Clause]:
    """The situation's clauses, each of three words or more (a shorter piece joins the
    clause before it), with its sentence and its place in the text."""
    found: list[Clause] = []
    # Any full stop ends a sentence, whatever follows: texts go on in lower case ("…al mes. yo
    # maximo 35"); a title's does not ("Dr. Castellano").
    for sentence_start, sentence_end in situation_spans(situation):
        sentence = situation[sentence_start:sentence_end]
        offset = sentence_start
        if (bullet := _BULLET.match(sentence)) is not None:
            offset += bullet.end()
            sentence = sentence[bullet.end() :]
        pieces: list[tuple[int, int]] = []
        at = 0
        for cut in [*_BREAK.finditer(sentence), None]:
            stop = cut.start() if cut else len(sentence)
            if sentence[at:stop].strip():
                if pieces and len(sentence[at:stop].split()) < _MIN_WORDS:
                    pieces[-1] = (pieces[-1][0], stop)
                else:
                    pieces.append((at, stop))
            at = cut.end() if cut else stop
        if len(pieces) > 1 and len(sentence[pieces[0][0] : pieces[0][1]].split()) < _MIN_WORDS:
            pieces[:2] = [(pieces[0][0], pieces[1][1])]
        whole = sentence.strip()
        for start, stop in pieces:
            text = sentence[start:stop].strip().rstrip(".!")
            if text:
                found.append(Clause(text, whole, offset + start, offset + stop))
    return found


def carry_features(found: list[Clause], encoder: Any) -> np.ndarray:
    """One row per clause: its n-grams and meaning, its sentence's meaning, the grammar's
    flags."""
    if not found:
        return np.zeros((0, 0), dtype=np.float32)
    texts = [clause.text for clause in found]
    sentences = np.asarray(encoder.embed([clause.sentence for clause in found]), np.float32)
    flags = np.asarray([grammar_reading(clause.text) for clause in found], dtype=np.float32)
    return np.hstack([stance_features(texts, encoder), sentences, flags])


@dataclass(frozen=True)
class ForeignHead:
    """The head for situations in the other six languages (training/carry.py)."""

    weight: np.ndarray
    bias: float
    threshold: float


@dataclass(frozen=True, eq=False)  # hashed by identity: drafts cache per reader
class CarryReader:
    weight: np.ndarray
    bias: float
    threshold: float
    tagger: Any
    # None for a head file from before it had one: those situations then carry what their
    # instruction grammar reads.
    foreign: ForeignHead | None = None

    def probabilities(self, found: list[Clause], english: bool = True) -> np.ndarray:
        if not found:
            return np.zeros(0, dtype=np.float32)
        weight, bias = (self.weight, self.bias)
        if not english and self.foreign is not None:
            weight, bias = self.foreign.weight, self.foreign.bias
        logits = carry_features(found, self.tagger.encoder) @ weight + bias
        return 1 / (1 + np.exp(-logits))

    def describes_the_deal(self, found: list[Clause]) -> np.ndarray:
        """A mask: the clauses the tagger reads a sign of any kind in, or the user content
        with the deal (at its threshold for a finding). Those tell the deal or the user's
        position (their terms, the user's alternatives, feelings, praise of the deal), not
        what the message should say, and the user's leverage must never be carried
        whatever the head says. Leaning was not enough: a date the user sets ("we'll
        return the fresnels by Thursday") leans towards urgency."""
        if not found:
            return np.zeros(0, dtype=bool)
        seen = self.tagger.probabilities([clause.text for clause in found])
        return np.asarray(seen.max(axis=1) >= self.tagger.calibration.found_at)

    def carried(self, situation: str, english: bool = True) -> list[Clause]:
        """The clauses the head is sure the user wants passed on, in their order; one that
        points back ("and I want it back") keeps the clause before it in its sentence, the
        thing it points to ("I put down a $500 deposit"). In the other languages the
        tagger's findings are no mask: it reads English, and there it only hid wishes."""
        found = clauses(situation)
        if english:
            keep = (self.probabilities(found) >= self.threshold) & ~self.describes_the_deal(found)
        elif self.foreign is not None:
            keep = self.probabilities(found, english=False) >= self.foreign.threshold
        else:
            return []
        out: list[Clause] = []
        for index, (clause, kept) in enumerate(zip(found, keep, strict=True)):
            if not kept:
                continue
            before = found[index - 1] if index else None
            if (
                before is not None
                and before.sentence == clause.sentence
                and not keep[index - 1]
                and _POINTS_BACK.search(clause.text)
            ):
                text = situation[before.start : clause.end].strip().rstrip(".!")
                clause = Clause(text, clause.sentence, before.start, clause.end)
            out.append(clause)
        return out


# One reader per tagger: the drafts' per-situation cache (phrasebook._read_situation) is
# keyed on it, so a new reader per request would read the situation again.
@lru_cache(maxsize=4)
def load_carry_reader(tagger: object, path: Path = CARRY_FILE) -> CarryReader | None:
    """The head on this tagger's vectors; None when it was trained on another tagger's
    or there is no tagger: drafts then carry what the instruction grammar reads."""
    head = head_for(tagger, path)
    if head is None:
        return None
    with np.load(path) as data:
        foreign = (
            ForeignHead(
                data["weight_foreign"],
                float(data["bias_foreign"]),
                float(data["threshold_foreign"]),
            )
            if "weight_foreign" in data
            else None
        )
    return CarryReader(*head, tagger, foreign=foreign)
