"""The coach heads' training: data, splits and the fit."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np

from assistant.reply_reader import HEADS
from assistant.scenarios import COACHED_TACTICS
from training.coach import fit_heads, load_rows, product_rows, targets
from training.stance import split_of


def test_the_corpus_is_broad_balanced_and_labelled_with_the_rubrics_ids():
    rows = load_rows()
    assert len(rows) >= 2000
    assert {row["tactic"] for row in rows} <= set(COACHED_TACTICS)
    assert {item for row in rows for item in row["failed"]} == set(HEADS[1:])
    assert 0.35 < np.mean([row["good"] for row in rows]) < 0.6
    languages = Counter(row["lang"] for row in rows)
    assert len([lang for lang, n in languages.items() if n >= 50]) >= 6


def test_a_reply_keeps_its_split_and_the_splits_are_about_80_10_10():
    rows = load_rows()
    share = np.mean([split_of(row["reply"]) == "train" for row in rows])
    assert 0.75 < share < 0.85


def test_walkawys_own_suggested_replies_are_good_examples_for_every_tactic():
    own = product_rows()
    assert {row["tactic"] for row in own} == set(COACHED_TACTICS)
    assert all(row["good"] and row["failed"] == [] for row in own)


def test_the_targets_are_good_then_each_rubric_item_missed():
    y = targets([{"good": False, "failed": ["stayed_calm", "door_open"]}])
    assert y.tolist() == [[0, 0, 1, 0, 0, 1]]


def test_the_fit_separates_what_is_separable_for_every_head_at_once():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 6)).astype(np.float32)
    y = (x[:, :2] > 0).astype(np.float32)
    weight = fit_heads(x, y, l2=1e-4, steps=500)
    p = 1 / (1 + np.exp(-(x @ weight[:-1] + weight[-1])))
    assert ((p >= 0.5) == (y == 1)).mean() > 0.95


def test_more_case_files_add_their_rows_and_a_reply_already_read_is_kept_once(tmp_path):
    rows = load_rows()
    first = rows[0]
    more = tmp_path / "more.jsonl"
    fresh = {"id": "m-1", "task": "rehearsal", "tactic": "false_urgency",
             "counterparty": "Sign tonight.", "reply": "Not tonight; I'll read it first.",
             "good": True, "failed": []}  # fmt: skip
    more.write_text(
        "\n".join(json.dumps(row) for row in (fresh, first)) + "\n// a comment\n",
        encoding="utf-8",
    )
    assert len(load_rows(more=[more])) == len(rows) + 1
