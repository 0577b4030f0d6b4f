"""The signal classifier: deterministic training, a cache keyed by its inputs, sound output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.probe import (
    MINED_PATH,
    SignalProbe,
    load_or_train,
    load_paraphrases,
    training_set,
)
from assistant.rules import load_rulebook, load_taxonomy

EVALS = Path(__file__).resolve().parents[1] / "evals"


class CountingEmbedder:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        return self.inner.embed_documents(texts)


@pytest.fixture(scope="module")
def signals() -> list[str]:
    return [rule.id for rule in load_rulebook().signals]


@pytest.fixture(scope="module")
def probe(embedder, signals, model_dir) -> SignalProbe:
    """The product's classifier: from the cache beside the model when the detector of an
    earlier test trained it there, trained once otherwise."""
    return load_or_train(load_rulebook(), embedder, signals, cache_dir=model_dir)


# The training and cache mechanics do not depend on how much is learnt: two signals and no
# mined sentences train in a fraction of the full classifier's time.
SMALL = ["false_urgency", "hidden_costs"]


def train_small(embedder, cache_dir, rulebook=None) -> SignalProbe:  # noqa: ANN001
    return load_or_train(rulebook or load_rulebook(), embedder, SMALL, cache_dir, with_mined=False)


def test_training_twice_gives_the_same_weights(embedder):
    assert np.array_equal(train_small(embedder, None).weights, train_small(embedder, None).weights)


def test_a_cached_classifier_is_read_back_without_embedding_anything(embedder, tmp_path):
    counting = CountingEmbedder(embedder)
    trained = train_small(counting, tmp_path)
    reread = train_small(counting, tmp_path)
    assert counting.calls == 1
    assert np.allclose(trained.weights, reread.weights)
    assert len(list(tmp_path.glob("probe-*.npz"))) == 1
    assert not list(tmp_path.glob("*.partial*"))


def test_a_damaged_cache_file_is_trained_again_and_replaced(embedder, tmp_path):
    train_small(embedder, tmp_path)
    (cached,) = tmp_path.glob("probe-*.npz")
    cached.write_bytes(b"not a numpy archive")
    probe = train_small(embedder, tmp_path)
    assert probe.weights.shape[1] == len(SMALL) + 1
    assert cached.read_bytes()[:2] == b"PK"  # a real archive again


def test_a_changed_rulebook_trains_a_classifier_of_its_own(embedder, tmp_path):
    rulebook = load_rulebook()
    train_small(embedder, tmp_path, rulebook)
    changed = rulebook.model_copy(
        update={"neutral_examples": [*rulebook.neutral_examples, "We met for coffee."]}
    )
    train_small(embedder, tmp_path, changed)
    assert len(list(tmp_path.glob("probe-*.npz"))) == 2


def test_an_unwritable_cache_only_costs_the_training(embedder, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    probe = train_small(embedder, blocker / "cache")
    assert probe.weights.shape[1] == len(SMALL) + 1


def test_probabilities_are_a_share_for_each_signal(embedder, signals, probe):
    vectors = embedder.embed(["Hello there.", "Sign in the next ten minutes or the deal is gone."])
    probabilities = probe.probabilities(vectors)
    assert probabilities.shape == (2, len(signals))
    assert (probabilities >= 0).all()
    assert (probabilities.sum(axis=1) <= 1.0 + 1e-9).all()


UNSEEN = [
    (
        "The recruiter insists I decide before lunch or the job goes to someone else.",
        "false_urgency",
    ),
    ("He warned me that my career would be over if I turned him down.", "intimidation"),
    ("The final bill had a 'facility charge' that nobody had ever mentioned.", "hidden_costs"),
    ("She keeps saying the price is the price and won't discuss it.", "take_it_or_leave_it"),
    ("The buyer has gone quiet twice and keeps asking for more time.", "counterparty_hesitation"),
    ("I already have a better offer from a firm across town.", "has_alternatives"),
]


def test_sentences_it_never_saw_mostly_go_to_the_right_signal(embedder, signals, probe):
    """A classifier errs now and then (the second sentence sits between a threat and a guilt
    trip); one miss in six is allowed, two is a regression."""
    probabilities = probe.probabilities(embedder.embed([sentence for sentence, _ in UNSEEN]))
    wrong = [
        (sentence, signals[int(np.argmax(row))])
        for (sentence, signal), row in zip(UNSEEN, probabilities, strict=True)
        if signals[int(np.argmax(row))] != signal
    ]
    assert len(wrong) <= 1, wrong


def test_ordinary_talk_gets_no_confident_signal(embedder, probe):
    ordinary = ["We agreed to meet at the notary on Monday to sign the papers."]
    assert probe.probabilities(embedder.embed(ordinary)).max() < 0.5


def test_the_paraphrases_name_only_taxonomy_signals():
    assert set(load_paraphrases()) - {"neutral"} <= set(load_taxonomy().signals)


def _cases(split: str | None = None) -> list[dict]:
    return [
        case
        for path in EVALS.glob("*.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("{")
        for case in [json.loads(line)]
        if split is None or case.get("split") == split
    ]


def test_no_training_sentence_is_taken_from_a_test_case():
    """The classifier must not see its examiner's answers."""
    examined = [json.dumps(case).lower() for case in _cases("test")]
    texts, _ = training_set(load_rulebook(), [rule.id for rule in load_rulebook().signals])
    # A stock phrase of a few words ("Something's off.") may recur in any two cases by
    # chance; a sentence of five words or more found in a test case was taken from it.
    leaked = [
        text
        for text in texts
        if len(text.split()) >= 5 and any(text.lower() in case for case in examined)
    ]
    assert leaked == []


def test_no_paraphrase_is_taken_from_an_eval_case():
    case_texts = [case["text"].lower() for case in _cases() if "text" in case]
    leaked = [
        text
        for texts in load_paraphrases().values()
        for text in texts
        if any(text.lower() in case for case in case_texts)
    ]
    assert leaked == []


def test_every_mined_sentence_comes_from_a_dev_case_that_names_its_label():
    dev = [case for case in _cases("dev") if case["task"] == "critique"]
    mined = load_paraphrases(MINED_PATH)
    assert sum(map(len, mined.values())) > 500
    orphans = [
        (label, sentence)
        for label, sentences in mined.items()
        for sentence in sentences
        if not any(
            sentence in case["text"] and (label == "neutral" or label in case["signals"])
            for case in dev
        )
    ]
    assert orphans == []
