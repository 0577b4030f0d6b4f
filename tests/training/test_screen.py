"""The screen's training: its threshold rule, its ranking measure and its extra sentences."""

from __future__ import annotations

import numpy as np
import pytest

from training.corpus import normal, split_of
from training.screen import choose_screen_at, ranking_auc, unlabelled_sentences


def test_the_threshold_is_the_highest_that_keeps_the_sentences_worth_reading():
    likelihood = np.array([0.9, 0.5, 0.3, 0.2, 0.1] + [0.05] * 95)
    worth = np.zeros(100, dtype=bool)
    worth[:5] = True
    assert choose_screen_at(likelihood, worth) == 0.1  # all five kept from 0.1 down
    worth[5] = True  # one at 0.05 now: 98% of six is all six
    assert choose_screen_at(likelihood, worth) == 0.05


def test_the_ranking_measure_counts_how_often_worth_reading_comes_first():
    worth = np.array([True, True, False, False])
    assert ranking_auc(np.array([0.9, 0.8, 0.2, 0.1]), worth) == 1.0
    assert ranking_auc(np.array([0.1, 0.2, 0.8, 0.9]), worth) == 0.0
    assert ranking_auc(np.array([0.5, 0.5, 0.5, 0.5]), worth) == pytest.approx(0.5)


def test_the_extra_sentences_are_new_and_of_the_train_split_only():
    rows = unlabelled_sentences(set())
    assert len(rows) > 5000
    assert all(split_of(row.text) == "train" for row in rows)
    texts = [normal(row.text) for row in rows]
    assert len(set(texts)) == len(texts)
    known = set(texts[:10])
    assert not known & {normal(row.text) for row in unlabelled_sentences(known)}
