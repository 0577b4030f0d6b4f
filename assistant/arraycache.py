"""Arrays worked out from the embedder (the classifier's weights, the examples' vectors),
kept on disk beside the model so a fresh process does not work them out again."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


def cache_key(*parts: Any) -> str:
    """A short digest of everything the arrays depend on."""
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def cached_arrays(
    path: Path | None, compute: Callable[[], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """The arrays stored at path, or computed and stored there; an unreadable file is
    worked out again, and a read-only folder only costs the time to compute."""
    if path and path.exists():
        try:
            with np.load(path) as data:
                return {name: data[name] for name in data.files}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            log.warning("the cached arrays in %s are unreadable; working them out again", path)
    arrays = compute()
    if path:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.partial.npz")
            np.savez(partial, **arrays)  # type: ignore[arg-type]
            partial.replace(path)
        except OSError:
            pass
    return arrays
