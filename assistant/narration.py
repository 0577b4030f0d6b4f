"""Narration in the rulebook's own words: a decided verdict and its findings become a
critique with a summary, next steps and citations. It is the offline engine's wording,
the frame a model phrases within, and what the guard falls back to."""

from __future__ import annotations

from assistant.policy import Decision
from assistant.rules import Rulebook
from assistant.schemas import Citation, Critique, DealFacts, EngineName, Finding, Leverage, Notice

# What to do next for each verdict, and the rule each step rests on.
VERDICT_STEPS: dict[str, list[tuple[str, str]]] = {
    "walk_away": [
        ("Thank them, say clearly that the current offer does not meet your needs, and stay polite.", "strategic_confident_polite"),
        ("Leave the door open: “Let me know if circumstances change.”", "strategic_keep_door_open"),
    ],
    "pause": [
        ("Do not decide now: ask for time and the terms in writing.", "apply_give_time"),
        ("Step back and let them reconsider; silence often brings a better offer.", "verdict_pause"),
    ],
    "negotiate": [
        ("Raise each concern calmly and ask what they can change.", "tip_communicate_clearly"),
        ("Know your limit before the next conversation, and stick to it.", "apply_define_limits"),
    ],
    "accept": [
        ("Get the agreed terms in writing before you sign.", "lack_of_transparency"),
        ("Check once more that the deal meets your limits.", "apply_define_limits"),
    ],
}  # fmt: skip

VERDICT_WORDS = {
    "walk_away": "Walk away",
    "pause": "Pause",
    "negotiate": "Negotiate",
    "accept": "Accept",
}


# The rulebook's title for below_minimum speaks to a seller; a buyer's limit is a ceiling.
_OVER_THE_MAXIMUM = "The price is over your maximum"


def signal_title(rulebook: Rulebook, signal: str, facts: DealFacts) -> str:
    """The rule's title, said the way round that fits the user's side."""
    if signal == "below_minimum" and facts.pays:
        return _OVER_THE_MAXIMUM
    return rulebook.get(signal).title


def _citation(rulebook: Rulebook, rule_id: str) -> Citation:
    rule = rulebook.get(rule_id)
    return Citation(rule_id=rule.id, title=rule.title, section=rule.section, quote=rule.quotes[0])


def narrate(
    rulebook: Rulebook,
    findings: list[Finding],
    facts: DealFacts,
    decision: Decision,
    engine: EngineName,
    notices: list[Notice],
) -> Critique:
    """The critique in the rulebook's own words (the offline narration, also the LLM's frame)."""
    verdict = decision.verdict
    steps: list[tuple[str, str]] = []
    for finding in sorted(findings, key=lambda f: -f.score):
        advice = rulebook.advice(finding.signal)
        step = (advice.text, advice.rule)
        if step not in steps:
            steps.append(step)
    steps += [step for step in VERDICT_STEPS[verdict] if step not in steps]
    rule_ids = [f.rule_id for f in findings] + [decision.rule_id] + [rule for _, rule in steps]
    citations = [_citation(rulebook, rule_id) for rule_id in dict.fromkeys(rule_ids)]
    leverage = rulebook.group("leverage")
    negatives = [f for f in findings if f.signal not in leverage]
    found = ", ".join(signal_title(rulebook, f.signal, facts).lower() for f in negatives)
    summary = f"{VERDICT_WORDS[verdict]}. {decision.reason}"
    if found:
        summary += f" Warning signs: {found}."
    return Critique(
        verdict=verdict,
        confidence=decision.confidence,
        basis=decision.basis,
        summary=summary,
        findings=findings,
        facts=facts.model_copy(
            update={
                "alternatives": [f.evidence for f in findings if f.signal == "has_alternatives"]
            }
        ),
        leverage=Leverage(
            alternatives=[f.evidence for f in findings if f.signal == "has_alternatives"],
            counterparty_hesitation=[
                f.evidence for f in findings if f.signal == "counterparty_hesitation"
            ],
        ),
        next_steps=[text for text, _ in steps[:5]],
        citations=citations,
        engine=engine,
        notices=notices,
    )
