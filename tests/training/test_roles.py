import json
from pathlib import Path

import numpy as np
import pytest

from assistant.runtime import Runtime
from tests.helpers.tagger_files import moved_arrays
from training.roles import RoleHead, accuracy, fit_head, folder_weights, refit


def _toy(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    roles = rng.integers(0, 3, size=300)
    features = rng.normal(scale=0.3, size=(300, 4))
    features[np.arange(300), roles] += 2.0  # each role has a feature of its own
    return features, roles


def test_the_refit_learns_roles_its_start_had_wrong() -> None:
    features, roles = _toy()
    wrong = RoleHead(np.roll(np.eye(4, 3), 1, axis=1).astype(np.float32), np.zeros(3, np.float32))

    fitted = fit_head(features, roles, np.ones(len(roles)), wrong, pull=0.0)

    assert accuracy(wrong, features, roles) < 0.1
    assert accuracy(fitted, features, roles) > 0.95


def test_a_strong_pull_keeps_the_shipped_head() -> None:
    features, roles = _toy()
    start = RoleHead(np.zeros((4, 3), np.float32), np.zeros(3, np.float32))

    kept = fit_head(features, roles, np.ones(len(roles)), start, pull=1e4)

    assert np.abs(kept.weight).max() < 0.01


def test_each_folder_weighs_the_same_however_many_amounts_it_holds() -> None:
    weights = folder_weights([[object()] * 3, [object()] * 300])  # type: ignore[list-item]

    assert weights[:3].sum() == pytest.approx(weights[3:].sum())


def test_a_refit_moves_the_role_head_alone(runtime: Runtime, tmp_path: Path) -> None:
    folder = tmp_path / "amounts"
    folder.mkdir()
    rows = [
        {
            "text": f"They offered {100 + n} for the bike, I won't go under {200 + n}.",
            "amounts": [
                {"span": str(100 + n), "role": "offer"},
                {"span": str(200 + n), "role": "limit"},
            ],
            "side": "seller",
        }
        for n in range(40)
    ]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    out = tmp_path / "tagger.npz"

    refit(runtime.get_tagger(), [folder], out)

    moved, meta = moved_arrays(out)

    assert moved == {"role_weight", "role_bias"}
    assert meta["roles_refit"]["folders"] == ["amounts"]
