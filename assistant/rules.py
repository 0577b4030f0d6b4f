"""The rulebook: every rule of the source under a stable id, and the taxonomy's label ids."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, Field

from assistant.config import EVALS_DIR, KNOWLEDGE_DIR
from assistant.schemas import ExitRubricId, RehearsalRubricId, SignalId, Verdict

RULEBOOK_PATH = KNOWLEDGE_DIR / "rulebook.yaml"
TAXONOMY_PATH = EVALS_DIR / "taxonomy.yaml"

RuleKind = Literal[
    "signal",
    "verdict",
    "exit_step",
    "professionalism_tip",
    "exit_phrase",
    "door_open",
    "strategic_exit_step",
    "case_lesson",
    "application",
]


class Advice(BaseModel):
    """What to do about a signal, and the rule the advice rests on."""

    text: str
    rule: str


class Rule(BaseModel):
    id: str
    kind: RuleKind
    title: str
    section: str
    quotes: list[str] = Field(min_length=1)
    group: str | None = None
    advice: Advice | None = None
    examples: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.quotes)


class Taxonomy(BaseModel):
    signals: dict[str, dict]
    verdicts: dict[str, str]
    exit_rubric: dict[str, str]
    rehearsal_rubric: dict[str, str]


class Rulebook(BaseModel):
    source: str
    rules: dict[str, Rule]
    rubrics: dict[str, dict[str, list[str]]]
    neutral_examples: list[str] = Field(default_factory=list)

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KeyError(f"unknown rule id: {rule_id!r}") from None

    def of_kind(self, *kinds: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.kind in kinds]

    @property
    def signals(self) -> list[Rule]:
        return self.of_kind("signal")

    def group(self, name: str) -> frozenset[str]:
        """The signal ids of one taxonomy group (unfair_terms, leverage, ...)."""
        return frozenset(rule.id for rule in self.signals if rule.group == name)

    def advice(self, signal: str) -> Advice:
        advice = self.get(signal).advice
        if advice is None:
            raise KeyError(f"signal {signal!r} has no advice in the rulebook")
        return advice

    def rubric_rules(self, task: Literal["exit", "rehearsal"], rubric_id: str) -> list[str]:
        return self.rubrics[task][rubric_id]


def parse_rulebook(data: dict) -> Rulebook:
    rules = {rule_id: Rule(id=rule_id, **body) for rule_id, body in data["rules"].items()}
    return Rulebook(
        source=data["source"],
        rules=rules,
        rubrics=data.get("rubrics", {}),
        neutral_examples=data.get("neutral_examples", []),
    )


def is_rulebook(data: object) -> bool:
    return isinstance(data, dict) and isinstance(data.get("rules"), dict) and "source" in data


def read_yaml(text: str) -> Any:
    """Safe YAML, through libyaml when PyYAML has it: the pure-Python parser spent a
    quarter of a second of every cold start on the rulebook and the paraphrases."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


@lru_cache(maxsize=4)
def load_rulebook(path: Path = RULEBOOK_PATH) -> Rulebook:
    rulebook = parse_rulebook(read_yaml(path.read_text(encoding="utf-8")))
    problems = disagreements(rulebook, load_taxonomy())
    if problems:
        raise ValueError(f"{path} disagrees with the taxonomy: " + "; ".join(problems))
    return rulebook


def disagreements(rulebook: Rulebook, taxonomy: Taxonomy) -> list[str]:
    """Where the rulebook and the code's literals depart from the taxonomy (empty: none).

    The taxonomy is the public contract; the rulebook is the one source the code reads
    ids, groups and advice from; the Literal types in schemas.py exist for type checking
    and must name the same ids.
    """
    problems: list[str] = []
    signals = {rule.id: rule for rule in rulebook.signals}
    if set(signals) != set(taxonomy.signals):
        problems.append(f"signal ids differ: {sorted(set(signals) ^ set(taxonomy.signals))}")
    for signal_id, spec in taxonomy.signals.items():
        rule = signals.get(signal_id)
        if rule is None:
            continue
        if rule.group != spec.get("group"):
            problems.append(f"{signal_id} is in group {rule.group!r}, not {spec.get('group')!r}")
        if rule.advice is None:
            problems.append(f"{signal_id} has no advice")
        elif rule.advice.rule not in rulebook.rules:
            problems.append(f"{signal_id}'s advice cites an unknown rule {rule.advice.rule!r}")
    literals = {
        "SignalId": (set(get_args(SignalId)), set(taxonomy.signals)),
        "Verdict": (set(get_args(Verdict)), set(taxonomy.verdicts)),
        "ExitRubricId": (set(get_args(ExitRubricId)), set(taxonomy.exit_rubric)),
        "RehearsalRubricId": (set(get_args(RehearsalRubricId)), set(taxonomy.rehearsal_rubric)),
    }
    for name, (literal, contract) in literals.items():
        if literal != contract:
            problems.append(f"schemas.{name} differs: {sorted(literal ^ contract)}")
    for task, ids in (("exit", taxonomy.exit_rubric), ("rehearsal", taxonomy.rehearsal_rubric)):
        if set(rulebook.rubrics.get(task, {})) != set(ids):
            problems.append(f"the {task} rubric differs from the taxonomy's")
    return problems


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_PATH) -> Taxonomy:
    return Taxonomy(**read_yaml(path.read_text(encoding="utf-8")))


def normalise_quotes(text: str) -> str:
    """Fold typographic quotes and whitespace so verbatim checks survive copy and paste."""
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
    return " ".join(text.translate(table).split()).lower()
