"""Train the exit drafter's addressee reader: P(this run of capitalised words names the
person the message is to).

A logistic head (assistant/addressee.py) over every run of capitalised words of situations
written by helpers who saw no project file (`training/addressee/*.jsonl`), each with the
words naming the person the message goes to, or null when it names nobody to greet. A run
is a positive when its words hold the addressee's, or the addressee's hold its ("Ms. Okonjo"
and "Okonjo"), titles' stops aside. The split, the L2 choice and the threshold are the item
reader's (training/item.py), with a stricter precision: a wrong name is worse than none, and
a situation naming nobody counts against any name read. numpy only.

    python -m training.addressee       # writes assistant/data/addressee.npz
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.addressee import ADDRESSEE_FILE, candidates
from assistant.item import Phrase
from training.item import phrase_head_command

FOLDER = Path(__file__).resolve().parent / "addressee"
PRECISION_AT = 0.9


def load_situations(folder: Path = FOLDER) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                if row["addressee"] is not None and row["addressee"] not in row["situation"]:
                    raise ValueError(f"{path.name}:{number}: the addressee is not in the situation")
                rows.append(row)
    return rows


def _words(text: str) -> set[str]:
    return {word.rstrip(".").lower() for word in text.split()}


def greets_them(run: Phrase, addressee: str | None) -> bool:
    """Whether greeting the run greets the addressee: one's words hold the other's."""
    if addressee is None:
        return False
    run_words, their_words = _words(run.text), _words(addressee)
    return run_words <= their_words or their_words <= run_words


def main(argv: list[str] | None = None) -> int:
    return phrase_head_command(
        argv,
        __doc__.splitlines()[0],
        ADDRESSEE_FILE,
        lambda: [(row["situation"], row["addressee"]) for row in load_situations()],
        candidates,
        greets_them,
        greets_them,
        PRECISION_AT,
    )


if __name__ == "__main__":
    raise SystemExit(main())
