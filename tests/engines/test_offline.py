"""The offline engine's decision rule, with an embedder whose similarities are set by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from assistant.detector import (
    FALLBACK_THRESHOLD,
    LOW_FLOOR,
    NEUTRAL_MARGIN,
    SIMILARITY_FLOOR,
    SignalDetector,
)
from assistant.probe import SignalProbe
from assistant.rules import Rulebook, load_rulebook
from assistant.schemas import DealFacts

SENTENCE = "Zebra quartz lamp."  # no cue phrase, one clause: only the vectors decide


PLEA = "Please just tell me it is fine."


class SetEmbedder:
    """Each text's vector is given: axis 0 false urgency, 1 neutral talk, 2 below minimum."""

    def __init__(self, sentence: np.ndarray) -> None:
        self.table = {
            "urgency example": np.eye(4)[0],
            "neutral example": np.eye(4)[1],
            "minimum example": np.eye(4)[2],
            SENTENCE: sentence,
            PLEA: sentence,
        }

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.table[text].tolist() for text in texts]


def sentence_with(signal: float, neutral: float) -> np.ndarray:
    rest = np.sqrt(1 - signal**2 - neutral**2)
    return np.array([signal, neutral, 0.0, rest])


def tiny_rulebook(neutral: bool) -> Rulebook:
    real = load_rulebook()
    rules = {
        "false_urgency": real.get("false_urgency").model_copy(
            update={"examples": ["urgency example"]}
        ),
        "below_minimum": real.get("below_minimum").model_copy(
            update={"examples": ["minimum example"]}
        ),
    }
    return Rulebook(
        source=real.source,
        rules=rules,
        rubrics={},
        neutral_examples=["neutral example"] if neutral else [],
    )


def undecided_probe(classes: int) -> SignalProbe:
    """A classifier with no opinion: the same probability for every class."""
    return SignalProbe(
        labels=("false_urgency", "below_minimum"),
        weights=np.zeros((4, classes)),
        bias=np.zeros(classes),
        mean=np.zeros(4),
        scale=np.ones(4),
    )


def found(signal: float, neutral: float, with_neutral_examples: bool = True) -> set[str]:
    detector = SignalDetector(
        tiny_rulebook(with_neutral_examples),
        SetEmbedder(sentence_with(signal, neutral)),  # type: ignore[arg-type]
        probe=undecided_probe(3),
    )
    return {finding.signal for finding in detector.detect(SENTENCE, DealFacts())}


def test_a_sentence_at_the_floor_is_a_match_on_its_own():
    assert found(SIMILARITY_FLOOR + 0.01, neutral=0.8) == {"false_urgency"}


def test_below_the_floor_a_sentence_clearly_nearer_the_signal_than_ordinary_talk_matches():
    assert found(LOW_FLOOR + 0.01, neutral=LOW_FLOOR - NEUTRAL_MARGIN - 0.05) == {"false_urgency"}


def test_below_the_floor_a_sentence_as_near_ordinary_talk_does_not_match():
    assert found(LOW_FLOOR + 0.01, neutral=LOW_FLOOR) == set()


def test_under_the_low_floor_nothing_matches_however_far_from_ordinary_talk():
    assert found(LOW_FLOOR - 0.05, neutral=0.0) == set()


def test_a_rulebook_without_neutral_examples_keeps_to_the_floor_and_warns_of_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert found(LOW_FLOOR + 0.01, neutral=0.0, with_neutral_examples=False) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The contractor sent a detailed estimate and answered every question I had.",
        "We agreed on the delivery date and they confirmed it by email.",
    ],
)
def test_ordinary_deal_talk_is_not_taken_for_a_warning_sign(runtime, text):
    assert runtime.get_detector().detect(text, DealFacts()) == []


def test_the_rulebook_ships_neutral_examples_in_several_languages():
    neutral = load_rulebook().neutral_examples
    assert len(neutral) >= 50
    assert any("precio" in text for text in neutral)


def test_the_classifier_alone_finds_a_signal_it_is_sure_of():
    sure = undecided_probe(3)
    bias = np.array([10.0, 0.0, 0.0])  # false urgency, whatever the sentence
    detector = SignalDetector(
        tiny_rulebook(True),
        SetEmbedder(sentence_with(0.1, 0.1)),  # type: ignore[arg-type]
        probe=SignalProbe(sure.labels, sure.weights, bias, sure.mean, sure.scale),
    )
    assert {f.signal for f in detector.detect(SENTENCE, DealFacts())} == {"false_urgency"}


