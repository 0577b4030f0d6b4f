"""Train the exit drafter's item reader: P(this phrase names what the user declines).

A logistic head (assistant/item.py) over every candidate phrase of situations written by
helpers who saw neither the drafter nor any exit set (`training/item/*.jsonl`), each with
the shortest words naming the thing declined. A phrase is a positive when it is those words
(case and spacing aside). Splits by a hash of the situation (training/corpus.py: 80% train,
10% calibration, 10% test). The L2 strength is the one whose likeliest phrase per situation
names the item most often on the calibration split; the threshold on the likeliest phrase's
probability is the lowest one at which it names the item (the same last word) in at least
`PRECISION_AT` of the calibration situations it speaks for. The test split is only
measured. numpy only.

    python -m training.item            # writes assistant/data/item.npz
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.item import ITEM_FILE, Phrase, phrase_features, phrases
from training.corpus import split_of
from training.stance import fit, heads_tagger, write_head

FOLDER = Path(__file__).resolve().parent / "item"
PRECISION_AT = 0.85
L2_CHOICES = (1e-4, 1e-3, 1e-2)
PARTS = ("train", "calibration", "test")


def load_situations(folder: Path = FOLDER) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                if row["item"] not in row["situation"]:
                    raise ValueError(f"{path.name}:{number}: the item is not in the situation")
                rows.append(row)
    return rows


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def names_it(phrase: Phrase, item: str | None) -> bool:
    """Whether the phrase names the thing: its last word is the item's."""
    return item is not None and phrase.text.lower().split()[-1] == item.lower().split()[-1]


# One situation as a head reads it: its candidate phrases, their features, its label.
Read = tuple[list[Phrase], np.ndarray, str | None]
Names = Callable[[Phrase, str | None], bool]


def evaluate(
    weight: np.ndarray, situations: list[Read], threshold: float, names: Names = names_it
) -> dict[str, float]:
    """Of the situations: how often the likeliest phrase names the label; and at the
    threshold, how many it speaks for (coverage) and how often it is right then (a
    situation with no label is wrong whenever it speaks)."""
    tops = []
    for found, x, label in situations:
        p = 1 / (1 + np.exp(-(x @ weight[:-1] + weight[-1])))
        best = int(p.argmax())
        tops.append((float(p[best]), names(found[best], label)))
    said = [right for p, right in tops if p >= threshold]
    return {
        "top1": round(sum(right for _, right in tops) / max(len(tops), 1), 3),
        "coverage": round(len(said) / max(len(tops), 1), 3),
        "precision": round(sum(said) / max(len(said), 1), 3),
        "n": len(tops),
    }


def best_threshold(
    weight: np.ndarray,
    situations: list[Read],
    precision_at: float = PRECISION_AT,
    names: Names = names_it,
) -> float:
    for threshold in np.arange(0.05, 0.96, 0.01):
        if evaluate(weight, situations, float(threshold), names)["precision"] >= precision_at:
            return round(float(threshold), 2)
    return 0.96


def train_phrase_head(
    rows: list[tuple[str, str | None]],
    read: Callable[[str], list[Phrase]],
    positive: Names,
    names: Names,
    precision_at: float,
    out: Path,
) -> dict:
    """Fit a logistic head over the phrases `read` finds in each (situation, label) row,
    positives by `positive`; choose its L2 strength by the calibration split's top-1 and its
    threshold by `precision_at` there (`names` says when the likeliest phrase is right);
    write it to `out` and return the figures, the test split's only measured."""
    tagger = heads_tagger()
    encoder = tagger.encoder
    by_part: dict[str, list[Read]] = {p: [] for p in PARTS}
    covered = 0
    for situation, label in rows:
        found = read(situation)
        if not found:
            continue
        x = phrase_features(situation, found, encoder).astype(np.float64)
        covered += any(positive(f, label) for f in found)
        by_part[split_of(situation)].append((found, x, label))
    train = by_part["train"]
    x = np.vstack([x for _, x, _ in train])
    y = np.asarray([positive(f, label) for found, _, label in train for f in found], np.float64)
    tried = {}
    for l2 in L2_CHOICES:
        weight = fit(x, y, l2=l2)
        tried[l2] = (evaluate(weight, by_part["calibration"], 1.0, names)["top1"], weight)
    l2 = max(tried, key=lambda k: tried[k][0])
    weight = tried[l2][1]
    threshold = best_threshold(weight, by_part["calibration"], precision_at, names)
    situations = sum(len(v) for v in by_part.values())
    figures = {
        "situations": situations,
        "label_among_phrases": round(covered / max(situations, 1), 3),
        "l2_tried": {str(k): v[0] for k, v in tried.items()},
        "l2": l2,
        "threshold": threshold,
    } | {part: evaluate(weight, by_part[part], threshold, names) for part in PARTS}
    write_head(out, weight, threshold, tagger)
    return figures


def _same_phrase(phrase: Phrase, item: str | None) -> bool:
    return item is not None and _normal(phrase.text) == _normal(item)


def phrase_head_command(
    argv: list[str] | None,
    description: str,
    default_out: Path,
    rows: Callable[[], list[tuple[str, str | None]]],
    read: Callable[[str], list[Phrase]],
    positive: Names,
    names: Names,
    precision_at: float,
) -> int:
    """The command line of a phrase head's training (this one and training/addressee.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    figures = train_phrase_head(rows(), read, positive, names, precision_at, args.out)
    print(json.dumps(figures, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    return phrase_head_command(
        argv,
        __doc__.splitlines()[0],
        ITEM_FILE,
        lambda: [(row["situation"], row["item"]) for row in load_situations()],
        phrases,
        _same_phrase,
        names_it,
        PRECISION_AT,
    )


if __name__ == "__main__":
    raise SystemExit(main())
