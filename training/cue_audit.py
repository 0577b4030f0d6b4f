"""Measures every phrase cue on text it was not written from, and keeps the precise ones.

    python -m training.cue_audit --from-module   # once: audit the old hand-written list
    python -m training.cue_audit                 # re-measure knowledge/cues.yaml

The cues were written from the project's own eval cases, where they look perfect. Here
each one is matched, with the product's own negation and ownership checks, against the
rows of `training/corpus/*.jsonl`, and since the eighteenth session of `corpus_next/` and
`corpus_stories/` too (text by other hands, in other registers), in the train and
calibration splits (the test split stays unseen). A cue stays only when it matched at least MIN_HITS sentences and was right
on at least MIN_PRECISION of them; the rest are dropped, not tuned. What stays is written
as named data: id, signal, language (the commonest language of the rows it matched),
pattern, weight (its measured precision) and why (the measurement).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import yaml

from assistant.cues import CUES_PATH, compile_cue, counted_matches, load_cues
from training.corpus import CORPUS_DIR, Row, folder_rows, labels, legacy_rows
from training.lexical import more_rows

MIN_HITS = 3
MIN_PRECISION = 0.9
MAX_CUES = 250


def audit(cues: dict[str, list[str]], rows: list[Row]) -> list[dict]:
    kept = []
    for signal, patterns in cues.items():
        for pattern in patterns:
            compiled = compile_cue(pattern)
            hits = [row for row in rows if counted_matches(signal, compiled, row.text)]
            right = [row for row in hits if signal in row.labels]
            if len(hits) < MIN_HITS or len(right) / len(hits) < MIN_PRECISION:
                continue
            language = Counter(row.language for row in hits).most_common(1)[0][0]
            kept.append(
                {
                    "signal": signal,
                    "language": language,
                    "pattern": pattern,
                    "weight": round(len(right) / len(hits), 3),
                    "why": f"right on {len(right)} of the {len(hits)} corpus sentences it matched",
                    "_hits": len(hits),
                }
            )
    kept.sort(key=lambda cue: (-cue["_hits"], cue["signal"], cue["pattern"]))
    kept = kept[:MAX_CUES]
    numbered: Counter[str] = Counter()
    for cue in sorted(kept, key=lambda cue: (cue["signal"], -cue["_hits"])):
        numbered[cue["signal"]] += 1
        cue["id"] = f"{cue['signal']}-{numbered[cue['signal']]:02d}"
    return [
        {key: cue[key] for key in ("id", "signal", "language", "pattern", "weight", "why")}
        for cue in sorted(kept, key=lambda cue: cue["id"])
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="a YAML of {signal: [pattern, ...]} to audit")
    parser.add_argument("--out", type=Path, default=CUES_PATH)
    args = parser.parse_args(argv)
    known = labels()
    # The corpus, plus the rulebook's examples and the paraphrase set, which say the
    # source's own words ("final offer") that the corpus writers were asked to avoid in
    # positive rows.
    rows = [
        row
        for row in [
            *folder_rows([CORPUS_DIR], known),
            *legacy_rows(),
            # Text the cues were not written from, by other hands and in other registers: a
            # cue must be precise there too (eighteenth session).
            *more_rows(known),
        ]
        if row.split != "test"
    ]
    if args.source:
        cues = yaml.safe_load(args.source.read_text(encoding="utf-8"))
    else:
        cues = {}
        for cue in load_cues():
            cues.setdefault(cue.signal, []).append(cue.pattern)
    kept = audit(cues, rows)
    header = (
        "# Phrase cues that state a signal outright: named data, measured, not written to fit.\n"
        "# Written by `python -m training.cue_audit` from the train and calibration splits of\n"
        "# corpus/, corpus_next/ and corpus_stories/, the rulebook's examples and the paraphrases\n"
        f"# ({len(rows)} sentences): kept when matched at least {MIN_HITS} times and right\n"
        f"# at least {MIN_PRECISION:.0%} of them; at most {MAX_CUES}. `weight` is that precision.\n"
    )
    args.out.write_text(
        header + yaml.safe_dump({"cues": kept}, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    print(
        f"{sum(len(p) for p in cues.values())} cues audited on {len(rows)} sentences; kept {len(kept)}"
    )


if __name__ == "__main__":
    main()
