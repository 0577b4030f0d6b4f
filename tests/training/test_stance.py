"""The stance head's training: data, splits and the fit."""

from __future__ import annotations

import numpy as np

from training.stance import fit, load_rows, product_rows, report, scores, split_of


def test_the_corpus_is_labelled_in_six_languages_with_three_labels():
    rows = load_rows()
    assert len(rows) >= 1500
    assert {row["label"] for row in rows} == {"commit", "caution", "neutral"}
    assert {row["language"] for row in rows} == {"en", "es", "fr", "de", "pt", "it"}


def test_a_sentence_keeps_its_split_and_the_splits_are_about_80_10_10():
    rows = load_rows()
    assert split_of(rows[0]["text"]) == split_of("  " + rows[0]["text"].upper() + " ")
    share = np.mean([split_of(row["text"]) == "train" for row in rows])
    assert 0.75 < share < 0.85


def test_walkaways_own_advice_is_a_negative_example():
    own = product_rows()
    assert len(own) > 30 and {row["label"] for row in own} == {"caution"}


def test_the_fit_separates_what_is_separable():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] > 0).astype(float)
    weight = fit(x, y, steps=500)
    assert report(scores(weight, x), y, 0.5)["precision"] > 0.95
