"""Fits the tagger's temperature, bias and thresholds on the runtime model, then measures it.

    python -m training.calibrate      # after python -m training.tagger

Runs the tagger exactly as the product does (onnxruntime, int8), so the probabilities it
calibrates are the ones users see. Everything is chosen on the corpus's `calibration`
split; the `test` split is only measured, and what was measured is written beside the
weights (`assistant/data/tagger.json`) for the README and `walkaway eval --report`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.config import load_settings
from assistant.embeddings import LocalMiniLM
from assistant.tagger import (
    CALIBRATION_PATH,
    Calibration,
    SentenceTagger,
    TaggerWeights,
    ensure_tagger_model,
)
from evals.reliability import calibration_report, precision_recall
from training.corpus import ROOT, Row, fingerprint, load_corpus

AMOUNTS_HAND_DIR = ROOT / "amounts_hand"

# A finding the verdict rests on must be right this often on the calibration split.
FOUND_PRECISION = 0.85
# A possible sign is shown from this calibrated probability: worth a question to the user.
POSSIBLE_AT = 0.3


def truth_of(rows: list[Row], labels: tuple[str, ...]) -> np.ndarray:
    truth = np.zeros((len(rows), len(labels)), dtype=np.float32)
    for index, row in enumerate(rows):
        for label in row.labels:
            truth[index, labels.index(label)] = 1
    return truth


def fit_scaling(
    logits: np.ndarray, truth: np.ndarray, bias_limit: float = 2.0
) -> tuple[float, float]:
    """The temperature and bias (Platt scaling: sigmoid(logit / temperature + bias)) with the
    lowest log loss over every cell. A temperature alone left the cells the product shows
    (0.1 and up) over-confident once the tagger was trained on sentences in context: their
    expected calibration error was 0.061 on the calibration split, 0.032 with the bias."""

    def loss(temperature: float, bias: float) -> float:
        scaled = logits / temperature + bias
        return float((np.logaddexp(0.0, scaled) - truth * scaled).mean())

    temperatures = np.exp(np.linspace(np.log(0.25), np.log(8.0), 100))
    biases = np.linspace(-bias_limit, bias_limit, int(40 * bias_limit) + 1)
    _, temperature, bias = min(
        (loss(float(t), float(b)), float(t), float(b)) for t in temperatures for b in biases
    )
    return temperature, bias


def measure(probabilities: np.ndarray, truth: np.ndarray, rows: list[Row], found_at: float) -> dict:
    """Findings from `found_at` against the truth: over every row, as the false alarms a
    user would see on clean sentences, and per language (the corpus is mostly English: a
    figure over all rows hides how little an English reader finds in the others)."""
    languages = np.array([row.language for row in rows])
    negatives = truth.sum(axis=1) == 0
    return {
        "micro": precision_recall(probabilities >= found_at, truth),
        "false_alarm_rate_on_negatives": round(
            float((probabilities[negatives] >= found_at).any(axis=1).mean()), 4
        ),
        "per_language": {
            language: precision_recall(
                probabilities[languages == language] >= found_at, truth[languages == language]
            )
            for language in sorted(set(languages))
        },
    }


def choose_found_at(probabilities: np.ndarray, truth: np.ndarray) -> float:
    """The lowest threshold (from 0.5) whose findings are right FOUND_PRECISION of the time."""
    for threshold in np.arange(0.5, 0.96, 0.025):
        scores = precision_recall(probabilities >= threshold, truth)
        if scores["precision"] >= FOUND_PRECISION:
            return round(float(threshold), 3)
    return 0.95


def amount_report(tagger: SentenceTagger, split: str = "test", folder: Path | None = None) -> dict:
    """How well each amount's role is read: per amount (the learned head alone), and per
    row, whether parse_facts names the right offer and limit with and without the reader.
    `folder`: another folder of amounts in the same format (default `training/amounts/`)."""
    from assistant.facts import ROLES, find_amounts, parse_facts
    from training.corpus import AMOUNTS_DIR, load_amount_examples, split_of

    folder = folder or AMOUNTS_DIR
    examples = [e for e in load_amount_examples(folder) if e.split == split]
    roles, _ = tagger.amount_roles([e.window for e in examples])
    learned = float(
        np.mean([ROLES[int(r.argmax())] == e.role for r, e in zip(roles, examples, strict=True)])
    )
    rows = [
        json.loads(line)
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("//")
    ]
    rows = [row for row in rows if split_of(row["text"]) == split]

    def value_of(row: dict, role: str) -> float | None:
        spans = [a["span"] for a in row["amounts"] if a["role"] == role]
        if not spans:
            return None
        position = row["text"].rfind(spans[-1])
        for money, start, end in find_amounts(row["text"]):
            if start <= position < end or position <= start < position + len(spans[-1]):
                return money.amount
        return None

    def right(reader) -> dict:
        offers = limits = 0
        for row in rows:
            facts = parse_facts(row["text"], reader=reader)
            offers += facts.offer == value_of(row, "offer")
            limits += facts.limit == value_of(row, "limit")
        return {
            "offer": round(offers / max(1, len(rows)), 3),
            "limit": round(limits / max(1, len(rows)), 3),
        }

    return {
        "amounts": len(examples),
        "rows": len(rows),
        "role_accuracy": round(learned, 3),
        "rules_only": right(None),
        "with_reader": right(tagger),
    }


def calibrate(model_dir: Path, out: Path = CALIBRATION_PATH) -> dict:
    weights = TaggerWeights.read()
    encoder = LocalMiniLM(ensure_tagger_model(model_dir, weights))
    tagger = SentenceTagger(encoder, weights, Calibration(1.0, 0.5, POSSIBLE_AT))
    labels = weights.labels
    rows = load_corpus()
    split = {name: [row for row in rows if row.split == name] for name in ("calibration", "test")}
    logits = {name: tagger.logits([row.text for row in items]) for name, items in split.items()}
    truth = {name: truth_of(items, labels) for name, items in split.items()}
    temperature, bias = fit_scaling(logits["calibration"], truth["calibration"])
    fitted = Calibration(temperature, 0.5, POSSIBLE_AT, bias)

    def probabilities(name: str) -> np.ndarray:
        return fitted.probabilities(logits[name])

    found_at = choose_found_at(probabilities("calibration"), truth["calibration"])
    test_p, test_y = probabilities("test"), truth["test"]
    per_label = {
        label: precision_recall(test_p[:, index] >= found_at, test_y[:, index])
        for index, label in enumerate(labels)
    }
    result = {
        "temperature": round(temperature, 4),
        "bias": round(bias, 4),
        "found_at": found_at,
        "possible_at": POSSIBLE_AT,
        "weights": weights.digest,
        "corpus": fingerprint(rows),
        "rows": {name: len(items) for name, items in split.items()},
        "test": {
            **measure(test_p, test_y, split["test"], found_at),
            "per_label": per_label,
            "calibration": calibration_report(test_p, test_y),
            "calibration_before_temperature": calibration_report(
                1 / (1 + np.exp(-logits["test"])), test_y
            )["all_cells"]["ece"],
        },
    }
    result["test"]["amounts"] = amount_report(tagger)
    # Amounts written one by one by other hands (thirtieth session): the corpus's own test
    # split is about 140 rows and named offers 0.788 where these named 0.574. Their
    # calibration split is reported apart, so a later choice made on it stays visible.
    result["test"]["amounts_hand"] = {
        split: amount_report(tagger, split, AMOUNTS_HAND_DIR) for split in ("test", "calibration")
    }
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CALIBRATION_PATH)
    args = parser.parse_args(argv)
    result = calibrate(Path(load_settings().model_dir), args.out)
    test = result["test"]
    print(
        json.dumps(
            {
                "temperature": result["temperature"],
                "bias": result["bias"],
                "found_at": result["found_at"],
                "micro": test["micro"],
                "per_language": test["per_language"],
                "false_alarm_rate_on_negatives": test["false_alarm_rate_on_negatives"],
                "ece_all_cells": test["calibration"]["all_cells"]["ece"],
                "ece_noticed_cells": test["calibration"]["noticed_cells"]["ece"],
                "ece_before_temperature": test["calibration_before_temperature"],
                "amounts": test["amounts"],
                "amounts_hand": test["amounts_hand"],
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
