import json
from pathlib import Path

import numpy as np
import pytest

from assistant.detector import tagger_pieces
from assistant.runtime import Runtime
from evals.cases import CritiqueCase
from tests.helpers.tagger_files import moved_arrays
from training import case_head
from training.case_head import Bags, Fit, Head, Rows, bag_logits, case_pieces, fit_head, refit
from training.corpus import labels

LABELS = labels()


def _case(text: str, signals: list[str], optional: list[str] | None = None) -> CritiqueCase:
    return CritiqueCase(
        id=text[:8], task="critique", text=text, signals=signals, optional_signals=optional or []
    )


def _empty_rows(features: int, labels: int) -> Rows:
    return Rows(np.zeros((0, features)), np.zeros((0, labels)), np.zeros((0, labels)))


def _bags() -> Bags:
    """Two cases of three pieces each: the first says label 0 in its middle piece only (the
    piece that has feature 0); the second says nothing, though one of its pieces is near."""
    features = np.array(
        [[0.0, 1.0], [3.0, 1.0], [0.0, 1.0], [0.0, 1.0], [1.0, 1.0], [0.0, 1.0]], dtype=float
    )
    return Bags(
        features,
        np.array([0, 0, 0, 1, 1, 1]),
        truth=np.array([[1.0], [0.0]]),
        known=np.ones((2, 1)),
    )


def test_a_bag_reads_as_its_loudest_piece() -> None:
    logits = np.array([[0.1, -2.0], [1.5, -3.0], [-1.0, 0.5]])

    largest = bag_logits(logits, np.array([0, 0, 1]), 2)

    assert largest.tolist() == [[1.5, -2.0], [-1.0, 0.5]]


def test_bags_alone_teach_the_piece_that_says_the_sign() -> None:
    bags = _bags()
    start = Head(np.zeros((2, 1), np.float32), np.zeros(1, np.float32))

    fitted = fit_head(_empty_rows(2, 1), bags, start, Fit(pull=0.0, steps=400))

    logits = (bags.features @ fitted.weight + fitted.bias)[:, 0]
    assert logits[1] > 0  # the piece that says it, in the case that has it
    assert (np.delete(logits, 1) < 0).all()  # no other piece, and nothing in the clean case


def test_a_masked_label_is_left_where_it_was() -> None:
    bags = _bags()
    hidden = Bags(bags.features, bags.bag_of, bags.truth, known=np.zeros((2, 1)))
    start = Head(np.full((2, 1), 0.3, np.float32), np.full(1, -0.2, np.float32))

    fitted = fit_head(_empty_rows(2, 1), hidden, start, Fit(pull=0.0, steps=50))

    assert np.allclose(fitted.weight, start.weight) and np.allclose(fitted.bias, start.bias)


def test_a_strong_pull_keeps_the_shipped_head() -> None:
    start = Head(np.zeros((2, 1), np.float32), np.zeros(1, np.float32))

    kept = fit_head(_empty_rows(2, 1), _bags(), start, Fit(pull=1e4))

    assert np.abs(kept.weight).max() < 0.01


def test_a_case_is_read_in_the_pieces_the_reader_reads(runtime: Runtime) -> None:
    text = "The fee was never mentioned, and they added it at the desk. I said no thanks."
    spanish = (
        "Me cobraron una tarifa que nadie mencionó antes de firmar, y ahora el vendedor "
        "dice que no puede devolver el dinero."
    )

    pieces = case_pieces([_case(text, ["hidden_costs"]), _case(spanish, [])], LABELS)

    # Its clauses where a sentence has several, as the run-time reader cuts them; and not
    # the Spanish case: the lexical reader, not the tagger, reads Spanish signs.
    assert pieces.texts == [
        *tagger_pieces("The fee was never mentioned, and they added it at the desk."),
        "I said no thanks.",
    ]
    assert len(pieces.texts[:-1]) == 2
    assert len(pieces.truth) == 1


def test_a_case_teaches_only_the_signs_it_names() -> None:
    named = _case("They added a fee at the desk.", ["hidden_costs"], optional=["gut_feeling"])

    pieces = case_pieces([named], LABELS)
    strict = case_pieces([named], LABELS, unnamed_negative=True)

    hidden_costs, intimidation = LABELS.index("hidden_costs"), LABELS.index("intimidation")
    assert pieces.truth[0, hidden_costs] == 1 and pieces.known[0, hidden_costs] == 1
    assert pieces.known[0, intimidation] == 0  # its writer named what mattered, not all
    assert strict.known[0, intimidation] == 1 and strict.truth[0, intimidation] == 0
    for unread in ("gut_feeling", "below_minimum", "satisfied"):
        assert strict.known[0, LABELS.index(unread)] == 0


def test_a_clean_case_says_none_of_its_pieces_shows_a_sign() -> None:
    pieces = case_pieces([_case("Fair price, they fixed the date we asked for.", [])], LABELS)

    assert pieces.truth.sum() == 0
    assert pieces.known[0, LABELS.index("intimidation")] == 1
    assert pieces.known[0, LABELS.index("satisfied")] == 0


def test_a_refit_moves_the_signal_head_alone(
    runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tmp_path / "cases.jsonl"
    rows = [
        {
            "id": f"c{n}",
            "task": "critique",
            "text": f"They want {100 + n} upfront and will not say what it covers. Odd.",
            "signals": ["lack_of_transparency"],
        }
        for n in range(5)
    ]
    cases.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    monkeypatch.setattr(case_head, "MORE_FOLDERS", ())  # the corpus alone, to be quick
    out = tmp_path / "tagger.npz"

    refit(runtime.get_tagger(), [cases], out, Fit(steps=3))

    moved, meta = moved_arrays(out)

    assert moved == {"head_weight", "head_bias"}
    assert meta["case_head"]["bags"] == 5
