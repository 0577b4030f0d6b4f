"""The carry heads' training: data, labels and the threshold rule."""

from __future__ import annotations

from collections import Counter

import numpy as np

from training.carry import FOREIGN_FOLDER, best_threshold, labelled, load_situations


def test_every_carried_span_is_in_its_situation_and_the_other_languages_have_rows_of_their_own():
    rows = load_situations() + load_situations(FOREIGN_FOLDER)
    assert all(span in row["situation"] for row in rows for span in row["carry"])
    other = Counter(row["language"] for row in rows if row["language"] != "en")
    assert set(other) == {"es", "fr", "de", "pt", "it", "nl"}
    assert min(other.values()) >= 100


def test_a_clause_is_a_positive_when_it_is_mostly_a_carried_span():
    row = {
        "situation": "They raised the rent again. Please return the two keys by Friday.",
        "carry": ["Please return the two keys by Friday"],
    }
    assert [(clause.text, label) for clause, label in labelled(row)] == [
        ("They raised the rent again", 0),
        ("Please return the two keys by Friday", 1),
    ]


def test_the_threshold_is_the_one_with_most_recall_at_the_precision_asked():
    p = np.asarray([0.95, 0.9, 0.8, 0.7, 0.6, 0.4])
    y = np.asarray([1, 1, 1, 0, 1, 0])
    assert best_threshold(p, y, 0.99)["threshold"] > 0.7  # above the one wrong 0.7
    assert best_threshold(p, y, 0.75)["recall"] == 1.0
