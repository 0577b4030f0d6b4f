"""The reader for sentences not in English: its features, its weights, its calibration."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from assistant.lexical import (
    CALIBRATION_PATH,
    WEIGHTS_PATH,
    features,
    linear_logits,
    load_lexical_reader,
    pack_weight,
    unpack_weight,
)
from assistant.tagger import TaggerWeights


def test_a_sentence_has_the_same_features_in_every_process():
    text = "C'est notre dernier prix, à prendre ou à laisser."
    script = f"from assistant.lexical import features; print(features({text!r}).tolist())"
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=True
    )
    assert json.loads(other.stdout) == features(text).tolist()


def test_a_sentence_differs_from_another_in_its_features():
    first, second = features("última oferta, hoy mismo"), features("gracias por la oferta")
    assert len(set(first) & set(second)) < min(len(first), len(second)) / 2


def test_packed_weights_read_every_sentence_as_the_full_ones_do_to_within_rounding():
    weight = np.random.default_rng(0).normal(0, 0.3, (1 << 17, 4)).astype(np.float32)
    bias = np.zeros(4, np.float32)
    rows = [features(text) for text in ("Tómalo o déjalo.", "Merci pour votre offre.")]
    packed = unpack_weight(pack_weight(weight))
    assert np.allclose(
        linear_logits(packed, bias, rows), linear_logits(weight, bias, rows), atol=0.05
    )


def test_the_shipped_reader_reads_the_taggers_labels_in_the_corpus_languages():
    reader = load_lexical_reader()
    assert reader is not None
    assert reader.labels == TaggerWeights.read().labels
    assert reader.languages == {"es", "fr", "de", "pt", "it"}
    assert not reader.reads("en")


def test_the_shipped_reader_is_calibrated_on_the_corpus_test_split():
    """Measured by `python -m training.lexical` on rows it never trained on."""
    figures = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    assert figures["weights"] == load_lexical_reader().digest  # type: ignore[union-attr]
    assert figures["test"]["calibration"]["noticed_cells"]["ece"] <= 0.05


def test_without_its_weights_there_is_no_lexical_reader(tmp_path):
    assert load_lexical_reader(tmp_path / "lexical.npz", tmp_path / "lexical.json") is None
    assert WEIGHTS_PATH.exists()


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        (
            "Das ist mein letztes Wort: entweder Sie unterschreiben so, oder wir lassen es.",
            "take_it_or_leave_it",
        ),
        ("Si no firmas antes de esta noche, el precio sube mañana.", "false_urgency"),
    ],
)
def test_the_shipped_reader_finds_a_plain_sign_in_another_language(text, signal):
    reader = load_lexical_reader()
    assert reader is not None
    probabilities = reader.probabilities([text])[0]
    assert probabilities[reader.labels.index(signal)] >= reader.calibration.found_at


@pytest.mark.parametrize(
    "text",
    [
        "Merci pour le devis détaillé, nous le relisons et revenons vers vous lundi.",
        "Obrigado pela proposta, vou conversar com a minha sócia e respondo amanhã.",
    ],
)
def test_the_shipped_reader_finds_no_sign_in_ordinary_deal_talk(text):
    reader = load_lexical_reader()
    assert reader is not None
    signs = [i for i, label in enumerate(reader.labels) if label != "satisfied"]
    assert reader.probabilities([text])[0, signs].max() < reader.calibration.found_at
