"""The fine-tuned reader at run time: built from the published weights plus the shipped
delta, calibrated, and small."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.schemas import DealFacts
from assistant.tagger import CALIBRATION_PATH, WEIGHTS_PATH, TaggerWeights
from evals.reliability import measure_tagger
from training.corpus import labels


def test_the_shipped_weights_are_small_and_read_every_label():
    assert WEIGHTS_PATH.stat().st_size <= 5_000_000
    weights = TaggerWeights.read()
    assert weights.labels == labels()
    with np.load(WEIGHTS_PATH) as data:
        assert {data[key].dtype for key in data.files if key.startswith("qdelta/")} == {
            np.dtype(np.int8)
        }


def test_a_packed_delta_unpacks_to_within_a_thousandth():
    from assistant.tagger import pack_delta, unpack_delta

    change = np.random.default_rng(3).normal(0, 0.02, (6, 5)).astype(np.float32)
    delta = {"layer.weight": change, "layer.bias": change[0]}
    back = unpack_delta(pack_delta(delta))
    assert np.abs(back["layer.weight"] - change).max() < 1e-3
    assert np.abs(back["layer.bias"] - change[0]).max() < 1e-4


def test_the_calibration_was_fitted_on_these_weights():
    recorded = json.loads(CALIBRATION_PATH.read_text())
    assert recorded["weights"] == TaggerWeights.read().digest
    assert 0 < recorded["possible_at"] < recorded["found_at"] < 1


def test_the_heads_tagger_kept_beside_the_heads_was_calibrated_on_its_own_weights():
    from assistant.tagger import HEADS_DATA

    if not (HEADS_DATA / WEIGHTS_PATH.name).exists():
        pytest.skip("the heads read the deal reader's tagger")
    recorded = json.loads((HEADS_DATA / CALIBRATION_PATH.name).read_text())
    assert recorded["weights"] == TaggerWeights.read(HEADS_DATA / WEIGHTS_PATH.name).digest


def test_without_a_tagger_of_their_own_the_heads_read_the_deal_reader(runtime, tmp_path):
    from assistant.tagger import load_heads_tagger, load_tagger

    model_dir = runtime.settings.model_dir
    assert load_heads_tagger(model_dir, "int8", tmp_path) is load_tagger(model_dir, "int8")


def test_the_heads_keep_their_tagger_once_the_reader_is_loaded(tmp_path):
    from assistant.runtime import Runtime
    from assistant.tagger import HEADS_DATA

    if not (HEADS_DATA / WEIGHTS_PATH.name).exists():
        pytest.skip("the heads read the deal reader's tagger")
    runtime = Runtime.scratch(tmp_path)
    reader = runtime.get_tagger()
    heads = runtime.get_heads_tagger()
    assert heads.weights.digest == TaggerWeights.read(HEADS_DATA / WEIGHTS_PATH.name).digest
    assert reader.weights.digest == TaggerWeights.read().digest != heads.weights.digest


def test_an_injected_reader_serves_the_heads_too():
    from assistant.runtime import Runtime
    from tests.helpers.tagger import SetTagger

    reader = SetTagger({})
    assert Runtime(tagger=reader).get_heads_tagger() is reader  # type: ignore[arg-type]


def test_the_heads_read_the_tagger_kept_beside_them(runtime, tmp_path):
    from assistant.tagger import load_heads_tagger, load_tagger

    (tmp_path / WEIGHTS_PATH.name).write_bytes(WEIGHTS_PATH.read_bytes())
    calibration = json.loads(CALIBRATION_PATH.read_text())
    (tmp_path / CALIBRATION_PATH.name).write_text(json.dumps({**calibration, "found_at": 0.42}))
    model_dir = runtime.settings.model_dir

    heads = load_heads_tagger(model_dir, "int8", tmp_path)

    assert heads is not load_tagger(model_dir, "int8")
    assert heads.calibration.found_at == 0.42
    assert heads.weights.digest == TaggerWeights.read(tmp_path / WEIGHTS_PATH.name).digest


def test_probabilities_on_the_blind_split_are_calibrated(runtime):
    """Measured now, on the runtime model, over the corpus's test split (never a choice)."""
    figures = measure_tagger(runtime.get_tagger())
    assert figures["sentences"] >= 800
    assert figures["all_cells"]["ece"] <= 0.05
    assert figures["noticed_cells"]["ece"] <= 0.05
    assert figures["findings"]["precision"] >= 0.75


def test_a_text_gets_the_same_probabilities_alone_or_in_company(runtime):
    tagger = runtime.get_tagger()
    text = "The landlord says the rent goes up 20% unless I sign by Friday."
    alone = tagger.probabilities([text])[0]
    tagger._cache.clear()
    together = tagger.probabilities(["Thanks for the quick reply.", text])[1]
    assert np.allclose(alone, together, atol=1e-6)


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Final offer, take it or leave it.", "take_it_or_leave_it"),
        ("He said he'd make sure I never work in this town again.", "intimidation"),
        ("He said I'd regret it if I walked away now.", "intimidation"),
        ("The price is only good until midnight tonight.", "false_urgency"),
        # A known miss until the seventeenth session (the tagger alone read 0.36): the
        # English blend with the lexical reader now finds it.
        ("The dealer wants 23,500 and says it's only good today.", "false_urgency"),
    ],
)
def test_a_plain_statement_of_a_sign_is_read_as_one(runtime, text, signal):
    found = {f.signal for f in runtime.get_detector().read(text, DealFacts()).found}
    assert signal in found


def test_an_amount_read_once_is_not_read_again_and_reads_the_same(runtime):
    tagger = runtime.get_tagger()
    windows = ["They offered [[ 9,000 ]] for the van.", "My floor is [[ 10,500 ]] firm."]
    tagger._cache.clear()
    first = tagger.amount_roles(windows)
    passes: list[int] = []
    read = tagger.encoder.token_states
    tagger.encoder.token_states = lambda texts: passes.append(len(texts)) or read(texts)
    try:
        again = tagger.amount_roles([*windows, "And [[ 300 ]] in fees."])
    finally:
        del tagger.encoder.token_states
    assert passes == [1]  # only the new window went through the model
    assert np.allclose(first[0], again[0][:2]) and np.allclose(first[1], again[1][:2])
