"""Reads each whole story of `training/corpus_stories/` with the product's detector, as a
deal: what the readers are worth at the level of a deal. The tagger never trained on the
stories; the lexical reader has since its second version (the stories' train split), so
its figures here flatter it and were a fair measure only before.

    python -m training.story_reading                 # the detector as shipped
    python -m training.story_reading --tagger-only   # without the lexical reader

A story's signs are the union of its sentences' labels; a clean story is one whose
sentences show none. Figures per language group (English, the others): signal precision,
recall and F1 over stories, and how many clean stories keep clean. The facts are parsed
as the product parses them. About a minute.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from assistant.detector import SignalDetector
from assistant.facts import parse_facts
from assistant.lexical import load_lexical_reader
from assistant.runtime import Runtime
from evals.harness import prf
from training.corpus import ROOT, SATISFIED

STORIES_DIR = ROOT / "corpus_stories"


def load_stories() -> dict[str, list[dict]]:
    stories: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(STORIES_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if "story" in row:
                stories[row["story"]].append(row)
    return {key: sorted(rows, key=lambda row: row["position"]) for key, rows in stories.items()}


def read_stories(detector: SignalDetector, reader) -> dict[str, dict]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rows in load_stories().values():
        text = " ".join(row["text"] for row in rows)
        group = "en" if rows[0]["language"] == "en" else "other"
        truth = {label for row in rows for label in row["labels"] if label != SATISFIED}
        found = {f.signal for f in detector.read(text, parse_facts(text, reader=reader)).found}
        tally = counts[group]
        tally["stories"] += 1
        tally["hits"] += len(found & truth)
        tally["found"] += len(found)
        tally["signs"] += len(truth)
        if not truth:
            tally["clean"] += 1
            tally["clean_kept"] += not found
    return {group: _figures(tally) for group, tally in sorted(counts.items())}


def _figures(tally: dict[str, int]) -> dict:
    hits = tally["hits"]
    return {
        "stories": tally["stories"],
        **prf(hits, tally["found"] - hits, tally["signs"] - hits),
        "clean_kept": f"{tally['clean_kept']}/{tally['clean']}",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagger-only", action="store_true")
    args = parser.parse_args(argv)
    runtime = Runtime()
    tagger = runtime.get_tagger()
    lexical = None if args.tagger_only else load_lexical_reader()
    detector = SignalDetector(runtime.rulebook, tagger, lexical)
    for group, figures in read_stories(detector, tagger).items():
        print(group, json.dumps(figures))


if __name__ == "__main__":
    main()
