"""Adam, in numpy, for the trainers that need no torch (training/lexical.py, training/roles.py)."""

from __future__ import annotations

import numpy as np


def adam_step(
    param: np.ndarray,
    grad: np.ndarray,
    moments: tuple[np.ndarray, np.ndarray],
    step: int,
    rate: float,
    where: np.ndarray | slice = slice(None),
) -> None:
    """One Adam update of `param[where]` in place; `moments` (first, second) are updated in
    place too, so a sparse batch moves only the rows it touched."""
    first, second = moments
    first[where] = 0.9 * first[where] + 0.1 * grad
    second[where] = 0.999 * second[where] + 0.001 * grad * grad
    corrected = first[where] / (1 - 0.9**step)
    param[where] -= rate * corrected / (np.sqrt(second[where] / (1 - 0.999**step)) + 1e-8)
