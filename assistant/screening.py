"""How much of a long text the sentence tagger reads closely, and how the user is told.

The tagger reads about 20,000 word pieces a second on two cores (session 12's measure):
a 200,000-character text, read closely sentence by sentence, takes about 6.5 s. Whoever
would rather have it in under 2 s asks for a screened reading (`Settings.screen_long_texts`,
off by default: it misses some signs, see README "Speed"). Then, past LONG_TEXT_CHARS,
every sentence is still read, by the screen and the cue phrases (and a sentence in another
language by the lexical reader, its reader for signs), and only the sentences the screen
finds likeliest to hold something go to the tagger as well, at most CLOSE_READING_BUDGET
pieces; at most AMOUNT_BUDGET amounts get the learned role reader, the others the rules.
A deal of ordinary length (every case of every eval set is under 2,000 characters) is
read closely whole either way.

The screen is the tagger distilled into two cheap readings made one: the lexical reader's
hashed n-grams (assistant/lexical.py, the same features, remembered once for both), and
the published MiniLM's input embeddings of the sentence's word pieces, averaged, through a
small network (`StaticReader`; a tokenisation and a mean per sentence, no transformer
layer). `python -m training.screen` trains it to tell in which sentences the tagger reads
something (a sign or contentment, from `possible_at`), and chooses its threshold on the
corpus's calibration split (`assistant/data/screen.json`). The word pieces raised its
ranking of the test split from 0.844 to 0.870 (`heldout/`: 0.839 to 0.847).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.schemas import Notice, Screening

DATA = Path(__file__).parent / "data"
WEIGHTS_PATH = DATA / "screen.npz"
THRESHOLD_PATH = DATA / "screen.json"

# Ten pages; every case of every eval set is under a tenth of it.
LONG_TEXT_CHARS = 20_000
# Pieces (clauses, or sentences of one clause) the tagger reads in a screened text, and
# amounts the role reader reads: chosen so that the longest text accepted is critiqued
# in under 2 s on two cores. Twenty-second session, once the n-grams were hashed in numpy
# (evals/bench.py's longest text, screened, in a process of its own; three rounds):
# 300 took 1.49-1.57 s, 400 1.56-1.67 s, 500 1.74-1.81 s; 400 is the largest whose slowest
# run stayed under 1.7 s. On the dev split's needle test it keeps 0.988 of the signals
# against 0.980 for 300 (evals/long_texts.py); this machine's speed drifts by a tenth.
CLOSE_READING_BUDGET = 400
AMOUNT_BUDGET = 25
# Word pieces the screen's second reading averages: a sentence's first 128 say what it is.
STATIC_TOKENS = 128
STATIC_REMEMBERED = 20_000  # sentences' readings, a float apiece
STATIC_ARRAYS = (
    "static_first_layer",
    "static_hidden_bias",
    "static_out_weight",
    "static_out_bias",
    "static_stack",
)


def is_long(text: str) -> bool:
    return len(text) > LONG_TEXT_CHARS


@dataclass(frozen=True)
class StaticReader:
    """A second opinion from the word pieces' own meaning: the published MiniLM's input
    embedding of each word piece, averaged over the sentence, through a small network.
    The first layer is applied to the embedding table once, so a sentence costs a
    tokenisation and a mean."""

    tokenizer: Any
    projected: np.ndarray  # (vocabulary, hidden): the embedding table times the first layer
    hidden_bias: np.ndarray  # (hidden,)
    out_weight: np.ndarray  # (hidden,)
    out_bias: float

    _remembered: OrderedDict[str, float] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Remembered per sentence, as a deal's chat reads the same text on every turn."""
        with self._lock:
            known = {text: self._remembered[text] for text in texts if text in self._remembered}
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            averaged = mean_of_pieces(self.tokenizer, self.projected, missing)
            read = np.maximum(averaged + self.hidden_bias, 0.0) @ self.out_weight + self.out_bias
            known.update(zip(missing, read.tolist(), strict=True))
            with self._lock:
                self._remembered.update(zip(missing, read.tolist(), strict=True))
                while len(self._remembered) > STATIC_REMEMBERED:
                    self._remembered.popitem(last=False)
        return np.asarray([known[text] for text in texts], dtype=np.float32)

    @classmethod
    def build(
        cls,
        first_layer: np.ndarray,
        hidden_bias: np.ndarray,
        out_weight: np.ndarray,
        out_bias: float,
        weights_dir: Path,
    ) -> StaticReader:
        from assistant.onnx_build import read_safetensors

        tokenizer = static_tokenizer(weights_dir)
        return cls(
            tokenizer=tokenizer,
            projected=embedding_table(read_safetensors(weights_dir / "model.safetensors"))
            @ first_layer,
            hidden_bias=hidden_bias,
            out_weight=out_weight,
            out_bias=out_bias,
        )


