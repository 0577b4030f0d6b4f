"""The sentence tagger at run time: a fine-tuned MiniLM on onnxruntime, its head in numpy.

`training/tagger.py` fine-tunes the top layers of all-MiniLM-L6-v2 and a multi-label
head on the labelled corpus in `training/corpus/`, and saves the layers as an fp16
delta from the published weights (`assistant/data/tagger.npz`, int8 with per-row scales); `training/calibrate.py`
fits a temperature and a bias on this very runtime, so a probability here means what it
says (`assistant/data/tagger.json` keeps them, the two thresholds and the
reliability measured on the corpus's blind split). The graph is built once, beside the
embedding model, from the published weights plus the delta: no torch at run time.

The learned heads (stance, coach, carry) read a tagger's vectors and are tied to its
digest; `assistant/data/heads/` may keep the tagger they were fitted on, so the reader of
deals can move on without them (`load_heads_tagger`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.embeddings import (
    EmbedderUnavailable,
    LocalMiniLM,
    Precision,
    _packaged_weights_dir,
)
from assistant.facts import ROLES, SIDES, marked_span

DATA = Path(__file__).parent / "data"
WEIGHTS_PATH = DATA / "tagger.npz"
CALIBRATION_PATH = DATA / "tagger.json"
# The tagger the learned heads (stance, coach, carry) were fitted on, when the reader of
# deals has moved on since: a better reader then ships without retraining every head (the
# carry reader alone takes 20-50 minutes), and each head keeps the vectors it knows.
HEADS_DATA = DATA / "heads"
CACHE_SIZE = 20_000


@dataclass(frozen=True)
class Calibration:
    """Chosen on the corpus's calibration split, never on its test split or an eval set."""

    temperature: float
    found_at: float  # a finding the verdict may rest on
    possible_at: float  # shown as a possible sign, with a question; the verdict ignores it
    bias: float = 0.0  # added after the temperature (Platt scaling)

    @classmethod
    def read(cls, path: Path = CALIBRATION_PATH) -> Calibration:
        if not path.exists():  # before the first calibration: the raw sigmoid
            return cls(temperature=1.0, found_at=0.5, possible_at=0.3)
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            temperature=float(data["temperature"]),
            found_at=float(data["found_at"]),
            possible_at=float(data["possible_at"]),
            bias=float(data.get("bias", 0.0)),
        )

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """The tagger's raw logits as calibrated probabilities (the calibration fits this)."""
        return 1.0 / (1.0 + np.exp(-(logits / self.temperature + self.bias)))


@dataclass(frozen=True)
class TaggerWeights:
    labels: tuple[str, ...]
    head_weight: np.ndarray  # (384, labels)
    head_bias: np.ndarray
    feature_scale: float
    delta: dict[str, np.ndarray]
    digest: str
    role_weight: np.ndarray | None = None  # (384, ROLES)
    role_bias: np.ndarray | None = None
    side_weight: np.ndarray | None = None  # (384, SIDES)
    side_bias: np.ndarray | None = None

    @classmethod
    def read(cls, path: Path = WEIGHTS_PATH) -> TaggerWeights:
        if not path.exists():
            raise EmbedderUnavailable(
                f"The tagger's weights are missing ({path}); train them with "
                "`python -m training.tagger`."
            )
        raw = path.read_bytes()
        with np.load(path) as data:
            meta = json.loads(str(data["meta"]))
            delta = unpack_delta(data)
            return cls(
                labels=tuple(meta["labels"]),
                head_weight=data["head_weight"].astype(np.float32),
                head_bias=data["head_bias"].astype(np.float32),
                feature_scale=float(meta["feature_scale"]),
                delta=delta,
                digest=hashlib.sha256(raw).hexdigest()[:12],
                **{
                    key: data[key].astype(np.float32)
                    for key in ("role_weight", "role_bias", "side_weight", "side_bias")
                    if key in data.files
                },
            )


