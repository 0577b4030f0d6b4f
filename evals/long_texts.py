"""What a screened reading of a long text costs in signs: a needle test.

    python -m evals.long_texts [--cases FILE ...] [--every 5] [--offsets 4] [--json]

Each critique case is put, whole, at a random place inside a long text of ordinary
sentences (the corpus's English rows with no label, from the splits no reader trains on,
without digits or an instruction to an assistant, and less every sentence a complete
critique of the text alone quotes or reads as the user's contentment, until there is none:
so that the case is the only thing to find, and decides the verdict alone). The long text is then
critiqued twice, read closely whole (the default) and screened
(`WALKAWAY_SCREEN_LONG_TEXTS`), and the case alone once. Figures: of the signals the complete
reading finds, the share the screened one finds too, the signals it adds, and how often the
two verdicts agree; each against the case read alone as well. The default cases are the
blind sets (reported, never a choice: see README "Speed").
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.config import EVALS_DIR
from assistant.critique import critique
from assistant.runtime import Runtime
from assistant.schemas import Critique
from assistant.textinput import instruction_start
from evals.cases import CritiqueCase, load_cases
from training.corpus import labels, load_corpus
from training.lexical import more_rows

SEED = 17
PARAGRAPH = 5  # sentences


def haystack(runtime: Runtime) -> list[str]:
    """Ordinary sentences in which a complete reading finds nothing, in paragraphs."""
    rows = load_corpus() + more_rows(labels())
    plain = [
        row.text
        for row in rows
        if row.split != "train" and not row.labels and row.language == "en"
        and not any(ch.isdigit() for ch in row.text)
    ]  # fmt: skip
    read = runtime.get_detector().reads_something(plain)
    sentences = [text for text, something in zip(plain, read, strict=True) if not something]
    # A sentence that reads as an instruction to an assistant would be read closely first
    # and bring a notice of its own: it is not ordinary text.
    sentences = [s for s in sentences if instruction_start(s) is None]
    while True:  # in a long text, cues, neighbours and clauses can still make a sentence read
        text = _paragraphs(sentences)
        result = critique(runtime, text)
        quoted = [finding.evidence for finding in [*result.findings, *result.possible]]
        # Contentment decides a verdict as a sign does ("we'd like to start the pilot with
        # two sites" read as the user's approval turned the cases' negotiate into accept).
        satisfied = runtime.get_detector().read(text, result.facts).satisfied
        if satisfied is not None:
            quoted.append(satisfied.evidence)
        kept = [s for s in sentences if not any(s in q or q in s for q in quoted)]
        if not quoted or len(kept) == len(sentences):
            return kept
        sentences = kept


def _paragraphs(sentences: Sequence[str]) -> str:
    return "\n\n".join(
        " ".join(sentences[i : i + PARAGRAPH]) for i in range(0, len(sentences), PARAGRAPH)
    )


def _signals(result: Critique) -> set[str]:
    return {finding.signal for finding in result.findings}


def run(cases: list[CritiqueCase]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        complete = Runtime.scratch(Path(scratch) / "complete")
        screened = Runtime.scratch(Path(scratch) / "screened", screen_long_texts=True)
        sentences = haystack(complete)
        paragraphs = _paragraphs(sentences).split("\n\n")
        rng = random.Random(SEED)
        rows = []
        for case in cases:
            at = rng.randrange(len(paragraphs) + 1)
            text = "\n\n".join([*paragraphs[:at], case.text, *paragraphs[at:]])
            facts = case.facts or {}
            numbers = {k: facts.get(k) for k in ("minimum", "maximum", "target", "offer")}
            asked = {"currency": facts.get("currency"), **numbers}
            alone = critique(complete, case.text, **asked)
            whole = critique(complete, text, **asked)
            screen = critique(screened, text, **asked)
            rows.append(
                {
                    "id": case.id,
                    "alone": _signals(alone),
                    "complete": _signals(whole),
                    "screened": _signals(screen),
                    "verdicts": (alone.verdict, whole.verdict, screen.verdict),
                    "told": any(n.code == "long_text_screened" for n in screen.notices),
                }
            )
    return {
        "cases": len(rows),
        "haystack_sentences": len(sentences),
        "haystack_chars": sum(len(s) for s in sentences),
        "screened_against_complete": _kept(rows, "screened", "complete"),
        "complete_against_alone": _kept(rows, "complete", "alone"),
        "screened_against_alone": _kept(rows, "screened", "alone"),
        "verdict_agreement_screened_complete": _agree(rows, 2, 1),
        "verdict_agreement_complete_alone": _agree(rows, 1, 0),
        "verdict_agreement_screened_alone": _agree(rows, 2, 0),
        "screened_reading_told_every_time": all(row["told"] for row in rows),
    }


def _kept(rows: list[dict[str, Any]], reading: str, reference: str) -> dict[str, Any]:
    total = sum(len(row[reference]) for row in rows)
    kept = sum(len(row[reading] & row[reference]) for row in rows)
    return {
        "signals": total,
        "kept": round(kept / total, 3) if total else None,
        "added": sum(len(row[reading] - row[reference]) for row in rows),
    }


def _agree(rows: list[dict[str, Any]], one: int, other: int) -> float:
    return round(sum(r["verdicts"][one] == r["verdicts"][other] for r in rows) / len(rows), 3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="*", type=Path, default=None)
    parser.add_argument("--every", type=int, default=1, help="take every n-th case")
    parser.add_argument("--offsets", default="0", help="comma-separated starts, e.g. 1,3")
    args = parser.parse_args(argv)
    files = args.cases or sorted((EVALS_DIR / "blind").glob("critique*.jsonl"))
    every = [c for c in load_cases(files).cases if isinstance(c, CritiqueCase)]
    chosen = [c for o in map(int, args.offsets.split(",")) for c in every[o :: args.every]]
    print(json.dumps(run(chosen), indent=1))


if __name__ == "__main__":
    main()
