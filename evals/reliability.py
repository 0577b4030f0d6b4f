"""Calibration measured: reliability bins and expected calibration error.

A finding's confidence is meant as a probability. Over a set of (sentence, label)
cells, bin the predicted probabilities and compare each bin's mean prediction with how
often the label was really there; the expected calibration error (ECE) is the gap,
weighted by how many cells fall in each bin. Two views, because the many easy zeros of
a multi-label tagger flatter the first: every cell, and only the cells the tagger gave
at least `NOTICED` (what a user could ever be shown).
"""

from __future__ import annotations

from typing import Any

import numpy as np

BINS = 10
NOTICED = 0.1


def reliability(probabilities: np.ndarray, truth: np.ndarray, bins: int = BINS) -> dict[str, Any]:
    """ECE and the reliability curve of flattened probabilities against 0/1 truth."""
    p = np.asarray(probabilities, dtype=np.float64).ravel()
    y = np.asarray(truth, dtype=np.float64).ravel()
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    curve = []
    gap = 0.0
    for index in range(bins):
        inside = which == index
        count = int(inside.sum())
        if not count:
            continue
        predicted, observed = float(p[inside].mean()), float(y[inside].mean())
        gap += count * abs(predicted - observed)
        curve.append(
            {
                "bin": f"{edges[index]:.1f}-{edges[index + 1]:.1f}",
                "cells": count,
                "predicted": round(predicted, 3),
                "observed": round(observed, 3),
            }
        )
    return {"ece": round(gap / max(1, len(p)), 4), "cells": len(p), "curve": curve}


def calibration_report(probabilities: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    """Both views: all cells, and the cells the tagger noticed."""
    p = np.asarray(probabilities).ravel()
    y = np.asarray(truth).ravel()
    noticed = p >= NOTICED
    return {
        "all_cells": reliability(p, y),
        "noticed_cells": reliability(p[noticed], y[noticed]),
    }


def precision_recall(predicted: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    hits = float((predicted & (truth > 0)).sum())
    precision = hits / max(1.0, float(predicted.sum()))
    recall = hits / max(1.0, float((truth > 0).sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def measure_tagger(tagger: Any) -> dict[str, Any]:
    """The runtime tagger's reliability on the corpus's test split (never used for a choice):
    what `walkaway eval --report` shows beside the case figures."""
    from training.corpus import load_corpus

    labels = tagger.labels
    rows = [row for row in load_corpus() if row.split == "test"]
    truth = np.zeros((len(rows), len(labels)), dtype=np.float32)
    for index, row in enumerate(rows):
        for label in row.labels:
            truth[index, labels.index(label)] = 1
    probabilities = tagger.probabilities([row.text for row in rows])
    found = probabilities >= tagger.calibration.found_at
    return {
        "sentences": len(rows),
        "found_at": tagger.calibration.found_at,
        "possible_at": tagger.calibration.possible_at,
        "temperature": tagger.calibration.temperature,
        "bias": tagger.calibration.bias,
        "findings": precision_recall(found, truth),
        **calibration_report(probabilities, truth),
    }
