"""Averages fine-tuned taggers into one ("model soup"): each tuned layer's delta and each
head (signals, amount roles, sides), weighed equally.

    python -m training.soup FIRST.npz SECOND.npz [--out assistant/data/tagger.npz]
    python -m training.calibrate         # then fit the soup's temperature, as for any tagger

Both taggers must be fine-tuned from the same published weights with the same labels and
layers (every `python -m training.tagger` run is), so their deltas add up in the same
space. Runs of the same recipe on different training rows land in one basin of the loss;
their average keeps what they share and smooths what each fitted alone, at no cost at run
time: the result is one tagger of the same size. Numpy only, deterministic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.tagger import pack_delta, unpack_delta
from training.corpus import DATA_DIR

# Not training.tagger.OUT: importing that module needs torch, and averaging does not.
OUT = DATA_DIR / "tagger.npz"
HEADS = ("head_weight", "head_bias", "role_weight", "role_bias", "side_weight", "side_bias")
# What must agree for two taggers to be averaged; the rest (rows, history) is per run.
SAME = ("labels", "roles", "sides", "trainable_from", "feature_scale", "context")
# Kept per input, in input order.
PER_RUN = ("corpus", "rows", "amounts", "epochs", "seed", "learning_rate", "head_rate")


class NotAveragable(ValueError):
    """The taggers were not tuned in the same space: their average would mean nothing."""


def average(paths: Sequence[Path], out: Path) -> dict[str, Any]:
    """Writes the average of the taggers at `paths` to `out`; returns its meta."""
    if len(paths) < 2:
        raise NotAveragable("a soup needs at least two taggers")
    loaded = [np.load(path) for path in paths]
    metas = [json.loads(str(data["meta"])) for data in loaded]
    for key in SAME:
        if any(meta.get(key) != metas[0].get(key) for meta in metas[1:]):
            raise NotAveragable(f"the taggers differ in {key!r}")
    deltas = [unpack_delta(data) for data in loaded]
    if any(delta.keys() != deltas[0].keys() for delta in deltas[1:]):
        raise NotAveragable("the taggers tune different layers")
    delta = {name: np.mean([d[name] for d in deltas], axis=0) for name in deltas[0]}
    heads = {
        key: np.mean([data[key].astype(np.float32) for data in loaded], axis=0).astype(np.float32)
        for key in HEADS
    }
    meta: dict[str, Any] = {key: metas[0][key] for key in SAME}
    meta.update({key: [m.get(key) for m in metas] for key in PER_RUN})
    # By content, not by file name, so the same inputs always give the same file.
    meta["soup_of"] = [hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12] for path in paths]
    meta["history"] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, meta=np.array(json.dumps(meta)), **heads, **pack_delta(delta))
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("taggers", type=Path, nargs="+", help="tagger.npz files to average")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    average(args.taggers, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
