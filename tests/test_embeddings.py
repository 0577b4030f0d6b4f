import json

import numpy as np
import pytest

from assistant.embeddings import LocalMiniLM, _packaged_weights_dir
from assistant.onnx_build import read_safetensors


def _reference_bert(weights: dict, ids: list[int]) -> np.ndarray:
    """An independent numpy BERT forward pass (one sentence, no padding), mean-pooled."""

    def norm(x, p):
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * weights[f"{p}.weight"] + weights[f"{p}.bias"]

    def dense(x, p):
        return x @ weights[f"{p}.weight"].T + weights[f"{p}.bias"]

    from math import erf, sqrt

    gelu = np.vectorize(lambda v: 0.5 * v * (1 + erf(v / sqrt(2))))
    n = len(ids)
    h = (
        weights["embeddings.word_embeddings.weight"][ids]
        + weights["embeddings.position_embeddings.weight"][:n]
        + weights["embeddings.token_type_embeddings.weight"][0]
    )
    h = norm(h, "embeddings.LayerNorm")
    for i in range(6):
        p = f"encoder.layer.{i}"
        heads = []
        q, k, v = (dense(h, f"{p}.attention.self.{name}") for name in ("query", "key", "value"))
        for head in range(12):
            cols = slice(head * 32, head * 32 + 32)
            scores = q[:, cols] @ k[:, cols].T / np.sqrt(32)
            probs = np.exp(scores - scores.max(-1, keepdims=True))
            probs /= probs.sum(-1, keepdims=True)
            heads.append(probs @ v[:, cols])
        h = norm(
            dense(np.hstack(heads), f"{p}.attention.output.dense") + h,
            f"{p}.attention.output.LayerNorm",
        )
        h = norm(
            dense(gelu(dense(h, f"{p}.intermediate.dense")), f"{p}.output.dense") + h,
            f"{p}.output.LayerNorm",
        )
    pooled = h.mean(0)
    return pooled / np.linalg.norm(pooled)


def test_the_built_onnx_graph_matches_an_independent_numpy_bert(fp32_embedder: LocalMiniLM):
    from tokenizers import Tokenizer

    weights_dir = _packaged_weights_dir()
    weights = {
        k: v.astype(np.float64)
        for k, v in read_safetensors(weights_dir / "model.safetensors").items()
    }
    tokenizer = Tokenizer.from_file(str(weights_dir / "tokenizer.json"))
    tokenizer.no_padding()  # the shipped tokenizer pads to 128; the reference takes no mask
    sentence = "The dealer says the price is only good until 5pm today."
    expected = _reference_bert(weights, tokenizer.encode(sentence).ids)
    actual = fp32_embedder.embed([sentence])[0]
    assert float(actual @ expected) > 0.9999


def test_vectors_are_unit_length_and_384_wide(embedder: LocalMiniLM):
    vectors = embedder.embed(["hello", "a much longer sentence about a supplier contract"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("precision", ["int8", "fp32"])
def test_a_texts_vector_does_not_depend_on_the_texts_embedded_with_it(model_dir, precision):
    embedder = LocalMiniLM(model_dir, precision)
    alone = embedder.embed(["Sign today or lose the discount."])[0]
    batched = embedder.embed(["Sign today or lose the discount.", "A very long sentence " * 20])[0]
    assert float(alone @ batched) > 0.99999


def test_similar_meanings_are_closer_than_unrelated_ones(embedder: LocalMiniLM):
    a, b, c = embedder.embed(
        [
            "This offer expires at midnight.",
            "The deal is gone after tonight.",
            "My cat sleeps all day.",
        ]
    )
    assert a @ b > 0.5 > a @ c


def test_chroma_stock_function_reads_the_built_model_folder(model_dir, fp32_embedder, monkeypatch):
    """The folder is Chroma's cache layout: its stock function loads it with no download."""
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    stock = ONNXMiniLM_L6_V2()
    monkeypatch.setattr(stock, "DOWNLOAD_PATH", model_dir.parent)
    monkeypatch.setattr(stock, "EXTRACTED_FOLDER_NAME", model_dir.name)
    theirs = np.asarray(stock(["Hidden fees appeared at checkout."])[0])
    ours = fp32_embedder.embed(["Hidden fees appeared at checkout."])[0]
    assert float(theirs @ ours) / float(np.linalg.norm(theirs)) > 0.9999


def test_a_missing_model_without_packaged_weights_or_network_is_a_clear_error(
    tmp_path, monkeypatch
):
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    import assistant.embeddings as embeddings

    monkeypatch.setattr(embeddings, "_packaged_weights_dir", lambda: None)
    # Chroma's own cache may hold the model on this machine: point it at an empty folder.
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "DOWNLOAD_PATH", tmp_path / "chroma-cache")
    with pytest.raises(embeddings.EmbedderUnavailable, match="could not be downloaded"):
        embeddings.LocalMiniLM(tmp_path / "nothing").embed(["hi"])


def test_config_of_the_packaged_weights_is_minilm():
    config = json.loads((_packaged_weights_dir() / "config.json").read_text())
    assert (config["hidden_size"], config["num_hidden_layers"]) == (384, 6)


def test_int8_vectors_stay_close_to_the_fp32_ones_on_the_rulebook(embedder, fp32_embedder):
    from assistant.rules import load_rulebook

    texts = [
        text
        for rule in load_rulebook().rules.values()
        for text in [rule.title, *rule.quotes, *rule.examples]
    ]
    cosines = (embedder.embed(texts) * fp32_embedder.embed(texts)).sum(axis=1)
    assert cosines.min() > 0.97 and cosines.mean() > 0.985


def test_int8_and_fp32_vectors_are_named_apart_so_a_store_never_mixes_them(embedder, fp32_embedder):
    assert embedder.name != fp32_embedder.name
    assert fp32_embedder.name == "minilm-l6-v2"  # the name stores built before int8 carry


def test_the_int8_model_is_built_once_beside_the_fp32_one(model_dir, embedder):
    from assistant.embeddings import ensure_int8

    embedder.embed(["warm"])
    built = model_dir / "model.int8.onnx"
    stamp = built.stat().st_mtime_ns
    assert ensure_int8(model_dir) == built
    assert built.stat().st_mtime_ns == stamp
    assert not list(model_dir.glob("*.partial*"))


def test_a_model_folder_that_cannot_take_the_int8_file_asks_for_fp32(tmp_path, model_dir):
    import os
    import shutil

    from assistant.embeddings import EmbedderUnavailable, ensure_int8

    folder = tmp_path / "model"
    shutil.copytree(model_dir, folder, ignore=shutil.ignore_patterns("model.int8.onnx"))
    # A directory where the file must go fails the write even for root (chmod would not).
    (folder / f"model.int8.{os.getpid()}.partial.onnx").mkdir()
    with pytest.raises(EmbedderUnavailable, match="MINILM_PRECISION=fp32"):
        ensure_int8(folder)
    assert not (folder / "model.int8.onnx").exists()
