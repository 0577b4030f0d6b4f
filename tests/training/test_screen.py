"""The screen's training: its threshold rule, its ranking measure and its extra sentences."""

from __future__ import annotations

import numpy as np
import pytest

from training.corpus import normal, split_of
from training.screen import (
    choose_screen_at,
    fit_stack,
    ranking_auc,
    train_static,
    unlabelled_sentences,
)


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


def test_the_word_pieces_network_folds_its_standardisation_into_what_the_product_reads():
    rng = np.random.default_rng(3)
    inputs = rng.normal(2.0, 3.0, (400, 8)).astype(np.float32)
    worth = inputs[:, 0] + inputs[:, 1] > 4.0
    arrays = train_static(inputs[:300], worth[:300], inputs[300:], worth[300:])
    # The product adds the folded bias to the averaged rows times the folded first layer.
    hidden = np.maximum(inputs @ arrays["static_first_layer"] + arrays["static_hidden_bias"], 0)
    logits = hidden @ arrays["static_out_weight"] + arrays["static_out_bias"]
    assert ranking_auc(logits[300:], worth[300:]) > 0.9


def test_the_stack_weighs_the_reading_that_tells_more():
    rng = np.random.default_rng(5)
    worth = rng.random(2000) < 0.3
    telling = np.where(worth, 2.0, -2.0) + rng.normal(0, 1, 2000)
    noise = rng.normal(0, 1, 2000)
    spelling, meaning, _ = fit_stack(noise, telling, worth)
    assert meaning > 1.0 and abs(spelling) < meaning / 10
