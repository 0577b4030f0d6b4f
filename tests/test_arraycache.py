"""Arrays worked out from the embedder, kept on disk between processes."""

from __future__ import annotations

import numpy as np

from assistant.arraycache import cache_key, cached_arrays


def counting(calls: list[int]):
    def compute() -> dict[str, np.ndarray]:
        calls.append(1)
        return {"vectors": np.arange(6, dtype=np.float32).reshape(2, 3)}

    return compute


def test_arrays_are_worked_out_once_and_read_back_after(tmp_path):
    calls: list[int] = []
    path = tmp_path / f"examples-{cache_key('embedder', ['a', 'b'])}.npz"
    first = cached_arrays(path, counting(calls))
    again = cached_arrays(path, counting(calls))
    assert calls == [1]
    assert np.array_equal(first["vectors"], again["vectors"])


def test_other_inputs_get_another_key():
    assert cache_key("embedder", ["a"]) != cache_key("embedder", ["b"])
    assert cache_key("minilm-l6-v2", ["a"]) != cache_key("minilm-l6-v2-int8", ["a"])


def test_an_unreadable_file_is_worked_out_again_and_replaced(tmp_path):
    path = tmp_path / "examples-x.npz"
    path.write_bytes(b"not an array file")
    calls: list[int] = []
    assert cached_arrays(path, counting(calls))["vectors"].shape == (2, 3)
    assert cached_arrays(path, counting(calls))["vectors"].shape == (2, 3)
    assert calls == [1]


def test_without_a_folder_the_arrays_are_only_worked_out(tmp_path):
    calls: list[int] = []
    cached_arrays(None, counting(calls))
    cached_arrays(None, counting(calls))
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == []
