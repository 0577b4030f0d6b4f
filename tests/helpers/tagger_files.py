"""What a refit changed in the tagger file it wrote, against the shipped one."""

import json
from pathlib import Path

import numpy as np

from assistant.tagger import WEIGHTS_PATH


def moved_arrays(out: Path) -> tuple[set[str], dict]:
    """The arrays of `out` that differ from the shipped file's, and `out`'s meta; fails if
    either file has an array the other lacks."""
    with np.load(WEIGHTS_PATH) as shipped, np.load(out) as written:
        assert set(shipped.files) == set(written.files)
        moved = {
            key
            for key in shipped.files
            if key != "meta" and not np.array_equal(shipped[key], written[key])
        }
        return moved, json.loads(str(written["meta"]))
