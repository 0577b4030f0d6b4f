"""Writes a variant of the shipped tagger file: some arrays replaced, and in its meta a
record of what replaced them (the refits of one head: training/roles.py, case_head.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from assistant.tagger import WEIGHTS_PATH


def write_variant(out: Path, record_key: str, record: dict, replaced: dict[str, np.ndarray]) -> str:
    """Writes `out`: the shipped file with `replaced` arrays and `record` kept under
    meta[`record_key`]; every other array byte for byte. Returns the new file's digest."""
    with np.load(WEIGHTS_PATH) as data:  # the file the run-time tagger is read from
        arrays = {key: data[key] for key in data.files}
    meta = json.loads(str(arrays["meta"]))
    meta[record_key] = record
    arrays.update(meta=np.array(json.dumps(meta)), **replaced)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays)
    return hashlib.sha256(out.read_bytes()).hexdigest()[:12]
