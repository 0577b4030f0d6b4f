"""Train the exit drafter's carry reader: P(the user wants this clause passed on).

Logistic heads (assistant/carry.py) on each clause's hashed n-grams and tagger vector, its
sentence's vector and the instruction grammar's flags, trained on situations written by
helpers who saw neither the drafter nor any exit set, each with the verbatim clauses the
user wants carried and those that must stay out. A clause is a positive when half of it,
or half of a carried span, overlaps a carried span. Splits by a hash of the situation
(training/corpus.py: 80% train, 10% calibration, 10% test): each head's L2 strength and
threshold (the one with the most recall at precision `PRECISION_AT`, or
`PRECISION_AT_FOREIGN`, on the calibration split) are chosen on the calibration split; the
test split is only measured. numpy only.

Two heads. The English head reads `training/carry/`, `carry_next/` and `carry_more/` (every
language in them, as it always has; the last two since the thirty-third session). The head for the other six languages reads their rows of that folder and of
`training/carry_foreign/`: trained beside the English head, those rows cost English
drafts (dev English exits 258 -> 255 of 272), so they have a head of their own.

    python -m training.carry            # writes assistant/data/carry.npz
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.carry import CARRY_FILE, Clause, carry_features, clauses
from training.corpus import split_of
from training.stance import fit, heads_tagger, report, scores, write_head

FOLDER = Path(__file__).resolve().parent / "carry"
# Situations written later, trained on since the thirty-third session. Kept in folders of
# their own because the screen (training/screen.py) reads `carry/` and `carry_next/` and
# must read the same sentences to stay reproducible.
MORE_FOLDERS = (FOLDER.parent / "carry_next", FOLDER.parent / "carry_more")
FOREIGN_FOLDER = Path(__file__).resolve().parent / "carry_foreign"
PRECISION_AT = 0.85
# A wrong line in the other six languages is story or words meant for the assistant, and
# no mask of the English tagger's findings stands behind it there (carry.py).
PRECISION_AT_FOREIGN = 0.90
L2_CHOICES = (1e-4, 1e-3, 1e-2)
PARTS = ("train", "calibration", "test")


def load_situations(*folders: Path) -> list[dict]:
    """The situations of `folders` (the English head's three when none are named), file by
    file in the order of the files' names, whichever folder holds them."""
    paths = [
        path for folder in folders or (FOLDER, *MORE_FOLDERS) for path in folder.glob("*.jsonl")
    ]
    rows = []
    for path in sorted(paths, key=lambda p: p.name):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                missing = [s for s in row["carry"] if s not in row["situation"]]
                if missing:
                    raise ValueError(f"{path.name}:{number}: not in the situation: {missing}")
                rows.append(row)
    return rows


def labelled(row: dict) -> list[tuple[Clause, int]]:
    situation = row["situation"]
    spans = [(situation.find(s), situation.find(s) + len(s)) for s in row["carry"]]
    out = []
    for clause in clauses(situation):
        size = clause.end - clause.start
        positive = any(
            (overlap := min(clause.end, end) - max(clause.start, start)) * 2 >= size
            or overlap * 2 >= end - start
            for start, end in spans
            if min(clause.end, end) > max(clause.start, start)
        )
        out.append((clause, int(positive)))
    return out


def best_threshold(p: np.ndarray, y: np.ndarray, precision: float) -> dict[str, float]:
    """The figures at the threshold with the most recall among those reaching `precision`."""
    return max(
        (report(p, y, t) | {"threshold": float(t)} for t in np.arange(0.3, 0.96, 0.01)),
        key=lambda r: (r["precision"] >= precision, r["recall"]),
    )


def train_head(
    x: np.ndarray, y: np.ndarray, parts: dict[str, np.ndarray], precision: float
) -> tuple[np.ndarray, float, dict]:
    """(weights with the bias last, threshold, figures) of the head whose L2 strength reads
    the calibration split best at `precision`."""
    tried = {}
    for l2 in L2_CHOICES:
        weight = fit(x[parts["train"]], y[parts["train"]], l2=l2)
        p = scores(weight, x[parts["calibration"]])
        tried[l2] = (best_threshold(p, y[parts["calibration"]], precision), weight)
    l2 = max(tried, key=lambda k: (tried[k][0]["precision"] >= precision, tried[k][0]["recall"]))
    chosen, weight = tried[l2]
    threshold = chosen["threshold"]
    figures = {
        "l2_tried": {str(k): v[0] for k, v in tried.items()},
        "l2": l2,
        "threshold": round(threshold, 2),
    } | {name: report(scores(weight, x[mask]), y[mask], threshold) for name, mask in parts.items()}
    return weight, threshold, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CARRY_FILE)
    args = parser.parse_args(argv)
    tagger = heads_tagger()
    rows = load_situations()
    foreign_only = [row for row in load_situations(FOREIGN_FOLDER) if row["language"] != "en"]
    found, y_all, part_of, from_folder, english_all = [], [], [], [], []
    for folder_rows, in_folder in ((rows, True), (foreign_only, False)):
        for row in folder_rows:
            for clause, label in labelled(row):
                found.append(clause)
                y_all.append(label)
                part_of.append(split_of(row["situation"]))
                from_folder.append(in_folder)
                english_all.append(row["language"] == "en")
    y = np.asarray(y_all, dtype=np.float64)
    x = carry_features(found, tagger.encoder).astype(np.float64)
    english, in_folder = np.asarray(english_all), np.asarray(from_folder)
    part = np.asarray(part_of)
    heads = {
        "english": train_head(
            x[in_folder], y[in_folder], {n: part[in_folder] == n for n in PARTS}, PRECISION_AT
        ),
        "foreign": train_head(
            x[~english], y[~english], {n: part[~english] == n for n in PARTS}, PRECISION_AT_FOREIGN
        ),
    }
    (weight, threshold, _), (foreign, foreign_threshold, _) = heads["english"], heads["foreign"]
    write_head(
        args.out,
        weight,
        threshold,
        tagger,
        weight_foreign=foreign[:-1].astype(np.float32),
        bias_foreign=np.float32(foreign[-1]),
        threshold_foreign=np.float32(foreign_threshold),
    )
    summary = {
        "situations": len(rows) + len(foreign_only),
        "clauses": len(found),
        "positives": round(float(y.mean()), 3),
    }
    print(json.dumps(summary | {name: head[2] for name, head in heads.items()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
