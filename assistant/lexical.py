"""The reader for deals not written in English: hashed character and word n-grams, a linear
multi-label head in numpy.

The sentence tagger is an English MiniLM: its word pieces do not carry Spanish or German
meaning, and thousands of foreign corpus rows did not teach it those languages (on the
corpus's test split it found 8-33% of the signs in each). Spelling does carry them:
"última oferta", "letzte Angebot", "dernier prix" share their letters with the other
sentences of their language that say the same. So a sentence in a language this reader
was trained on has its signs read here instead, whole, with the same labels, calibrated
the same way (whether the user is content stays the tagger's reading: see
assistant/detector.py). `training/lexical.py` trains it on the corpus, `corpus_next/` and
`corpus_stories/` and fits its temperature, bias and threshold for a finding;
`assistant/data/lexical.npz` keeps the weights as int8 with a scale per feature.

In English it is a second opinion (`Blend`): where the tagger leans towards a sign, the two
readings are weighed together, which confirms a sign the tagger half saw and doubts one it
half imagined; a sentence the tagger reads nothing in is never given a sign by it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.ngrams import bucket_arrays
from assistant.tagger import Calibration

DATA = Path(__file__).parent / "data"
WEIGHTS_PATH = DATA / "lexical.npz"
CALIBRATION_PATH = DATA / "lexical.json"
BUCKETS = 1 << 17


REMEMBERED_SENTENCES = 4096  # a long deal's sentences; a few MB
_remembered: OrderedDict[str, np.ndarray] = OrderedDict()
_remembered_lock = threading.Lock()


def features(text: str) -> np.ndarray:
    """The sentence's hashed n-grams (assistant/ngrams.py), each once, sorted. Words apart
    from punctuation: on the calibration split that read 0.62 F1 against 0.60 with it
    attached."""
    return many_features([text])[0]


def many_features(texts: Sequence[str]) -> list[np.ndarray]:
    """`features` of each text, hashed together (a long text's sentences at once) and
    remembered, as a deal's chat reads the same sentences again on every turn."""
    with _remembered_lock:
        known = {text: _remembered[text] for text in texts if text in _remembered}
    missing = [text for text in dict.fromkeys(texts) if text not in known]
    if missing:
        fresh = bucket_arrays(missing, BUCKETS, apart_from_punctuation=True)
        known.update(zip(missing, fresh, strict=True))
        with _remembered_lock:
            _remembered.update(zip(missing, fresh, strict=True))
            while len(_remembered) > REMEMBERED_SENTENCES:
                _remembered.popitem(last=False)
    return [known[text] for text in texts]


def linear_logits(weight: np.ndarray, bias: np.ndarray, rows: Sequence[np.ndarray]) -> np.ndarray:
    """Each row's features summed and scaled by one over the square root of their count, so
    a long sentence does not outvote a short one by length alone. Shared with training."""
    out = np.empty((len(rows), weight.shape[1]), dtype=np.float32)
    for index, row in enumerate(rows):
        out[index] = weight[row].sum(axis=0) / np.sqrt(max(len(row), 1)) + bias
    return out


@dataclass(frozen=True)
class Blend:
    """How an English sentence's two readings of a sign make one, where the tagger already
    leans towards it: a logistic regression on the tagger's probability (as a logit) and
    this reader's calibrated logit, fitted on the corpus's English calibration rows. Two
    readers that learned differently err differently; but a sentence the tagger reads
    nothing in stays as it reads it, so the blend can confirm or doubt a sign, never
    invent one (training/lexical.py measures it)."""

    tagger_weight: float
    lexical_weight: float
    bias: float
    leans_at: float  # the tagger's probability from which the blend reads (its possible_at)
    found_at: float  # by the tagger's rule, on the blended calibration rows

    def probabilities(self, tagger: np.ndarray, lexical_logits: np.ndarray) -> np.ndarray:
        clipped = np.clip(tagger, 1e-4, 1 - 1e-4)
        joined = (
            self.tagger_weight * np.log(clipped / (1 - clipped))
            + self.lexical_weight * lexical_logits
            + self.bias
        )
        blended = (1.0 / (1.0 + np.exp(-joined))).astype(np.float32)
        return np.where(tagger >= self.leans_at, blended, tagger).astype(np.float32)

    @classmethod
    def read(cls, path: Path) -> Blend | None:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        blend = data.get("english_blend")
        if not blend:
            return None
        return cls(**blend["weights"], leans_at=blend["leans_at"], found_at=blend["found_at"])


@dataclass(frozen=True)
class LexicalReader:
    labels: tuple[str, ...]
    languages: frozenset[str]  # the languages it was trained to read
    weight: np.ndarray  # (BUCKETS, labels)
    bias: np.ndarray
    calibration: Calibration
    digest: str
    blend: Blend | None = None  # with the tagger, for the signs of English sentences

    def reads(self, language: str) -> bool:
        return language in self.languages

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        return linear_logits(self.weight, self.bias, many_features(texts))

    def calibrated_logits(self, texts: Sequence[str]) -> np.ndarray:
        """What its calibrated probabilities are the sigmoid of."""
        return self.logits(texts) / self.calibration.temperature + self.calibration.bias

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self.calibration.probabilities(self.logits(texts)).astype(np.float32)


def pack_weight(weight: np.ndarray) -> dict[str, np.ndarray]:
    """int8 with one scale per feature: a quarter of float32, the same readings to within
    rounding (each feature's row is small next to the sum it joins)."""
    scale = np.abs(weight).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return {
        "weight_int8": np.round(weight / scale[:, None]).astype(np.int8),
        "weight_scale": scale.astype(np.float32),
    }


def unpack_weight(data) -> np.ndarray:
    return data["weight_int8"].astype(np.float32) * data["weight_scale"][:, None]


@lru_cache(maxsize=2)
def load_lexical_reader(
    path: Path = WEIGHTS_PATH, calibration_path: Path = CALIBRATION_PATH
) -> LexicalReader | None:
    """None when the weights are not there (before the first `python -m training.lexical`):
    every sentence is then read by the tagger, as before this reader existed."""
    if not path.exists():
        return None
    with np.load(path) as data:
        meta = json.loads(str(data["meta"]))
        weight = unpack_weight(data)
        bias = data["bias"].astype(np.float32)
    return LexicalReader(
        labels=tuple(meta["labels"]),
        languages=frozenset(meta["languages"]),
        weight=weight,
        bias=bias,
        calibration=Calibration.read(calibration_path),
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:12],
        blend=Blend.read(calibration_path),
    )
