"""The signal classifier: multinomial logistic regression over sentence vectors.

Trained on the rulebook's examples, the paraphrase set in `assistant/data/`, the dev
cases' own sentences (`assistant/data/case_sentences.yaml`, mined by evals/mining.py)
and ordinary deal talk (a class of its own), so it learns which directions of the
embedding carry a warning sign rather than which topic a sentence is about. Nearest-example matching is
swayed by topic ("landlord ... rent" lands near another landlord example); measured on
30 fresh dev cases (the `w2-` ids of evals/critique.jsonl), adding this classifier took
signal micro-F1 from 0.58 to 0.67 while the older dev cases held (0.968 -> 0.960).

Training is deterministic (zero start, full-batch gradient descent) and takes about two
seconds; the weights are cached on disk (beside the embedding model), keyed by the
embedder and the training data, and `walkaway setup` trains them ahead of time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.arraycache import cache_key, cached_arrays
from assistant.embeddings import embedder_name
from assistant.rules import Rulebook, read_yaml

PARAPHRASES_PATH = Path(__file__).parent / "data" / "paraphrases.yaml"
# Sentences of the dev cases, labelled by evals/mining.py (never the test split).
MINED_PATH = Path(__file__).parent / "data" / "case_sentences.yaml"
NEUTRAL = "neutral"
# Chosen on the dev split (0.01, 0.03 and 0.1 tried): 0.01 found most on fresh wording.
L2 = 0.01
STEPS = 2000
LEARNING_RATE = 0.3


@lru_cache(maxsize=4)
def load_paraphrases(path: Path = PARAPHRASES_PATH) -> dict[str, list[str]]:
    if not path.exists():  # the mined file before its first run
        return {}
    return read_yaml(path.read_text(encoding="utf-8")) or {}


@dataclass(frozen=True)
class SignalProbe:
    """P(signal | sentence) for each signal id in `labels` (neutral talk left out)."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (dimension, labels + 1): the last column is neutral talk
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = ((vectors - self.mean) / self.scale) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return (odds / odds.sum(axis=1, keepdims=True))[:, :-1]


def training_set(
    rulebook: Rulebook, signals: list[str], with_mined: bool = True
) -> tuple[list[str], list[int]]:
    """Texts and class indexes; index len(signals) is neutral talk."""
    sources = [load_paraphrases()] + ([load_paraphrases(MINED_PATH)] if with_mined else [])

    def written(label: str) -> list[str]:
        return [text for source in sources for text in source.get(label, [])]

    texts: list[str] = []
    classes: list[int] = []
    for index, signal in enumerate(signals):
        for text in [*rulebook.get(signal).examples, *written(signal)]:
            texts.append(text)
            classes.append(index)
    for text in [*rulebook.neutral_examples, *written(NEUTRAL)]:
        texts.append(text)
        classes.append(len(signals))
    return texts, classes


def fit(vectors: np.ndarray, classes: list[int], labels: list[str]) -> SignalProbe:
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    features = ((vectors - mean) / scale).astype(np.float64)
    targets = np.eye(len(labels) + 1)[classes]
    weights = np.zeros((features.shape[1], len(labels) + 1))
    bias = np.zeros(len(labels) + 1)
    for _ in range(STEPS):
        logits = features @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        predicted = np.exp(logits)
        predicted /= predicted.sum(axis=1, keepdims=True)
        error = predicted - targets
        weights -= LEARNING_RATE * (features.T @ error / len(features) + L2 * weights)
        bias -= LEARNING_RATE * error.mean(axis=0)
    return SignalProbe(tuple(labels), weights, bias, mean, scale)


def load_or_train(
    rulebook: Rulebook,
    embedder: Embeddings,
    signals: list[str],
    cache_dir: Path | None,
    with_mined: bool = True,
) -> SignalProbe:
    """The probe for this rulebook and embedder, from the cache when it is there."""
    texts, classes = training_set(rulebook, signals, with_mined)
    name = embedder_name(embedder)
    key = cache_key(name, texts, classes, signals, L2, STEPS, LEARNING_RATE)

    def train() -> dict[str, np.ndarray]:
        vectors = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        probe = fit(vectors, classes, signals)
        return {
            "weights": probe.weights,
            "bias": probe.bias,
            "mean": probe.mean,
            "scale": probe.scale,
        }

    arrays = cached_arrays(cache_dir / f"probe-{key}.npz" if cache_dir else None, train)
    return SignalProbe(tuple(signals), *(arrays[k] for k in ("weights", "bias", "mean", "scale")))
