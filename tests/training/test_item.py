"""The item head's training: data, what counts as naming the item, and the threshold rule."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.item import Phrase, phrases
from training.item import best_threshold, evaluate, load_situations, names_it


def test_every_item_is_in_its_situation_and_most_are_among_the_phrases_read():
    rows = load_situations()
    assert len(rows) >= 750
    assert all(row["item"] in row["situation"] for row in rows)
    among = sum(
        any(p.text.lower() == row["item"].lower() for p in phrases(row["situation"]))
        for row in rows
    )
    assert among / len(rows) >= 0.85


def test_a_situation_whose_item_is_missing_is_refused(tmp_path):
    row = {"situation": "Not taking the van.", "item": "lorry"}
    (tmp_path / "x.jsonl").write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match="x.jsonl:1"):
        load_situations(tmp_path)


def test_a_phrase_names_the_item_when_it_ends_on_the_same_word():
    assert names_it(Phrase("cockapoo pup", 0, 12, 0, None), "pup")
    assert names_it(Phrase("pup", 0, 3, 0, None), "cockapoo pup")
    assert not names_it(Phrase("co-ownership contract", 0, 21, 0, None), "cockapoo pup")


def _situation(right: bool, sure: float) -> tuple[list[Phrase], np.ndarray, str]:
    found = [Phrase("van", 0, 3, 0, None), Phrase("deposit", 4, 11, 0, None)]
    # one feature: the head's weight 1 makes a row's logit its feature
    logit = np.log(sure / (1 - sure))
    x = np.asarray([[logit], [-9.0]] if right else [[-9.0], [logit]])
    return found, x, "van"


def test_the_threshold_is_the_lowest_at_which_the_likeliest_phrase_is_right_often_enough():
    weight = np.asarray([1.0, 0.0])
    situations = [_situation(True, 0.9)] * 9 + [_situation(False, 0.555)] * 3
    assert evaluate(weight, situations, 0.0)["top1"] == 0.75
    assert best_threshold(weight, situations) == 0.56
    assert evaluate(weight, situations, 0.56) == {
        "top1": 0.75,
        "coverage": 0.75,
        "precision": 1.0,
        "n": 12,
    }


def test_the_unread_item_rows_keep_every_item_in_its_situation():
    from training.item import FOLDER

    rows = load_situations(FOLDER.parent / "item_next")
    assert len(rows) == 1000 and all(row["item"] in row["situation"] for row in rows)
