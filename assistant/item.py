"""What the user declines, read by a learned phrase reader.

The subject grammar (subject.py) names the thing when the user's sentence has a shape it
knows ("saying no to the December booking", "their quote for the loft"). People name it in
many other ways: "the co-own thing is a no", "nah not doing the reroof", "Lot 2 will not be
awarded under this procedure". This module reads every short phrase of the situation (one
to five words inside a clause, never a sum of money) with a logistic head (training/item.py)
on the tagger's token states: the phrase's own, the words just before it and its
sentence's, with where it stands. The likeliest phrase is the item when the head is sure
of it; the threshold was chosen for precision on situations no exit set holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.facts import find_amounts
from assistant.sentences import situation_spans
from assistant.stance import head_for
from assistant.subject import STOP_WORDS, nameable_in
from assistant.textinput import instruction_start

ITEM_FILE = Path(__file__).parent / "data" / "item.npz"

MOST_WORDS = 5
_WORD = re.compile(r"[\w][\w'’&/+-]*(?:\.\d+)?")
# What no phrase reaches across: a clause's punctuation, or a dash between words.
_BREAK = re.compile(r"[,;:()\[\]\"“”!?]|\s[-–—]\s|\.\s")
DETERMINER = re.compile(r"the|my|our|their|his|her|your|a|an|its", re.IGNORECASE)
# What neither starts nor ends a phrase.
_FUNCTION_WORD = re.compile(rf"{STOP_WORDS}|{DETERMINER.pattern}", re.IGNORECASE)
# The only function words inside a phrase: "bed and breakfast", "proof of concept".
_JOINS = re.compile(r"of|and|&", re.IGNORECASE)
# A sentence that talks of not saying something, however it is put ("X is not to be
# mentioned, nor is Y", "must not be disclosed", "don't tell her"): the reader names nothing
# from it. Wider than keep_out's grammar on purpose: a wrong name there is a private fact said.
_TALK_OF_NOT_SAYING = re.compile(
    r"(?:\b(?:not|dont|never|nor|no|without)\b|n['’]t\b).{0,60}?\b(?:mention\w*|disclos\w*|sa(?:y|id|ying)|"
    r"tell\w*|reveal\w*|shar(?:e|ed|ing)|includ\w*|bring(?:ing)? up|raise[sd]?|referenc\w*|"
    r"know)\b|\b(?:leave|keep)\s+(?:that|this|it|them)\s+out\b|\bconfidential\b|\bprivate\b",
    re.IGNORECASE,
)
_BEFORE_TOKENS = 3
_AFTER_TOKENS = 3


@dataclass(frozen=True)
class Phrase:
    text: str
    start: int  # in the situation
    end: int
    sentence: int  # index of its sentence
    determiner: str | None  # the determiner just before it, as written


def phrases(situation: str) -> list[Phrase]:
    """Every phrase of one to MOST_WORDS words inside a clause that neither starts nor ends
    with a function word or a determiner, joins its words with none but "of" and "and",
    and holds no sum of money."""
    money = [(start, end) for _, start, end in find_amounts(situation)]
    found: list[Phrase] = []
    for index, (start, stop) in enumerate(situation_spans(situation)):
        words = [
            (m.start() + start, m.end() + start) for m in _WORD.finditer(situation[start:stop])
        ]
        for first in range(len(words)):
            for last in range(first, min(first + MOST_WORDS, len(words))):
                left, right = words[first][0], words[last][1]
                if _BREAK.search(situation, left, right):
                    break
                inner = [situation[slice(*word)] for word in words[first : last + 1]]
                if _FUNCTION_WORD.fullmatch(inner[0]) or _FUNCTION_WORD.fullmatch(inner[-1]):
                    continue
                if any(
                    _FUNCTION_WORD.fullmatch(w) and not _JOINS.fullmatch(w) for w in inner[1:-1]
                ):
                    continue
                if any(s < right and left < e for s, e in money):
                    continue
                before = situation[words[first - 1][0] : words[first - 1][1]] if first else ""
                found.append(
                    Phrase(
                        situation[left:right],
                        left,
                        right,
                        index,
                        before if DETERMINER.fullmatch(before) else None,
                    )
                )
    return found


def phrase_features(situation: str, found: list[Phrase], encoder: Any) -> np.ndarray:
    """One row per phrase: the mean token state of the phrase, of the few tokens before it
    and of its sentence, and where it stands."""
    spans = situation_spans(situation)
    if not found or not spans:
        return np.zeros((0, 0), dtype=np.float32)
    holding = sorted({phrase.sentence for phrase in found})
    read = dict(
        zip(
            holding,
            encoder.token_offsets([situation[slice(*spans[i])] for i in holding]),
            strict=True,
        )
    )
    rows = []
    for phrase in found:
        offsets, hidden = read[phrase.sentence]
        base = spans[phrase.sentence][0]
        inside = [
            i
            for i, (s, e) in enumerate(offsets)
            if e > s and base + s >= phrase.start and base + e <= phrase.end
        ]
        if not inside:  # cut off past the tokenizer's window
            inside = [len(offsets) - 1]
        before = list(range(max(1, inside[0] - _BEFORE_TOKENS), inside[0])) or [0]
        after = list(range(inside[-1] + 1, min(len(offsets) - 1, inside[-1] + 1 + _AFTER_TOKENS)))
        after = after or [len(offsets) - 1]
        words = phrase.text.split()
        rows.append(
            np.concatenate(
                [
                    hidden[inside].mean(axis=0),
                    hidden[before].mean(axis=0),
                    hidden[after].mean(axis=0),
                    hidden.mean(axis=0),
                    [
                        len(words) / MOST_WORDS,
                        float(phrase.text[:1].isupper()),
                        float(any(ch.isdigit() for ch in phrase.text)),
                        float(phrase.determiner is not None),
                        phrase.sentence / len(spans),
                        float(phrase.sentence == 0),
                    ],
                ]
            )
        )
    return np.asarray(rows, dtype=np.float32)


def said_until(situation: str) -> list[int]:
    """Per sentence (situation_spans): where the words a draft may repeat from it end. None
    from a sentence that talks of not saying something; none from words addressed to an
    assistant (what comes before those in the sentence still tells the deal)."""
    until = []
    for start, stop in situation_spans(situation):
        told_to_us = instruction_start(situation[start:stop])
        if _TALK_OF_NOT_SAYING.search(situation, start, stop):
            until.append(start)
        else:
            until.append(stop if told_to_us is None else start + told_to_us)
    return until


def may_name(situation: str) -> list[Phrase]:
    """The phrases a draft may name the deal by: as the subject grammar would let it
    (`nameable_in`), and none from a sentence that talks of not saying something or from
    words addressed to an assistant (what comes before those in the sentence still tells the
    deal)."""
    open_until = said_until(situation)
    nameable = nameable_in(situation)
    return [
        phrase
        for phrase in phrases(situation)
        if phrase.end <= open_until[phrase.sentence] and nameable(phrase.text)
    ]


def as_item(phrase: Phrase) -> str:
    """The phrase as a draft names it: with the user's determiner, or "the" before a common
    noun ("the reroof"), a name or code alone ("Lot 2")."""
    if phrase.determiner is not None:
        return f"{phrase.determiner.lower()} {phrase.text}"
    return phrase.text if phrase.text[:1].isupper() else f"the {phrase.text}"


@dataclass(frozen=True, eq=False)  # hashed by identity: drafts cache per reader
class PhraseHead:
    """A logistic head over a situation's phrases on the tagger's token states: what the
    item reader and the addressee reader (assistant/addressee.py) share."""

    weight: np.ndarray
    bias: float
    threshold: float
    tagger: Any

    def probabilities(self, situation: str, found: list[Phrase]) -> list[float]:
        logits = phrase_features(situation, found, self.tagger.encoder) @ self.weight + self.bias
        return (1 / (1 + np.exp(-logits))).tolist()


class ItemReader(PhraseHead):
    def item(self, situation: str) -> tuple[str, float] | None:
        """The thing declined, as the draft names it, with the head's probability; None when
        the head is sure of no phrase. Only a phrase a draft may name the deal by is read
        (`may_name`)."""
        found = may_name(situation)
        if not found:
            return None
        chances = self.probabilities(situation, found)
        best = int(np.argmax(chances))
        return (as_item(found[best]), chances[best]) if chances[best] >= self.threshold else None

    def name(self, situation: str) -> str | None:
        """The thing declined, as the draft names it, or None."""
        named = self.item(situation)
        return named[0] if named else None


def load_item_reader(tagger: object, path: Path = ITEM_FILE) -> ItemReader | None:
    """The head on this tagger's vectors; None when it was trained on another tagger's, or
    there is no tagger or no head: drafts then name what the subject grammar reads."""
    head = head_for(tagger, path)
    return ItemReader(*head, tagger) if head is not None else None
