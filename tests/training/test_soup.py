import json
from pathlib import Path

import numpy as np
import pytest

from assistant.tagger import TaggerWeights, pack_delta
from training.soup import NotAveragable, average

LABELS = ["one_sided_terms", "satisfied"]


def _tagger(
    path: Path, seed: int, layers: tuple[str, ...] = ("layer.5.w",), **meta: object
) -> Path:
    rng = np.random.default_rng(seed)
    delta = {name: rng.normal(size=(4, 3)).astype(np.float32) for name in layers}
    delta["layer.5.bias"] = rng.normal(size=3).astype(np.float32)
    heads = {
        "head_weight": rng.normal(size=(3, 2)),
        "head_bias": rng.normal(size=2),
        "role_weight": rng.normal(size=(3, 8)),
        "role_bias": rng.normal(size=8),
        "side_weight": rng.normal(size=(3, 3)),
        "side_bias": rng.normal(size=3),
    }
    described = {
        "labels": LABELS,
        "roles": ["offer"],
        "sides": ["buyer"],
        "trainable_from": 3,
        "feature_scale": 19.6,
        "context": True,
        "corpus": f"corpus-{seed}",
        "rows": {"train": seed},
        **meta,
    }
    np.savez_compressed(
        path,
        meta=np.array(json.dumps(described)),
        **{k: v.astype(np.float32) for k, v in heads.items()},
        **pack_delta(delta),
    )
    return path


def test_the_soup_lies_halfway_between_the_two_taggers(tmp_path: Path) -> None:
    first = TaggerWeights.read(_tagger(tmp_path / "a.npz", 1))
    second = TaggerWeights.read(_tagger(tmp_path / "b.npz", 2))
    average([tmp_path / "a.npz", tmp_path / "b.npz"], tmp_path / "soup.npz")
    soup = TaggerWeights.read(tmp_path / "soup.npz")

    assert soup.labels == tuple(LABELS)
    np.testing.assert_allclose(soup.head_weight, (first.head_weight + second.head_weight) / 2)
    assert soup.role_bias is not None and first.role_bias is not None
    assert second.role_bias is not None
    np.testing.assert_allclose(soup.role_bias, (first.role_bias + second.role_bias) / 2)
    for name in first.delta:
        halfway = (first.delta[name] + second.delta[name]) / 2
        # int8 with a scale per row: off by at most half a step of the largest entry
        step = np.abs(halfway).max(axis=-1, keepdims=True) / 127 if halfway.ndim == 2 else 1e-3
        assert np.all(np.abs(soup.delta[name] - halfway) <= step)


def test_the_same_taggers_always_give_the_same_file(tmp_path: Path) -> None:
    inputs = [_tagger(tmp_path / "a.npz", 1), _tagger(tmp_path / "b.npz", 2)]
    average(inputs, tmp_path / "once.npz")
    renamed = [path.rename(tmp_path / f"renamed-{path.name}") for path in inputs]
    average(renamed, tmp_path / "again.npz")

    assert (tmp_path / "once.npz").read_bytes() == (tmp_path / "again.npz").read_bytes()


def test_the_soup_records_what_it_was_made_of(tmp_path: Path) -> None:
    inputs = [_tagger(tmp_path / "a.npz", 1), _tagger(tmp_path / "b.npz", 2)]
    meta = average(inputs, tmp_path / "soup.npz")

    assert meta["corpus"] == ["corpus-1", "corpus-2"]
    assert len(meta["soup_of"]) == 2 and meta["soup_of"][0] != meta["soup_of"][1]


def test_taggers_tuned_on_different_layers_are_not_averaged(tmp_path: Path) -> None:
    inputs = [
        _tagger(tmp_path / "a.npz", 1),
        _tagger(tmp_path / "b.npz", 2, layers=("layer.4.w",)),
    ]
    with pytest.raises(NotAveragable, match="different layers"):
        average(inputs, tmp_path / "soup.npz")
    assert not (tmp_path / "soup.npz").exists()


def test_taggers_with_different_labels_are_not_averaged(tmp_path: Path) -> None:
    inputs = [
        _tagger(tmp_path / "a.npz", 1),
        _tagger(tmp_path / "b.npz", 2, labels=["satisfied", "one_sided_terms"]),
    ]
    with pytest.raises(NotAveragable, match="labels"):
        average(inputs, tmp_path / "soup.npz")


def test_one_tagger_alone_is_not_a_soup(tmp_path: Path) -> None:
    with pytest.raises(NotAveragable):
        average([_tagger(tmp_path / "a.npz", 1)], tmp_path / "soup.npz")
