"""The lexical reader's training: the fit, and what the command writes."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.lexical import features, linear_logits
from training.corpus import Row
from training.lexical import train

LABELS = ("false_urgency", "satisfied")


def rows() -> list[Row]:
    urgent = ["Firma hoy o pierdes el descuento.", "La oferta caduca esta noche, decide ya."]
    content = ["Estoy contento con el precio.", "Me parece bien, trato hecho."]
    return [Row(id=f"u{i}", text=t, labels=("false_urgency",)) for i, t in enumerate(urgent)] + [
        Row(id=f"c{i}", text=t, labels=("satisfied",)) for i, t in enumerate(content)
    ]


def test_training_learns_each_rows_labels_and_only_those():
    weight, bias = train(rows(), LABELS, epochs=5)
    logits = linear_logits(weight, bias, [features(row.text) for row in rows()])
    truth = np.array([[label in row.labels for label in LABELS] for row in rows()])
    assert ((logits > 0) == truth).all()


def test_training_twice_on_the_same_rows_gives_the_same_weights():
    first, second = train(rows(), LABELS, epochs=2), train(rows(), LABELS, epochs=2)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_the_blend_is_fitted_as_the_logistic_regression_that_made_the_data():
    from training.lexical import fit_blend

    rng = np.random.default_rng(3)
    tagger_logit, lexical_logit = rng.normal(0, 2, 20_000), rng.normal(0, 2, 20_000)
    joined = 0.8 * tagger_logit + 0.3 * lexical_logit - 0.5
    truth = rng.random(20_000) < 1 / (1 + np.exp(-joined))
    weights = fit_blend(1 / (1 + np.exp(-tagger_logit)), lexical_logit, truth)
    assert weights == pytest.approx((0.8, 0.3, -0.5), abs=0.06)
