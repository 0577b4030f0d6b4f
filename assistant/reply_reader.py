"""The learned reading of a rehearsal reply: how likely a careful coach is to call it good,
and to find it short on each rubric item.

Logistic heads (training/coach.py) over what the stance head reads (hashed word and
character n-grams beside the tagger's sentence vector), the tactic, the rules' own
reading of the reply (assistant/coach.py), and its sentences read one by one (the
strongest reading over them, and the last one's meaning and rules' flags). Trained on replies helpers wrote in six
languages and many registers; each head's threshold was chosen on a calibration split.
The rules keep their floor in the coach: no head can excuse a concession or hostility.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.coach import RUBRIC, rule_reading
from assistant.scenarios import COACHED_TACTICS
from assistant.schemas import RehearsalRubricId
from assistant.sentences import split_sentences
from assistant.stance import HASHED, stance_features

COACH_FILE = Path(__file__).parent / "data" / "coach.npz"
HEADS = ("good", *RUBRIC)


@dataclass(frozen=True)
class LearnedReply:
    good: bool
    failed: list[RehearsalRubricId]
    likeliest: RehearsalRubricId  # the item most likely missed, for a reply that is not good
    probabilities: dict[str, float]


def reply_features(
    tactics: list[str], replies: list[str], flags: list[list[float]], encoder: Any
) -> np.ndarray:
    """One row per reply: its n-grams and meaning, the tactic it answers, the rules' flags,
    and its sentences read one by one."""
    tactic_rows = np.zeros((len(replies), len(COACHED_TACTICS)), dtype=np.float32)
    for row, tactic in enumerate(tactics):
        if tactic in COACHED_TACTICS:
            tactic_rows[row, COACHED_TACTICS.index(tactic)] = 1.0
    whole = stance_features(replies, encoder)
    return np.hstack(
        [
            whole,
            tactic_rows,
            np.asarray(flags, dtype=np.float32),
            _sentence_features(replies, encoder, whole[:, HASHED:]),
        ]
    )


def _sentence_features(replies: list[str], encoder: Any, whole_meaning: np.ndarray) -> np.ndarray:
    """The strongest reading over the reply's sentences, and its last sentence (meaning
    and the rules' flags): a long, polite reply that gives in at the end ("...fine, ring
    it up.") reads as holding firm when the sentences are averaged into one vector."""
    sentences = [[span.text for span in split_sentences(reply)] or [reply] for reply in replies]
    # A one-sentence reply is its own peak and last sentence: only longer ones are embedded.
    peak = whole_meaning.astype(np.float32, copy=True)
    last = whole_meaning.astype(np.float32, copy=True)
    several = [i for i, said in enumerate(sentences) if len(said) > 1]
    if several:
        vectors = np.asarray(
            encoder.embed([s for i in several for s in sentences[i]]), dtype=np.float32
        )
        start = 0
        for i in several:
            rows = vectors[start : start + len(sentences[i])]
            start += len(sentences[i])
            peak[i] = rows.max(axis=0)
            last[i] = rows[-1]
    last_flags = np.asarray(
        [rule_reading(said[-1]).flags() for said in sentences], dtype=np.float32
    )
    return np.hstack([peak, last, last_flags])


class LearnedReplyReader:
    """The coach's heads on one tagger's vectors."""

    def __init__(
        self, encoder: Any, weights: np.ndarray, biases: np.ndarray, thresholds: np.ndarray
    ) -> None:
        self.encoder = encoder
        self.weights = weights  # (features, heads), float32
        self.biases = biases
        self.thresholds = thresholds

    def probabilities(
        self, tactics: list[str], replies: list[str], flags: list[list[float]]
    ) -> np.ndarray:
        x = reply_features(tactics, replies, flags, self.encoder)
        logits = x @ self.weights + self.biases
        return 1.0 / (1.0 + np.exp(-logits))

    def read(self, tactic: str, reply: str, flags: list[float]) -> LearnedReply:
        p = self.probabilities([tactic], [reply], [flags])[0]
        said = {head: float(p[i]) for i, head in enumerate(HEADS)}
        threshold = dict(zip(HEADS, self.thresholds, strict=True))
        return LearnedReply(
            good=said["good"] >= threshold["good"],
            failed=[item for item in RUBRIC if said[item] >= threshold[item]],
            likeliest=max(RUBRIC, key=lambda item: said[item] / threshold[item]),
            probabilities=said,
        )


@lru_cache(maxsize=2)
def _coach_weights(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, str] | None:
    if not path.exists():
        return None
    data = np.load(path)
    # Stored as fp16 to stay small; cast once here, not on every reply read.
    weights = data["weights"].astype(np.float32)
    return weights, data["biases"], data["thresholds"], str(data["tagger"])


def load_reply_reader(tagger: object, path: Path = COACH_FILE) -> LearnedReplyReader | None:
    """The heads for this tagger, or None when they were trained on another tagger's
    vectors (or are missing): the coach then reads with its rules alone."""
    encoder = getattr(tagger, "encoder", None)
    digest = getattr(getattr(tagger, "weights", None), "digest", None)
    head = _coach_weights(path)
    if encoder is None or head is None or head[3] != digest:
        return None
    weights, biases, thresholds, _ = head
    return LearnedReplyReader(encoder, weights, biases, thresholds)
