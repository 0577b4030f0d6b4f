"""Trains the screen for long texts (assistant/screening.py): the tagger, distilled into
the lexical reader's hashed n-grams.

    python -m training.screen        # writes assistant/data/screen.npz and screen.json

Its target is not a label of the corpus but what the shipped detector reads closely: a
sentence is worth reading when its complete reading (the tagger, and the lexical reader
for the signs of the other languages) puts any label, contentment included, at
`possible_at` or more, as a finding or a possible sign. Since the target is the tagger's
reading, any sentence can teach it: besides the train split of `corpus/`, `corpus_next/`
and `corpus_stories/`, it learns from the sentences of the other training folders (the
amounts, approvals, exit situations, rehearsal lines, stance lines, Dutch rows) that fall
in the train split, with training/lexical.py's trainer (numpy; deterministic for given
targets, but a sentence at the tagger's threshold can read either side of it from one run
to the next: two builds here had 11,399 and 11,400 of 35,091 worth reading). Its
threshold is chosen on the corpus's calibration split: the highest, in steps of 0.01,
under which at most 2% of the sentences the tagger reads something in fall. The test
split and `heldout/` are only measured. Needs the local model (the tagger).

Since the twentieth session a second reading stands beside the spelling: the published
MiniLM's input embeddings of the sentence's word pieces, averaged, through a network of
one hidden layer (HIDDEN units, numpy, Adam; the epoch kept is the one with the best
ranking on the calibration split), and the two logits made one by a logistic regression
fitted on the calibration split. Spelling alone ranks the test split at 0.84 (train 0.9998:
it learns its rows by heart, and a stronger L2 or fewer epochs ranked the calibration split
no better, 0.83-0.86); the word pieces generalise across wording. The hidden size and L2
were chosen on the calibration split's ranking after stacking (L2 1e-4; 64 units: 0.884,
96: 0.887, 128: 0.889, 256: 0.891, and with L2 1e-3 0.889): the fewest units within 0.005 of
the best, since each unit is read for every word piece of a long text.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path

import numpy as np

from assistant.embeddings import _packaged_weights_dir
from assistant.lexical import pack_weight
from assistant.onnx_build import read_safetensors
from assistant.runtime import Runtime
from assistant.screening import (
    THRESHOLD_PATH,
    WEIGHTS_PATH,
    SentenceScreen,
    embedding_table,
    load_screen,
    mean_of_pieces,
    static_tokenizer,
)
from assistant.sentences import split_sentences
from training.corpus import (
    ROOT,
    Row,
    fingerprint,
    labels,
    load_corpus,
    normal,
    split_of,
)
from training.lexical import heldout_rows, more_rows, train

TARGET = "worth_reading"
KEPT = 0.98
HIDDEN = 128
STATIC_L2 = 1e-4
STATIC_EPOCHS = 25
STATIC_RATE = 1e-3
STATIC_BATCH = 128
SEED = 0
# Folders of other labels, whose sentences the tagger can label for the screen.
UNLABELLED_DIRS = tuple(
    ROOT / name
    for name in ("amounts", "approval_next", "carry", "carry_next", "coach", "stance", "corpus_nl")
)
TEXT_FIELDS = ("text", "situation", "counterparty", "reply")
# Written after the screen was built, for the carry reader and the coach; a screen trained
# with them too was measured and is not used: ranking AUC 0.8436 -> 0.8348 on the test
# split, 0.8388 -> 0.8367 on heldout/, kept 0.982 -> 0.974 of the test split's sentences
# worth reading (eighteenth session).
NOT_READ = frozenset({"carry/t6.jsonl", "coach/r7.jsonl", "coach/r8.jsonl"})


def unlabelled_sentences(known: set[str]) -> list[Row]:
    """The train-split sentences of UNLABELLED_DIRS, each once, none already in `known`."""
    seen = set(known)
    rows: list[Row] = []
    for folder in UNLABELLED_DIRS:
        for path in sorted(folder.glob("*.jsonl")):
            if f"{folder.name}/{path.name}" in NOT_READ:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                record = json.loads(line)
                for field in TEXT_FIELDS:
                    value = record.get(field)
                    if not isinstance(value, str):
                        continue
                    for span in split_sentences(value):
                        key = normal(span.text)
                        if key in seen or split_of(span.text) != "train":
                            continue
                        seen.add(key)
                        rows.append(Row(id=f"{path.stem}:{len(rows)}", text=span.text, labels=()))
    return rows


def choose_screen_at(likelihood: np.ndarray, worth: np.ndarray) -> float:
    kept = [at for at in np.arange(0.01, 1.0, 0.01) if (likelihood[worth] >= at).mean() >= KEPT]
    return round(float(max(kept)), 2) if kept else 0.0


def ranking_auc(likelihood: np.ndarray, worth: np.ndarray) -> float:
    """How often a sentence worth reading is put above one that is not (ties count half):
    under the budget, the order is what decides."""
    ranks = np.empty(len(likelihood))
    order = np.argsort(likelihood, kind="stable")
    ranks[order] = np.arange(1, len(likelihood) + 1)
    for value in np.unique(likelihood):  # ties share their mean rank
        tied = likelihood == value
        ranks[tied] = ranks[tied].mean()
    positives, negatives = int(worth.sum()), int((~worth).sum())
    if not positives or not negatives:
        return float("nan")
    return float((ranks[worth].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def figures(likelihood: np.ndarray, worth: np.ndarray, screen_at: float) -> dict:
    passed = likelihood >= screen_at
    return {
        "ranking_auc": round(ranking_auc(likelihood, worth), 4),
        "sentences": int(len(worth)),
        "worth_reading": int(worth.sum()),
        "kept": round(float(passed[worth].mean()), 4),
        "passed": round(float(passed.mean()), 4),
        "passed_of_the_rest": round(float(passed[~worth].mean()), 4),
    }


def train_static(
    inputs: np.ndarray, worth: np.ndarray, calibration: np.ndarray, calibration_worth: np.ndarray
) -> dict[str, np.ndarray]:
    """The word pieces' network, its inputs' standardisation folded into the first layer:
    the arrays screen.npz keeps (assistant/screening.py's STATIC_ARRAYS, less the stack)."""
    rng = np.random.default_rng(SEED)
    mean, spread = inputs.mean(axis=0), inputs.std(axis=0) + 1e-6
    x, x_calibration = (inputs - mean) / spread, (calibration - mean) / spread
    truth = worth.astype(np.float32)
    width = x.shape[1]
    params = [
        rng.normal(0, 1 / np.sqrt(width), (width, HIDDEN)).astype(np.float32),
        np.zeros(HIDDEN, np.float32),
        rng.normal(0, 1 / np.sqrt(HIDDEN), HIDDEN).astype(np.float32),
        np.zeros(1, np.float32),
    ]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    best: tuple[float, list[np.ndarray]] = (-1.0, params)
    step = 0
    for _ in range(STATIC_EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(order), STATIC_BATCH):
            batch = order[start : start + STATIC_BATCH]
            hidden = np.maximum(x[batch] @ params[0] + params[1], 0)
            logits = np.clip(hidden @ params[2] + params[3][0], -30, 30)
            error = (1 / (1 + np.exp(-logits)) - truth[batch]) / len(batch)
            back = np.outer(error, params[2]) * (hidden > 0)
            grads = [
                x[batch].T @ back + STATIC_L2 * params[0],
                back.sum(axis=0),
                hidden.T @ error + STATIC_L2 * params[2],
                np.array([error.sum()], np.float32),
            ]
            step += 1
            for param, grad, (first, second) in zip(params, grads, moments, strict=True):
                first *= 0.9
                first += 0.1 * grad
                second *= 0.999
                second += 0.001 * grad * grad
                param -= (
                    STATIC_RATE
                    * (first / (1 - 0.9**step))
                    / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
                )
        hidden = np.maximum(x_calibration @ params[0] + params[1], 0)
        auc = ranking_auc(hidden @ params[2] + params[3][0], calibration_worth)
        if auc > best[0]:
            best = (auc, [p.copy() for p in params])
    first_layer, hidden_bias, out_weight, out_bias = best[1]
    return {
        "static_first_layer": (first_layer / spread[:, None]).astype(np.float32),
        "static_hidden_bias": (hidden_bias - (mean / spread) @ first_layer).astype(np.float32),
        "static_out_weight": out_weight,
        "static_out_bias": out_bias[0],
    }


def fit_stack(spelling: np.ndarray, meaning: np.ndarray, worth: np.ndarray) -> np.ndarray:
    """A logistic regression on the two logits (Newton's method, a touch of ridge)."""
    inputs = np.stack([spelling, meaning, np.ones_like(spelling)], axis=1).astype(np.float64)
    truth = worth.astype(np.float64)
    beta = np.zeros(3)
    for _ in range(50):
        predicted = 1 / (1 + np.exp(-inputs @ beta))
        curvature = (inputs * (predicted * (1 - predicted))[:, None]).T @ inputs
        beta -= np.linalg.solve(curvature + 1e-3 * np.eye(3), inputs.T @ (predicted - truth))
    return beta.astype(np.float32)


def build(out: Path = WEIGHTS_PATH, threshold_out: Path = THRESHOLD_PATH) -> dict:
    label_ids = labels()
    rows = load_corpus()
    more = more_rows(label_ids)
    with tempfile.TemporaryDirectory() as scratch:
        detector = Runtime.scratch(Path(scratch)).get_detector()
        trained = [row for row in rows + more if row.split == "train"]
        splits = {
            "train": trained + unlabelled_sentences({normal(row.text) for row in rows + more}),
            "calibration": [row for row in rows + more if row.split == "calibration"],
            "test": [row for row in rows + more if row.split == "test"],
            "heldout": heldout_rows(label_ids, rows + more),
        }
        worth = {
            name: detector.reads_something([r.text for r in rs]) for name, rs in splits.items()
        }
    targets = [
        dataclasses.replace(row, labels=(TARGET,) if flag else ())
        for row, flag in zip(splits["train"], worth["train"], strict=True)
    ]
    weight, bias = train(targets, (TARGET,))
    weights_dir = _packaged_weights_dir()
    assert weights_dir is not None, "the published MiniLM weights are missing: make setup"
    table = embedding_table(read_safetensors(weights_dir / "model.safetensors"))
    tokenizer = static_tokenizer(weights_dir)
    texts = {name: [row.text for row in rs] for name, rs in splits.items()}
    static = train_static(
        mean_of_pieces(tokenizer, table, texts["train"]),
        worth["train"],
        mean_of_pieces(tokenizer, table, texts["calibration"]),
        worth["calibration"],
    )
    meta = json.dumps({"target": TARGET, "corpus": fingerprint(rows + more)})

    def save(stack: np.ndarray, screen_at: dict) -> SentenceScreen:
        np.savez_compressed(
            out, meta=meta, bias=bias, static_stack=stack, **static, **pack_weight(weight)
        )
        threshold_out.write_text(json.dumps(screen_at) + "\n", encoding="utf-8")
        load_screen.cache_clear()
        screen = load_screen(out, threshold_out)
        assert screen is not None and screen.static is not None
        return screen

    # The stack is fitted on the run-time readings, as the product computes them.
    screen = save(np.array([1.0, 0.0, 0.0], np.float32), {"screen_at": 1.0})
    spelling = {name: screen.likelihood(t) for name, t in texts.items()}
    assert screen.static is not None
    stack = fit_stack(
        _logit(spelling["calibration"]),
        screen.static.logits(texts["calibration"]),
        worth["calibration"],
    )
    spelling_at = choose_screen_at(spelling["calibration"], worth["calibration"])
    screen = save(stack, {"screen_at": 1.0})
    likelihood = {name: screen.likelihood(t) for name, t in texts.items()}
    screen_at = choose_screen_at(likelihood["calibration"], worth["calibration"])
    result = {
        "screen_at": screen_at,
        "spelling_at": spelling_at,
        "kept_at_least": KEPT,
        "weights": screen.digest,
        "stack": [round(float(value), 4) for value in stack],
        **{name: figures(likelihood[name], worth[name], screen_at) for name in splits},
        "spelling_alone": {
            name: figures(spelling[name], worth[name], spelling_at) for name in splits
        },
    }
    threshold_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    load_screen.cache_clear()
    return result


def _logit(probability: np.ndarray) -> np.ndarray:
    clipped = np.clip(probability, 1e-7, 1 - 1e-7)
    return np.log(clipped / (1 - clipped))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, args.out.with_suffix(".json")), indent=1))


if __name__ == "__main__":
    main()