def leaning_probe(probability: float) -> SignalProbe:
    """A classifier that gives false urgency this probability, whatever the sentence."""
    flat = undecided_probe(3)
    lean = np.log(2 * probability / (1 - probability))  # softmax over three classes
    return SignalProbe(flat.labels, flat.weights, np.array([lean, 0.0, 0.0]), flat.mean, flat.scale)


def detector_leaning(probability: float) -> SignalDetector:
    return SignalDetector(
        tiny_rulebook(True),
        SetEmbedder(sentence_with(0.1, 0.1)),  # type: ignore[arg-type]
        probe=leaning_probe(probability),
    )


def test_with_nothing_else_found_the_likeliest_signal_counts_from_the_fallback_threshold():
    above, below = FALLBACK_THRESHOLD + 0.1, FALLBACK_THRESHOLD - 0.1
    assert {f.signal for f in detector_leaning(above).detect(SENTENCE, DealFacts())} == {
        "false_urgency"
    }
    assert detector_leaning(below).detect(SENTENCE, DealFacts()) == []


def test_a_close_match_the_classifier_gives_almost_no_chance_is_dropped():
    detector = SignalDetector(
        tiny_rulebook(True),
        SetEmbedder(sentence_with(SIMILARITY_FLOOR + 0.1, 0.2)),  # type: ignore[arg-type]
        probe=leaning_probe(0.01),
    )
    assert detector.detect(SENTENCE, DealFacts()) == []


def test_a_cue_phrase_is_never_vetoed():
    cue = "The price is only good until tonight."
    embedder = SetEmbedder(sentence_with(0.1, 0.1))
    embedder.table[cue] = sentence_with(0.1, 0.1)
    detector = SignalDetector(
        tiny_rulebook(True),
        embedder,  # type: ignore[arg-type]
        probe=leaning_probe(0.01),
    )
    assert {f.signal for f in detector.detect(cue, DealFacts())} == {"false_urgency"}


def test_a_plea_to_be_told_it_is_fine_is_never_the_fallbacks_evidence():
    assert detector_leaning(0.6).detect(PLEA, DealFacts()) == []


def test_a_background_preamble_changes_no_finding(runtime):
    text = "The finance manager said the rate was only good if I signed tonight."
    plain = {f.signal for f in runtime.get_detector().detect(text, DealFacts())}
    told = f"As a 24-year-old immigrant software engineer, {text[0].lower()}{text[1:]}"
    assert {f.signal for f in runtime.get_detector().detect(told, DealFacts())} == plain


def test_a_cue_for_one_signal_keeps_the_vectors_from_adding_another_in_that_sentence():
    stated = "This is our final offer."  # a take-it-or-leave-it cue, and no urgency cue
    embedder = SetEmbedder(sentence_with(0.1, 0.1))
    embedder.table["tioli example"] = np.eye(4)[3]
    embedder.table[stated] = sentence_with(SIMILARITY_FLOOR + 0.2, 0.1)  # close to urgency
    rulebook = tiny_rulebook(True)
    rulebook.rules["take_it_or_leave_it"] = (
        load_rulebook()
        .get("take_it_or_leave_it")
        .model_copy(update={"examples": ["tioli example"]})
    )
    labels = tuple(rule.id for rule in rulebook.signals)
    probe = SignalProbe(labels, np.zeros((4, 4)), np.zeros(4), np.zeros(4), np.ones(4))
    with_cue = SignalDetector(rulebook, embedder, probe=probe)  # type: ignore[arg-type]
    assert {f.signal for f in with_cue.detect(stated, DealFacts())} == {"take_it_or_leave_it"}
    # The same sentence and vectors, with no rule for the cue to state: the vectors decide.
    without = SignalDetector(tiny_rulebook(True), embedder, probe=undecided_probe(3))  # type: ignore[arg-type]
    assert {f.signal for f in without.detect(stated, DealFacts())} == {"false_urgency"}


def test_in_a_plea_to_be_told_it_is_fine_only_stated_signals_count():
    # The classifier is sure of false urgency here; the plea is the user's wish, not the deal.
    assert detector_leaning(0.95).read(PLEA, DealFacts()).found == []


def test_the_examples_are_embedded_once_per_cache_folder(tmp_path):
    class Counting(SetEmbedder):
        calls = 0

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            Counting.calls += 1
            return super().embed_documents(texts)

    for _ in range(2):
        detector = SignalDetector(
            tiny_rulebook(True),
            Counting(sentence_with(0.1, 0.1)),  # type: ignore[arg-type]
            cache_dir=tmp_path,
            probe=undecided_probe(3),
        )
        detector.prepare()
    assert Counting.calls == 1
    assert len(list(tmp_path.glob("examples-*.npz"))) == 1
