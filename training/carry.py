"""Train the exit drafter's carry reader: P(the user wants this clause passed on).

A logistic head (assistant/carry.py) on each clause's hashed n-grams and tagger vector, its
sentence's vector and the instruction grammar's flags, trained on `training/carry/*.jsonl`:
situations written by helpers who saw neither the drafter nor any exit set, each with the
verbatim clauses the user wants carried and those that must stay out. A clause is a
positive when half of it, or half of a carried span, overlaps a carried span. Splits by a
hash of the situation (training/corpus.py: 80% train, 10% calibration, 10% test): the L2
strength and the threshold (the lowest with precision `PRECISION_AT` on the calibration
split) are chosen on the calibration split; the test split is only measured. numpy only.

    python -m training.carry            # writes assistant/data/carry.npz
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.carry import CARRY_FILE, Clause, carry_features, clauses
from training.corpus import split_of
from training.stance import fit, report, scores, shipped_tagger

FOLDER = Path(__file__).resolve().parent / "carry"
PRECISION_AT = 0.85


def load_situations(folder: Path = FOLDER) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CARRY_FILE)
    args = parser.parse_args(argv)
    tagger = shipped_tagger()
    rows = load_situations()
    found, y_all, part_of = [], [], []
    for row in rows:
        for clause, label in labelled(row):
            found.append(clause)
            y_all.append(label)
            part_of.append(split_of(row["situation"]))
    y = np.asarray(y_all, dtype=np.float64)
    x = carry_features(found, tagger.encoder).astype(np.float64)
    parts = {
        name: np.asarray([p == name for p in part_of]) for name in ("train", "calibration", "test")
    }
    tried = {}
    for l2 in (1e-4, 1e-3, 1e-2):
        weight = fit(x[parts["train"]], y[parts["train"]], l2=l2)
        p = scores(weight, x[parts["calibration"]])
        best = max(
            (
                report(p, y[parts["calibration"]], t) | {"threshold": float(t)}
                for t in np.arange(0.3, 0.96, 0.01)
            ),
            key=lambda r: (r["precision"] >= PRECISION_AT, r["recall"]),
        )
        tried[l2] = (best, weight)
    l2 = max(tried, key=lambda k: (tried[k][0]["precision"] >= PRECISION_AT, tried[k][0]["recall"]))
    chosen, weight = tried[l2]
    threshold = chosen["threshold"]
    figures = {
        name: report(scores(weight, x[mask]), y[mask], threshold) for name, mask in parts.items()
    }
    np.savez(
        args.out,
        weight=weight[:-1].astype(np.float32),
        bias=np.float32(weight[-1]),
        threshold=np.float32(threshold),
        tagger=np.asarray(tagger.weights.digest),
    )
    summary = {
        "situations": len(rows),
        "clauses": len(found),
        "positives": round(float(y.mean()), 3),
        "l2_tried": {str(k): v[0] for k, v in tried.items()},
        "l2": l2,
        "threshold": round(threshold, 2),
    }
    print(json.dumps(summary | figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
