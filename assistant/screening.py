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

The screen is the tagger distilled into the lexical reader's hashed n-grams
(assistant/lexical.py, the same features, remembered once for both): `python -m
training.screen` trains it to tell in which sentences the tagger reads something (a sign
or contentment, from `possible_at`), and chooses its threshold on the corpus's
calibration split (`assistant/data/screen.json`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.schemas import Notice, Screening

DATA = Path(__file__).parent / "data"
WEIGHTS_PATH = DATA / "screen.npz"
THRESHOLD_PATH = DATA / "screen.json"

# Ten pages; every case of every eval set is under a tenth of it.
LONG_TEXT_CHARS = 20_000
# Pieces (clauses, or sentences of one clause) the tagger reads in a screened text, and
# amounts the role reader reads: chosen so that the longest text accepted is critiqued
# in under 2 s on two cores (`walkaway bench`, `longest_text_screened_s`: 1.82-1.87 s at
# 300, 1.94-1.99 s at 400, the same hour). This machine's speed drifts: later the same
# day 300 took 1.9-2.3 s and 200 1.8-2.0 s, but 200 kept 0.90 of the signals of the needle
# test (evals/long_texts.py) against 0.95 at 300.
CLOSE_READING_BUDGET = 300
AMOUNT_BUDGET = 25


def is_long(text: str) -> bool:
    return len(text) > LONG_TEXT_CHARS


@dataclass(frozen=True)
class SentenceScreen:
    """P(the tagger reads something in this sentence), from its spelling alone."""

    weight: np.ndarray  # (BUCKETS, 1)
    bias: np.ndarray  # (1,)
    screen_at: float  # a sentence from here is worth the tagger's close reading
    digest: str

    def likelihood(self, texts: Sequence[str]) -> np.ndarray:
        # Imported here: assistant/facts.py reads this module's budgets, and the lexical
        # reader's module leads back to it through the tagger's.
        from assistant.lexical import features, linear_logits

        logits = linear_logits(self.weight, self.bias, [features(text) for text in texts])
        return 1.0 / (1.0 + np.exp(-logits[:, 0]))


@lru_cache(maxsize=2)
def load_screen(
    path: Path = WEIGHTS_PATH, threshold_path: Path = THRESHOLD_PATH
) -> SentenceScreen | None:
    """None before the first `python -m training.screen`: every text is then read closely."""
    if not path.exists() or not threshold_path.exists():
        return None
    from assistant.lexical import unpack_weight

    with np.load(path) as data:
        weight, bias = unpack_weight(data), data["bias"].astype(np.float32)
    return SentenceScreen(
        weight=weight,
        bias=bias,
        screen_at=float(json.loads(threshold_path.read_text(encoding="utf-8"))["screen_at"]),
        digest=hashlib.sha256(path.read_bytes()).hexdigest()[:12],
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
