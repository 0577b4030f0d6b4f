"""The reader's training corpus: labelled sentences with provenance, and its fixed splits.

Rows come from `training/corpus/*.jsonl` (written for breadth: ten registers, six
languages, more than half negatives; see training/LABELS.md) and from the older
single-label data the linear probe was trained on (`assistant/data/`, the rulebook's
examples). Each row lands in one split by a hash of its text, so a sentence and its
copy can never sit on both sides and the split never moves when rows are added:
`train` (about 80%), `calibration` (10%, where the temperature and thresholds are
chosen) and `test` (10%, the blind split the reliability curve is measured on, never
used for a choice). Nothing here imports torch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from assistant.rules import load_rulebook, read_yaml
from evals.cases import CritiqueCase, load_cases

ROOT = Path(__file__).resolve().parent
CORPUS_DIR = ROOT / "corpus"
DATA_DIR = ROOT.parent / "assistant" / "data"
LEGACY_DIR = ROOT / "legacy"
# Not a taxonomy id: the user saying the deal suits them, the positive evidence `accept`
# needs besides numbers that clear the limit.
SATISFIED = "satisfied"
REGISTERS = (
    "sms",
    "email",
    "contract",
    "checkout",
    "forum",
    "call_transcript",
    "non_native",
    "formal_letter",
    "procurement",
    "tenancy",
    "mixed",
)
LANGUAGES = ("en", "es", "fr", "de", "pt", "it")
Split = Literal["train", "calibration", "test"]


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    labels: tuple[str, ...]
    register: str = "mixed"
    language: str = "en"
    source: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def split(self) -> Split:
        return split_of(self.text)


def labels() -> tuple[str, ...]:
    """The tagger's outputs, in column order: the taxonomy's signals, then `satisfied`."""
    return (*(rule.id for rule in load_rulebook().signals), SATISFIED)


def split_of(text: str) -> Split:
    bucket = int(hashlib.sha256(normal(text).encode()).hexdigest()[:8], 16) % 10
    return "test" if bucket == 0 else "calibration" if bucket == 1 else "train"


def normal(text: str) -> str:
    return " ".join(text.lower().split())


class CorpusError(ValueError):
    """A corpus row that cannot be used as written."""


def read_jsonl_rows(path: Path, known: Iterable[str]) -> list[Row]:
    allowed = set(known)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise CorpusError(f"{path.name}:{number}: not JSON ({error.msg})") from error
        unknown = set(data.get("labels", [])) - allowed
        if unknown or not str(data.get("text", "")).strip():
            raise CorpusError(f"{path.name}:{number}: unknown labels {sorted(unknown)} or no text")
        rows.append(
            Row(
                id=str(data["id"]),
                text=data["text"].strip(),
                labels=tuple(sorted(set(data.get("labels", [])))),
                register=data.get("register", "mixed"),
                language=data.get("language", "en"),
                source=data.get("source", path.name),
            )
        )
    return rows


def folder_rows(folders: Iterable[Path], known: Iterable[str]) -> list[Row]:
    """Every row of the folders' JSONL files, folder by folder, each folder's files in name
    order."""
    allowed = tuple(known)
    return [
        row
        for folder in folders
        for path in sorted(folder.glob("*.jsonl"))
        for row in read_jsonl_rows(path, allowed)
    ]


def legacy_rows() -> list[Row]:
    """The old probe's single-label data: the rulebook's examples and neutral talk, and the
    paraphrase set. (Not the sentences it once mined from the dev cases: trained on, they
    would flatter the dev figures.)"""
    rulebook = load_rulebook()
    rows: list[Row] = []

    def add(texts: Iterable[str], label: str | None, source: str) -> None:
        for index, text in enumerate(texts):
            rows.append(
                Row(
                    id=f"{source}:{label or 'neutral'}:{index}",
                    text=text.strip(),
                    labels=(label,) if label else (),
                    source=source,
                )
            )

    for rule in rulebook.signals:
        add(rule.examples, rule.id, "rulebook")
    add(rulebook.neutral_examples, None, "rulebook")
    for name in ("paraphrases.yaml",):
        data = read_yaml((LEGACY_DIR / name).read_text(encoding="utf-8")) or {}
        for label, texts in data.items():
            add(texts, None if label == "neutral" else label, name)
    return rows


def load_corpus(corpus_dir: Path = CORPUS_DIR, with_legacy: bool = True) -> list[Row]:
    """Every row once: a text written twice keeps its first labels."""
    rows = folder_rows([corpus_dir], labels())
    if with_legacy:
        rows += legacy_rows()
    seen: set[str] = set()
    unique = []
    for row in rows:
        key = normal(row.text)
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def load_more(folders: Iterable[Path], base: Iterable[Row]) -> list[Row]:
    """The training-split rows of further folders, for the tagger's training only: their
    calibration and test rows stay out, so thresholds are chosen and figures measured on
    the same rows as before. A row's `satisfied` stays unread (`extra["unsure"]`): the story
    writers gave it to lines like "happy w that", and a tagger that learned it there read a
    plea for reassurance as the user content (fifteenth session)."""
    seen = {normal(row.text) for row in base}
    rows = []
    for row in folder_rows(folders, labels()):
        key = normal(row.text)
        if key in seen or row.split != "train":
            continue
        seen.add(key)
        rows.append(replace(row, extra={"unsure": (SATISFIED,)}))
    return rows


AMOUNTS_DIR = ROOT / "amounts"


@dataclass(frozen=True)
class AmountExample:
    """One amount in a row of `training/amounts/*.jsonl`, marked in its words."""

    window: str
    role: str
    side: str
    language: str
    split: Split


def load_amount_examples(folder: Path = AMOUNTS_DIR) -> list[AmountExample]:
    from assistant.facts import ROLES, SIDES, mark_amount

    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            data = json.loads(line)
            text, cursor = data["text"], 0
            side = data.get("side", "unknown")
            if side not in SIDES:
                raise CorpusError(f"{path.name}:{number}: unknown side {side!r}")
            for amount in data["amounts"]:
                start = text.find(amount["span"], cursor)
                if start < 0 or amount["role"] not in ROLES:
                    raise CorpusError(f"{path.name}:{number}: {amount} not in the text or no role")
                end = start + len(amount["span"])
                cursor = end
                examples.append(
                    AmountExample(
                        window=mark_amount(text, start, end),
                        role=amount["role"],
                        side=side,
                        language=data.get("language", "en"),
                        split=split_of(text),
                    )
                )
    return examples


def fingerprint(rows: Iterable[Row]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps([row.text, row.labels]).encode())
    return digest.hexdigest()[:16]


def load_critique_cases(paths: Iterable[Path]) -> list[CritiqueCase]:
    """The critique cases of eval-format files, to fit on (training/case_head.py,
    verdict_confidence.py): a line that does not load stops the command, it is not skipped."""
    loaded = load_cases(list(paths))
    if loaded.errors:
        raise SystemExit("\n".join(loaded.errors))
    return [case for case in loaded.cases if isinstance(case, CritiqueCase)]
