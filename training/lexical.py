"""Trains the reader for sentences not in English (assistant/lexical.py), then calibrates it.

    python -m training.lexical        # writes assistant/data/lexical.npz and lexical.json

numpy only, deterministic for a given corpus (fixed seed and order), about a minute on 2
cores. It learns from every row of the train split of `corpus/`, `corpus_next/` and
`corpus_stories/` (the tagger trains on the first only), English included (words and
spellings shared across languages, numbers and punctuation carry over), and is used on
the languages the corpus has rows in besides English. Its temperature and bias are fitted
on the calibration split's rows in those languages, and its threshold for a finding by the
tagger's rule (right 85% of the time there); the test split is only measured: `test` is
that of `corpus/`, which the readers before it were measured on too, and `more_test` that
of the other two (a sentence there may share its story with one trained on). Both are
read by the runtime tagger too (which needs the local model), so the two readers are
compared on the same rows.

Chosen on the calibration split (the only split a choice looked at): 15 epochs, Adam at
0.1, L2 1e-5, 2^17 buckets (2^18 read the calibration split no better at twice the size;
2^16 lost precision).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.config import load_settings
from assistant.lexical import (
    BUCKETS,
    CALIBRATION_PATH,
    WEIGHTS_PATH,
    Blend,
    linear_logits,
    load_lexical_reader,
    many_features,
    pack_weight,
)
from assistant.tagger import Calibration, SentenceTagger, load_tagger
from evals.reliability import calibration_report
from training import calibrate
from training.calibrate import POSSIBLE_AT, choose_found_at, fit_scaling, truth_of
from training.corpus import (
    ROOT,
    SATISFIED,
    Row,
    fingerprint,
    folder_rows,
    labels,
    load_corpus,
    normal,
)
from training.optim import adam_step

EPOCHS = 15
LEARNING_RATE = 0.1
L2 = 1e-5
BATCH = 32
START_BIAS = -3.0  # most sentences show no given sign: start from "rarely"
SEED = 0
MORE_DIRS = (ROOT / "corpus_next", ROOT / "corpus_stories")
# Written only to be measured on (sixteenth session): never trained on, never a choice.
HELDOUT_DIR = ROOT / "heldout"


def more_rows(label_ids: tuple[str, ...]) -> list[Row]:
    """The labelled rows of MORE_DIRS, which the shipped tagger does not train on."""
    return folder_rows(MORE_DIRS, label_ids)


def train(
    rows: list[Row], label_ids: tuple[str, ...], epochs: int = EPOCHS
) -> tuple[np.ndarray, np.ndarray]:
    """Multi-label logistic regression on hashed features, by Adam on sparse batches: only
    the features a batch holds are read and moved."""
    rng = np.random.default_rng(SEED)
    indexed = many_features([row.text for row in rows])
    truth = truth_of(rows, label_ids)
    weight = np.zeros((BUCKETS, len(label_ids)), np.float32)
    bias = np.full(len(label_ids), START_BIAS, np.float32)
    moments = {"w": (np.zeros_like(weight), np.zeros_like(weight))}
    moments["b"] = (np.zeros_like(bias), np.zeros_like(bias))
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(indexed))
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            step += 1
            lengths = [len(indexed[i]) for i in batch]
            flat = np.concatenate([indexed[i] for i in batch])
            scale = np.repeat(1 / np.sqrt(np.maximum(lengths, 1)), lengths).astype(np.float32)
            logits = linear_logits(weight, bias, [indexed[i] for i in batch])
            error = (1 / (1 + np.exp(-logits)) - truth[batch]) / len(batch)
            touched, where = np.unique(flat, return_inverse=True)
            weight_grad = np.zeros((len(touched), len(label_ids)), np.float32)
            np.add.at(weight_grad, where, np.repeat(error, lengths, axis=0) * scale[:, None])
            weight_grad += L2 * weight[touched]
            adam_step(weight, weight_grad, moments["w"], step, LEARNING_RATE, touched)
            adam_step(bias, error.sum(axis=0), moments["b"], step, LEARNING_RATE)
    return weight, bias


def measure(probabilities: np.ndarray, truth: np.ndarray, rows: list[Row], found_at: float):
    return {"rows": len(rows), **calibrate.measure(probabilities, truth, rows, found_at)}


def build(out: Path = WEIGHTS_PATH, calibration_out: Path = CALIBRATION_PATH) -> dict:
    label_ids = labels()
    rows = load_corpus()
    languages = sorted({row.language for row in rows} - {"en"})
    # The tagger does not train on these (see training/README.md); this reader does.
    more = more_rows(label_ids)
    weight, bias = train([row for row in rows + more if row.split == "train"], label_ids)
    meta = {"labels": list(label_ids), "languages": languages, "corpus": fingerprint(rows + more)}
    np.savez_compressed(out, meta=json.dumps(meta), bias=bias, **pack_weight(weight))
    load_lexical_reader.cache_clear()
    reader = load_lexical_reader(out, calibration_out.with_suffix(".missing"))
    assert reader is not None

    # Only its signs are used (whether the user is content stays the tagger's reading, see
    # assistant/detector.py), so only they are calibrated and measured.
    signs = [index for index, label in enumerate(label_ids) if label != SATISFIED]

    def read(items: list[Row]) -> tuple[np.ndarray, np.ndarray]:
        logits = reader.logits([row.text for row in items])
        return logits[:, signs], truth_of(items, label_ids)[:, signs]

    foreign = [row for row in rows if row.language in languages]
    calibration_logits, calibration_truth = read(
        [row for row in foreign + more if row.split == "calibration" and row.language in languages]
    )
    temperature, scaling_bias = fit_scaling(calibration_logits, calibration_truth, bias_limit=8.0)
    scaled = Calibration(temperature, 0.5, POSSIBLE_AT, scaling_bias)
    # The tagger's rule: a finding must be right FOUND_PRECISION of the time here.
    found_at = choose_found_at(scaled.probabilities(calibration_logits), calibration_truth)
    fitted = Calibration(temperature, found_at, POSSIBLE_AT, scaling_bias)
    tagger = Calibration.read()
    tagger_reader = load_tagger(Path(load_settings().model_dir))
    figures = {}
    for name, items in (
        ("calibration", [row for row in foreign if row.split == "calibration"]),
        ("test", [row for row in foreign if row.split == "test"]),
        ("more_test", [row for row in more if row.split == "test" and row.language in languages]),
        ("heldout", [r for r in heldout_rows(label_ids, rows + more) if r.language in languages]),
    ):
        if not items:
            continue
        logits, truth = read(items)
        probabilities = fitted.probabilities(logits)
        figures[name] = measure(probabilities, truth, items, fitted.found_at)
        if name != "calibration":
            figures[name]["calibration"] = calibration_report(probabilities, truth)
            figures[name]["ece_resampled"] = resampled_ece(probabilities, truth)
            # What the tagger, which read these sentences before, makes of the same rows.
            read_by_tagger = tagger_reader.probabilities([row.text for row in items])[:, signs]
            figures[name]["tagger"] = measure(read_by_tagger, truth, items, tagger.found_at)
    result = {
        "temperature": round(temperature, 4),
        "bias": round(scaling_bias, 4),
        "found_at": fitted.found_at,
        "possible_at": fitted.possible_at,
        "weights": reader.digest,
        "corpus": meta["corpus"],
        "languages": languages,
        **figures,
        "english_blend": english_blend(
            rows, more, lambda items: read(items)[0] / temperature + scaling_bias, tagger_reader
        ),
    }
    calibration_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    load_lexical_reader.cache_clear()
    return result


def english_blend(
    rows: list[Row], more: list[Row], lexical_logits, tagger_reader: SentenceTagger
) -> dict:
    """The blend of the two readers for English signs (assistant/lexical.py `Blend`): fitted
    on the corpus's English calibration rows, on the cells where the tagger leans (its
    possible_at or more), its threshold by the tagger's rule over every cell; measured on
    the corpus's English test rows and on the English test rows of the other two folders
    (no reader trained on either), beside the tagger alone."""
    label_ids = tagger_reader.labels
    signs = [index for index, label in enumerate(label_ids) if label != SATISFIED]
    leans_at = tagger_reader.calibration.possible_at

    def both(items: list[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tagger = tagger_reader.probabilities([row.text for row in items])[:, signs]
        return tagger, lexical_logits(items), truth_of(items, label_ids)[:, signs]

    english = [row for row in rows if row.language == "en"]
    tagger, lexical, truth = both([row for row in english if row.split == "calibration"])
    leaning = tagger >= leans_at
    weights = fit_blend(tagger[leaning], lexical[leaning], truth[leaning])
    blend = Blend(*weights, leans_at=leans_at, found_at=0.5)
    found_at = choose_found_at(blend.probabilities(tagger, lexical), truth)
    blend = Blend(*weights, leans_at=leans_at, found_at=found_at)
    measured = {}
    for name, items in (
        ("test", [row for row in english if row.split == "test"]),
        ("more_test", [row for row in more if row.language == "en" and row.split == "test"]),
    ):
        tagger, lexical, truth = both(items)
        blended = blend.probabilities(tagger, lexical)
        measured[name] = {
            **measure(blended, truth, items, found_at),
            "ece": calibration_report(blended, truth)["noticed_cells"]["ece"],
            "tagger": measure(tagger, truth, items, tagger_reader.calibration.found_at),
            "tagger_ece": calibration_report(tagger, truth)["noticed_cells"]["ece"],
        }
    return {
        "weights": dict(zip(("tagger_weight", "lexical_weight", "bias"), weights, strict=True)),
        "leans_at": leans_at,
        "found_at": found_at,
        **measured,
    }


def fit_blend(
    tagger: np.ndarray, lexical_logits: np.ndarray, truth: np.ndarray
) -> tuple[float, float, float]:
    """(tagger weight, lexical weight, bias) of the logistic regression on the tagger's
    logit and the lexical reader's, the cells given pooled: Newton's method, a few steps."""
    clipped = np.clip(tagger.ravel(), 1e-4, 1 - 1e-4)
    inputs = np.stack(
        [np.log(clipped / (1 - clipped)), lexical_logits.ravel(), np.ones(clipped.size)], axis=1
    ).astype(np.float64)
    target = truth.ravel().astype(np.float64)
    weights = np.array([1.0, 0.0, 0.0])
    for _ in range(25):
        predicted = 1 / (1 + np.exp(-inputs @ weights))
        gradient = inputs.T @ (predicted - target)
        hessian = (inputs * (predicted * (1 - predicted))[:, None]).T @ inputs
        weights -= np.linalg.solve(hessian + 1e-6 * np.eye(3), gradient)
    return (round(float(weights[0]), 4), round(float(weights[1]), 4), round(float(weights[2]), 4))


def heldout_rows(label_ids: tuple[str, ...], trained: list[Row]) -> list[Row]:
    """The held-out rows, less any that repeats a sentence trained on (a fair term is often
    worded the same way by two writers: three of the 1,000 were)."""
    seen = {normal(row.text) for row in trained}
    return [row for row in folder_rows([HELDOUT_DIR], label_ids) if normal(row.text) not in seen]


def resampled_ece(probabilities: np.ndarray, truth: np.ndarray, times: int = 200) -> dict:
    """The 5th and 95th percentiles of the expected calibration error (cells from 0.1) over
    the rows drawn again with replacement: how much a few hundred rows can say."""
    rng = np.random.default_rng(SEED)
    errors = []
    for _ in range(times):
        drawn = rng.integers(0, len(truth), len(truth))
        report = calibration_report(probabilities[drawn], truth[drawn])
        errors.append(report["noticed_cells"]["ece"])
    return {
        "p5": round(float(np.percentile(errors, 5)), 4),
        "p95": round(float(np.percentile(errors, 95)), 4),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = parser.parse_args(argv)
    result = build(args.out, args.out.with_suffix(".json"))
    for name in ("calibration", "test", "more_test", "heldout"):
        if name not in result:
            continue
        print(name, json.dumps(result[name]["micro"]), json.dumps(result[name]["per_language"]))
        if "tagger" in result[name]:
            print("  the tagger on the same rows:", json.dumps(result[name]["tagger"]["micro"]))
    print(
        "ece (test, cells 0.1 and up):",
        result["test"]["calibration"]["noticed_cells"]["ece"],
        "resampled",
        result["test"]["ece_resampled"],
    )
    blend = result["english_blend"]
    print("english blend", json.dumps(blend["weights"]), "found_at", blend["found_at"])
    for name in ("test", "more_test"):
        print(" ", name, json.dumps(blend[name]["micro"]), "ece", blend[name]["ece"])
        print("  the tagger alone:", json.dumps(blend[name]["tagger"]["micro"]))
    if "heldout" in result:
        print(
            "ece (held out):",
            result["heldout"]["calibration"]["noticed_cells"]["ece"],
            "resampled",
            result["heldout"]["ece_resampled"],
        )


if __name__ == "__main__":
    main()
