"""Reading case files in the shared JSONL format (../shared/eval-spec/README.md).

Blank lines and `//` lines are skipped, unknown fields kept and ignored, and a
malformed line is reported with its number while the rest of the file is read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Task = Literal["critique", "exit", "rehearsal", "retrieval"]


class _Case(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1)
    task: Task
    split: str | None = None


class CritiqueCase(_Case):
    task: Literal["critique"]
    text: str
    facts: dict[str, Any] | None = None
    signals: list[str] = Field(default_factory=list)
    optional_signals: list[str] = Field(default_factory=list)
    verdict: list[str] | None = None


class ExitRequestSpec(BaseModel):
    model_config = ConfigDict(extra="allow")
    situation: str
    counterparty: str | None = None
    channel: Literal["email", "text", "phone"] = "email"
    tone: Literal["warm", "firm", "formal"] = "warm"


class ExitCase(_Case):
    task: Literal["exit"]
    request: ExitRequestSpec
    must_include: list[str] = Field(default_factory=list)
    must_not_include: list[str] = Field(default_factory=list)


class RehearsalCase(_Case):
    task: Literal["rehearsal"]
    tactic: str
    counterparty: str
    reply: str
    good: bool
    failed: list[str] = Field(default_factory=list)


class RetrievalCase(_Case):
    task: Literal["retrieval"]
    query: str
    rule_ids: list[str] = Field(min_length=1)


_MODELS = {
    "critique": CritiqueCase,
    "exit": ExitCase,
    "rehearsal": RehearsalCase,
    "retrieval": RetrievalCase,
}
Case = CritiqueCase | ExitCase | RehearsalCase | RetrievalCase


class LoadedCases(BaseModel):
    cases: list[Case]
    errors: list[str]


def parse_cases(text: str, origin: str = "<cases>") -> LoadedCases:
    cases: list[Case] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            raw = json.loads(stripped)
        except json.JSONDecodeError as error:
            errors.append(f"{origin}:{number}: not valid JSON ({error.msg})")
            continue
        if not isinstance(raw, dict):
            errors.append(f"{origin}:{number}: a case must be a JSON object")
            continue
        model = _MODELS.get(raw.get("task"))  # type: ignore[arg-type]
        if model is None:
            errors.append(f"{origin}:{number}: unknown task {raw.get('task')!r}")
            continue
        try:
            case = model.model_validate(raw)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            errors.append(f"{origin}:{number}: {where}: {first['msg']}")
            continue
        key = (origin, case.id)
        if key in seen:
            errors.append(f"{origin}:{number}: duplicate id {case.id!r}")
            continue
        seen.add(key)
        cases.append(case)
    return LoadedCases(cases=cases, errors=errors)


def load_cases(paths: list[Path]) -> LoadedCases:
    cases: list[Case] = []
    errors: list[str] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.append(f"{path}: cannot read ({error.__class__.__name__})")
            continue
        loaded = parse_cases(text, str(path))
        cases += loaded.cases
        errors += loaded.errors
    return LoadedCases(cases=cases, errors=errors)