def mean_of_pieces(tokenizer: Any, table: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """Each text's word pieces' rows of `table`, averaged (the sentence marks left out)."""
    pieces = [
        encoding.ids[1:-1] or encoding.ids for encoding in tokenizer.encode_batch(list(texts))
    ]
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    summed = np.add.reduceat(table[np.concatenate(pieces)], starts, axis=0)
    return summed / lengths[:, None]


def static_tokenizer(weights_dir: Path) -> Any:
    from assistant.embeddings import word_piece_tokenizer

    return word_piece_tokenizer(weights_dir, STATIC_TOKENS)


def embedding_table(weights: dict[str, np.ndarray]) -> np.ndarray:
    """The published model's word-piece embeddings, (vocabulary, 384)."""
    return np.asarray(weights["embeddings.word_embeddings.weight"], dtype=np.float32)


@dataclass(frozen=True)
class SentenceScreen:
    """P(the tagger reads something in this sentence), from its spelling (and, when the
    published weights are here, its word pieces' meaning) alone."""

    weight: np.ndarray  # (BUCKETS, 1)
    bias: np.ndarray  # (1,)
    screen_at: float  # a sentence from here is worth the tagger's close reading
    digest: str
    static: StaticReader | None = None
    # The two readings made one: spelling's logit, the word pieces' logit, a bias.
    stack: tuple[float, float, float] = (1.0, 0.0, 0.0)

    def likelihood(self, texts: Sequence[str]) -> np.ndarray:
        # Imported here: assistant/facts.py reads this module's budgets, and the lexical
        # reader's module leads back to it through the tagger's.
        from assistant.lexical import linear_logits, many_features

        logits = linear_logits(self.weight, self.bias, many_features(texts))[:, 0]
        if self.static is not None and len(texts):
            spelling, meaning, bias = self.stack
            logits = spelling * logits + meaning * self.static.logits(texts) + bias
        return 1.0 / (1.0 + np.exp(-logits))


@lru_cache(maxsize=2)
def load_screen(
    path: Path = WEIGHTS_PATH,
    threshold_path: Path = THRESHOLD_PATH,
    weights_dir: Path | None = None,
) -> SentenceScreen | None:
    """None before the first `python -m training.screen`: every text is then read closely.
    The word pieces' reading needs the published weights (`weights_dir`, by default the
    installed package's); without them the screen reads spelling alone."""
    if not path.exists() or not threshold_path.exists():
        return None
    from assistant.embeddings import _packaged_weights_dir
    from assistant.lexical import unpack_weight

    with np.load(path) as data:
        weight, bias = unpack_weight(data), data["bias"].astype(np.float32)
        layers = {name: data[name].astype(np.float32) for name in STATIC_ARRAYS if name in data}
    folder = weights_dir or _packaged_weights_dir()
    static = stack = None
    if len(layers) == len(STATIC_ARRAYS) and folder and (folder / "model.safetensors").exists():
        static = StaticReader.build(
            layers["static_first_layer"],
            layers["static_hidden_bias"],
            layers["static_out_weight"],
            float(layers["static_out_bias"]),
            folder,
        )
        spelling, meaning, offset = (float(x) for x in layers["static_stack"])
        stack = (spelling, meaning, offset)
    threshold = json.loads(threshold_path.read_text(encoding="utf-8"))
    return SentenceScreen(
        weight=weight,
        bias=bias,
        # A screen built with the word pieces' reading has its own threshold, for when
        # the published weights are missing and it reads spelling alone.
        screen_at=float(
            threshold["screen_at"]
            if static
            else threshold.get("spelling_at", threshold["screen_at"])
        ),
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:12],
        static=static,
        stack=stack or (1.0, 0.0, 0.0),
    )


def choose_close(
    likelihood: np.ndarray, screen_at: float, pieces: Sequence[int], always: Sequence[bool]
) -> np.ndarray:
    """Which sentences the tagger reads: those the screen puts at `screen_at` or more (and
    those in `always`, first), likeliest first, while their pieces fit the budget."""
    priority = np.where(np.asarray(always, dtype=bool), np.inf, likelihood)
    close = np.zeros(len(likelihood), dtype=bool)
    left = CLOSE_READING_BUDGET
    for row in np.argsort(-priority, kind="stable"):
        if priority[row] < screen_at or left <= 0:
            break
        if pieces[row] <= left:
            close[row] = True
            left -= pieces[row]
    return close


def screening_notice(screening: Screening) -> Notice:
    return Notice(
        code="long_text_screened",
        text=(
            f"This text is long ({screening.sentences:,} sentences) and a screened reading "
            "was asked for (WALKAWAY_SCREEN_LONG_TEXTS): every sentence was screened, and "
            f"the {screening.read_closely:,} likeliest to hold a sign were read closely. A "
            "sign worded unusually in the others may be missed; for a complete reading "
            "(about 6.5 s for 200,000 characters), unset it."
        ),
    )