def pack_delta(delta: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The fine-tuned layers' change from the published weights, small enough to ship:
    matrices as int8 with one fp16 scale per row (the largest error on the shipped delta
    is 1e-4), vectors as fp16."""
    packed: dict[str, np.ndarray] = {}
    for name, change in delta.items():
        change = change.astype(np.float32)
        if change.ndim == 2:
            scale = np.abs(change).max(axis=1, keepdims=True) / 127
            scale[scale == 0] = 1
            packed[f"qdelta/{name}"] = np.round(change / scale).astype(np.int8)
            packed[f"qscale/{name}"] = scale.astype(np.float16)
        else:
            packed[f"delta/{name}"] = change.astype(np.float16)
    return packed


def unpack_delta(data: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The inverse of pack_delta; fp16 matrices (the first weights shipped) read too."""
    delta: dict[str, np.ndarray] = {}
    for key in data:
        kind, _, name = key.partition("/")
        if kind == "delta":
            delta[name] = data[key].astype(np.float32)
        elif kind == "qdelta":
            delta[name] = data[key].astype(np.float32) * data[f"qscale/{name}"].astype(np.float32)
    return delta


def ensure_tagger_model(model_dir: Path, weights: TaggerWeights) -> Path:
    """A folder holding the tuned model.onnx and the tokenizer, built once beside the
    embedding model: the published weights with the delta added to the tuned layers."""
    folder = Path(model_dir) / f"tagger-{weights.digest}"
    if (folder / "model.onnx").exists():
        return folder
    source = _packaged_weights_dir()
    if source is None:
        raise EmbedderUnavailable(
            "The tagger is built from the published MiniLM weights, which are missing: "
            "install the project (`make setup`)."
        )
    from assistant.onnx_build import build_model_dir

    return build_model_dir(source, folder, weights.delta)


class SentenceTagger:
    """P(label | sentence) for every label of the tagger, calibrated."""

    def __init__(
        self,
        encoder: LocalMiniLM,
        weights: TaggerWeights,
        calibration: Calibration,
    ) -> None:
        self.encoder = encoder
        self.weights = weights
        self.calibration = calibration
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def labels(self) -> tuple[str, ...]:
        return self.weights.labels

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated logits, (texts, labels): what the calibration is fitted on."""
        vectors = self.encoder.embed(list(texts)) * self.weights.feature_scale
        return vectors @ self.weights.head_weight + self.weights.head_bias

    def amount_roles(self, windows: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """For each marked amount (facts.mark_amount): P(role) over facts.ROLES and
        P(side) over facts.SIDES. Empty when this tagger was trained without amounts."""
        w = self.weights
        if not windows or w.role_weight is None or w.side_weight is None:
            return np.zeros((0, len(ROLES))), np.zeros((0, len(SIDES)))
        rows = self._remembered("amount", windows, self._read_amounts)
        return rows[:, : len(ROLES)], rows[:, len(ROLES) :]

    def amount_vectors(self, windows: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each marked amount's own tokens, and its whole window, as the scaled unit vectors
        the role and side heads read (training/roles.py refits the role head on them)."""
        spans, wholes = [], []
        for ids, hidden in self.encoder.token_states(list(windows)):
            start, end = marked_span(ids)
            spans.append(_unit(hidden[start:end].mean(axis=0)))
            wholes.append(_unit(hidden.mean(axis=0)))  # what embed() gives, from one pass
        scale = self.weights.feature_scale
        return np.asarray(spans) * scale, np.asarray(wholes) * scale

    def _read_amounts(self, windows: list[str]) -> np.ndarray:
        w = self.weights
        assert w.role_weight is not None and w.side_weight is not None
        spans, wholes = self.amount_vectors(windows)
        roles = _softmax(spans @ w.role_weight + w.role_bias)
        sides = _softmax(wholes @ w.side_weight + w.side_bias)
        return np.hstack([roles, sides])

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return self._remembered("sentence", texts, self._calibrated)

    def _calibrated(self, texts: list[str]) -> np.ndarray:
        return self.calibration.probabilities(self.logits(texts))

    def _remembered(
        self, kind: str, texts: Sequence[str], read: Callable[[list[str]], np.ndarray]
    ) -> np.ndarray:
        """read(texts), row by row, reading only what was not read lately: a deal's chat
        critiques the same sentences and amounts again on every turn."""
        with self._lock:
            known = {t: self._cache[(kind, t)] for t in texts if (kind, t) in self._cache}
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            fresh = read(missing).astype(np.float32)
            with self._lock:
                for text, row in zip(missing, fresh, strict=True):
                    self._cache[(kind, text)] = row
                    known[text] = row
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return np.asarray([known[text] for text in texts], dtype=np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@lru_cache(maxsize=4)
def load_tagger(
    model_dir: Path, precision: Precision = "int8", data: Path = DATA
) -> SentenceTagger:
    """One tagger per model folder, precision and weights folder, per process. Nothing is
    built until the first sentence is read."""
    weights = TaggerWeights.read(data / WEIGHTS_PATH.name)
    encoder = LocalMiniLM(ensure_tagger_model(Path(model_dir), weights), precision)
    return SentenceTagger(encoder, weights, Calibration.read(data / CALIBRATION_PATH.name))


def load_heads_tagger(
    model_dir: Path, precision: Precision = "int8", heads_data: Path = HEADS_DATA
) -> SentenceTagger:
    """The tagger the learned heads read: their own when one is kept beside them, else the
    reader of deals (heads trained on it since)."""
    if (heads_data / WEIGHTS_PATH.name).exists():
        return load_tagger(model_dir, precision, heads_data)
    return load_tagger(model_dir, precision)  # the same call, so the same cached tagger
