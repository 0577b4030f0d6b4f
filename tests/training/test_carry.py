"""The carry heads' training: data, labels and the threshold rule."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np

from training.carry import (
    FOLDER,
    FOREIGN_FOLDER,
    MORE_FOLDERS,
    best_threshold,
    labelled,
    load_situations,
)


def test_every_carried_span_is_in_its_situation_and_the_other_languages_have_rows_of_their_own():
    rows = load_situations() + load_situations(FOREIGN_FOLDER)
    assert all(span in row["situation"] for row in rows for span in row["carry"])
    other = Counter(row["language"] for row in rows if row["language"] != "en")
    assert set(other) == {"es", "fr", "de", "pt", "it", "nl"}
    assert min(other.values()) >= 100


def test_the_english_head_reads_the_later_folders_too_file_by_file_in_name_order(tmp_path):
    rows = load_situations()
    later = load_situations(*MORE_FOLDERS)
    assert len(rows) == len(load_situations(FOLDER)) + len(later) and later
    for name, folder in (("t2", "a"), ("t1", "b"), ("t3", "a")):
        (tmp_path / folder).mkdir(exist_ok=True)
        row = {"situation": name, "carry": []}
        (tmp_path / folder / f"{name}.jsonl").write_text(json.dumps(row) + "\n")
    read = load_situations(tmp_path / "a", tmp_path / "b")
    assert [row["situation"] for row in read] == ["t1", "t2", "t3"]


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


def test_the_unread_carry_rows_keep_every_span_in_its_situation():
    rows = load_situations(FOLDER.parent / "carry_unread")
    assert len(rows) == 750
    assert all(span in row["situation"] for row in rows for span in row["carry"] + row["keep_out"])
