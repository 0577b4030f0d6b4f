"""The addressee rows (training/addressee/): what a later reader of whom a draft greets may
rely on."""

from __future__ import annotations

import json
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[2] / "training" / "addressee"


def _rows() -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(FOLDER.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_every_addressee_and_every_other_name_is_written_in_its_situation():
    rows = _rows()
    assert len(rows) >= 1750 and len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["addressee"] is None or row["addressee"] in row["situation"], row["id"]
        assert all(other in row["situation"] for other in row["others"]), row["id"]


def test_the_rows_hold_situations_naming_nobody_to_greet_and_seven_languages_with_provenance():
    rows = _rows()
    assert 0.25 <= sum(row["addressee"] is None for row in rows) / len(rows) <= 0.35
    assert {row["language"] for row in rows} == {"en", "es", "fr", "de", "it", "pt", "nl"}
    assert all(row["source"].startswith("written by addressee helper") for row in rows)
