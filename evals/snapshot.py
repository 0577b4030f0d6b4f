"""Behaviour snapshot: every critique, exit draft and coaching result on the case files,
written as one JSON document, so a refactor can be checked to change nothing.

    python evals/snapshot.py OUT.json [--engine offline]
    python evals/snapshot.py --compare BEFORE.json AFTER.json

It reads the JSONL files directly and calls only the public task functions, so the same
script runs on the code before and after a change of layout. `--compare` prints every
result that differs and exits 1 if any does; it reads a notice as its sentence, so notices
that gained a code compare equal to the plain sentences they were, and an empty list of
notices equal to none.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cases(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            rows.append(json.loads(line))
    return rows


def _normalised(value: object) -> object:
    if isinstance(value, dict):
        if set(value) == {"code", "text"}:
            return value["text"]
        return {k: _normalised(v) for k, v in value.items() if not (k == "notices" and v == [])}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    return value


def compare(before: Path, after: Path) -> int:
    old = _normalised(json.loads(before.read_text(encoding="utf-8")))
    new = _normalised(json.loads(after.read_text(encoding="utf-8")))
    assert isinstance(old, dict) and isinstance(new, dict)
    differing = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    for key in differing:
        print(
            f"{key}:\n  before: {json.dumps(old.get(key))[:600]}\n  after:  {json.dumps(new.get(key))[:600]}"
        )
    print(f"{len(old)} before, {len(new)} after, {len(differing)} differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--engine", default="offline")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give OUT.json, or --compare BEFORE AFTER")

    from assistant.critique import critique
    from assistant.errors import WalkawayError
    from assistant.exits import draft_exit
    from assistant.rehearsal import coach_reply
    from assistant.runtime import Runtime
    from assistant.schemas import ExitRequest

    runtime = Runtime()
    snapshot: dict[str, object] = {}
    for case in _cases(ROOT / "evals" / "critique.jsonl"):
        facts = case.get("facts") or {}
        numbers = {k: facts.get(k) for k in ("minimum", "maximum", "target", "offer")}
        try:
            result = critique(
                runtime, case["text"], currency=facts.get("currency"), engine=args.engine, **numbers
            ).model_dump(mode="json")
        except WalkawayError as error:
            result = {"error": str(error)}
        snapshot[f"critique/{case['id']}"] = result
    for case in _cases(ROOT / "evals" / "exit.jsonl"):
        try:
            request = ExitRequest(**case["request"])
            result = draft_exit(runtime, request, engine=args.engine).model_dump(mode="json")
        except (WalkawayError, ValueError) as error:
            result = {"error": str(error)}
        snapshot[f"exit/{case['id']}"] = result
    for case in _cases(ROOT / "evals" / "rehearsal.jsonl"):
        try:
            result = coach_reply(
                runtime, case["tactic"], case["counterparty"], case["reply"], engine=args.engine
            ).model_dump(mode="json")
        except WalkawayError as error:
            result = {"error": str(error)}
        snapshot[f"rehearsal/{case['id']}"] = result
    args.out.write_text(json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(snapshot)} results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
