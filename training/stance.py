"""Train the stance reader: P(this sentence pushes the user to commit to the deal).

A logistic head on hashed word and character n-grams beside the tagger's own sentence
vector (the fine-tuned MiniLM the offline reader already runs). Chosen on the calibration
split (2,003 helper rows, recall at precision 0.85): the vectors alone 0.28, the n-grams
alone 0.38, both 0.46 (the base MiniLM embedder's vectors: 0.02). Trained on
`training/stance/*.jsonl`: advice, chat and coaching sentences in six languages labelled
commit / caution / neutral by helpers who saw neither the guard nor the suites. Splits by a hash of the text: 80% train, 10% calibration (the
threshold is chosen there), 10% test (measured only). numpy only; about a minute.

    python -m training.stance            # writes assistant/data/stance.npz
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT / "stance"
OUT = ROOT.parent / "assistant" / "data" / "stance.npz"
PRECISION_AT = 0.9  # the threshold's precision on the calibration split


def split_of(text: str) -> str:
    bucket = int(hashlib.sha256(text.strip().lower().encode()).hexdigest(), 16) % 10
    return "calibration" if bucket == 8 else "test" if bucket == 9 else "train"


def load_rows(folder: Path = CORPUS) -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.setdefault(row["text"].strip(), row)  # a sentence counts once
    return list(rows.values())


def product_rows() -> list[dict[str, str]]:
    """Walkaway's own wording (the rulebook's quotes and advice, the policy's reasons, and
    the replies the coach and the chat suggest when the verdict is not accept, sentence by
    sentence as the guard reads them): the advice a model paraphrases, none of it pushing
    to commit. Training rows only, so the figures stay on the helpers' sentences."""
    import itertools

    from assistant.coach import BETTER_REPLIES, GENERIC_BETTER_REPLY, SAY_NOW
    from assistant.policy import decide
    from assistant.rules import load_rulebook
    from assistant.schemas import DealFacts
    from assistant.sentences import split_sentences

    rulebook = load_rulebook()
    texts = {q for rule in rulebook.rules.values() for q in rule.quotes}
    texts |= {rule.advice.text for rule in rulebook.signals if rule.advice}
    replies = [*BETTER_REPLIES.values(), GENERIC_BETTER_REPLY]
    replies += [line for verdict, (line, _) in SAY_NOW.items() if verdict != "accept"]
    texts |= {span.text for reply in replies for span in split_sentences(reply)}
    signals = [rule.id for rule in rulebook.signals]
    for k in range(3):
        for found in itertools.combinations(signals, k):
            decision = decide(set(found), DealFacts())
            if decision.verdict != "accept":
                texts.add(decision.reason)
    return [
        {"text": t, "label": "caution", "language": "en", "register": "product"}
        for t in sorted(texts)
    ]


def fit_heads(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 1500) -> np.ndarray:
    """Logistic regression for every column of y at once (one pass over x per step serves
    them all), by full-batch gradient descent with balanced classes; the last row is the
    bias. The coach's heads use it too (training/coach.py)."""
    x = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)])
    weight = np.zeros((x.shape[1], y.shape[1]), dtype=x.dtype)
    positive = y.mean(axis=0).clip(1e-3, 1 - 1e-3)
    sample = np.where(y == 1, 0.5 / positive, 0.5 / (1 - positive)).astype(x.dtype)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ weight)))
        grad = x.T @ ((p - y) * sample) / len(y)
        grad[:-1] += l2 * weight[:-1]
        weight -= grad
    return weight


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000) -> np.ndarray:
    """One head: weight[-1] is the bias."""
    return fit_heads(x, np.asarray(y, dtype=x.dtype)[:, None], l2, steps)[:, 0]


def scores(weight: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weight[:-1] + weight[-1])))


def report(p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, float]:
    said = p >= threshold
    tp = float((said & (y == 1)).sum())
    return {
        "precision": round(tp / max(said.sum(), 1), 3),
        "recall": round(tp / max((y == 1).sum(), 1), 3),
        "n": int(len(y)),
    }


def write_head(
    path: Path, weight: np.ndarray, threshold: float, tagger: Any, **more: np.ndarray
) -> None:
    """A logistic head's file as assistant/stance.py reads it (`head_for`): the weights with
    the bias last split apart, the threshold, any `more` arrays, and the digest of the tagger
    whose vectors it reads. The stance, carry and item heads are written here."""
    np.savez(
        path,
        weight=weight[:-1].astype(np.float32),
        bias=np.float32(weight[-1]),
        threshold=np.float32(threshold),
        **more,
        tagger=np.asarray(tagger.weights.digest),
    )


def heads_tagger() -> Any:
    """The tagger the product's heads read (assistant/data/heads/ when a tagger is kept
    there, else the reader of deals): the heads trained here read its vectors."""
    from assistant.config import load_settings
    from assistant.tagger import load_heads_tagger

    settings = load_settings()
    return load_heads_tagger(Path(settings.model_dir), settings.minilm_precision)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    from assistant.stance import stance_features

    tagger = heads_tagger()
    rows = load_rows()
    written = {row["text"] for row in rows}
    own = [row for row in product_rows() if row["text"] not in written]
    rows += own
    texts = [row["text"] for row in rows]
    y_all = np.asarray([row["label"] == "commit" for row in rows], dtype=float)
    x_all = stance_features(texts, tagger.encoder).astype(np.float64)
    ours = {row["text"] for row in own}
    parts = {
        name: np.asarray([(name == "train") if t in ours else split_of(t) == name for t in texts])
        for name in ("train", "calibration", "test")
    }
    weight = fit(x_all[parts["train"]], y_all[parts["train"]])
    calibration = scores(weight, x_all[parts["calibration"]])
    y_cal = y_all[parts["calibration"]]
    threshold = 0.5
    for candidate in np.arange(0.3, 0.96, 0.01):
        if report(calibration, y_cal, candidate)["precision"] >= PRECISION_AT:
            threshold = float(candidate)
            break
    figures = {
        name: report(scores(weight, x_all[mask]), y_all[mask], threshold)
        for name, mask in parts.items()
    }
    write_head(args.out, weight, threshold, tagger)
    print(json.dumps({"rows": len(rows), "threshold": round(threshold, 2)} | figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
