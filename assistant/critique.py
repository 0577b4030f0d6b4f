"""Deal critique: extract → decide → narrate → guard, on either engine."""

from __future__ import annotations

import logging

from assistant.errors import InputError
from assistant.facts import parse_facts
from assistant.guards import enforce_numbers, verified_findings
from assistant.policy import decide
from assistant.rules import Rulebook
from assistant.runtime import Runtime
from assistant.schemas import Citation, Critique, DealFacts, Finding, Leverage
from assistant.textinput import injection_notice, language_notice, read_user_text

log = logging.getLogger(__name__)

# What to do about each signal, and the rule each piece of advice rests on.
SIGNAL_ADVICE: dict[str, tuple[str, str]] = {
    "one_sided_terms": ("Ask for the one-sided clause to apply both ways, or to be removed.", "one_sided_terms"),
    "hidden_costs": ("Ask for an itemised, all-in total in writing before anything else.", "hidden_costs"),
    "lack_of_transparency": ("Ask for the full terms in writing; do not sign what you have not seen.", "lack_of_transparency"),
    "extreme_concessions": ("Decline the concession, or offer a small trade for something in return.", "extreme_concessions"),
    "take_it_or_leave_it": ("Say the current terms do not work and let them know you are open if that changes.", "strategic_keep_door_open"),
    "ignores_concerns": ("Put your concerns in writing and ask for an answer to each.", "ignores_concerns"),
    "high_pressure_sales": ("Do not sign on the spot: say you will decide once you have had time to think.", "high_pressure_sales"),
    "guilt_tripping": ("Acknowledge the relationship, then restate what you need; guilt is not a term of the deal.", "guilt_tripping"),
    "false_urgency": ("Refuse the artificial deadline: ask for the offer in writing and take the time you need.", "apply_give_time"),
    "intimidation": ("End the conversation calmly; continue only in writing, or not at all.", "intimidation"),
    "below_minimum": ("Hold your limit: thank them and say the offer does not meet your needs.", "lesson_car_price_limit"),
    "goals_misaligned": ("Go back to what you wanted from this deal; a deal that does not serve it is not worth closing.", "goals_misaligned"),
    "gut_feeling": ("Take a day, write down what feels wrong, and check it before you commit.", "gut_feeling"),
    "counterparty_hesitation": ("Their hesitation is leverage: give them time to come back with better terms.", "apply_give_time"),
    "has_alternatives": ("Compare the offer with your alternative; it is what makes walking away credible.", "strategic_have_alternatives"),
}  # fmt: skip

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


def _citation(rulebook: Rulebook, rule_id: str) -> Citation:
    rule = rulebook.get(rule_id)
    return Citation(rule_id=rule.id, title=rule.title, section=rule.section, quote=rule.quotes[0])


def narrate(
    rulebook: Rulebook,
    findings: list[Finding],
    facts: DealFacts,
    verdict: str,
    reason: str,
    verdict_rule: str,
    confidence: float,
    engine: str,
    notices: list[str],
) -> Critique:
    """The critique in the rulebook's own words (the offline narration, also the LLM's frame)."""
    steps: list[tuple[str, str]] = []
    for finding in sorted(findings, key=lambda f: -f.score):
        advice = SIGNAL_ADVICE.get(finding.signal)
        if advice and advice not in steps:
            steps.append(advice)
    steps += [step for step in VERDICT_STEPS[verdict] if step not in steps]
    rule_ids = [f.rule_id for f in findings] + [verdict_rule] + [rule for _, rule in steps]
    citations = [_citation(rulebook, rule_id) for rule_id in dict.fromkeys(rule_ids)]
    negatives = [
        f for f in findings if f.signal not in ("has_alternatives", "counterparty_hesitation")
    ]
    found = ", ".join(rulebook.get(f.signal).title.lower() for f in negatives)
    summary = f"{VERDICT_WORDS[verdict]}. {reason}"
    if found:
        summary += f" Warning signs: {found}."
    return Critique(
        verdict=verdict,  # type: ignore[arg-type]
        confidence=confidence,
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
        engine=engine,  # type: ignore[arg-type]
        notices=notices,
    )


def _with_numbers(finding: Finding, facts: DealFacts) -> Finding:
    """Say below_minimum in the user's own numbers, the way round that fits their side."""
    if finding.signal != "below_minimum" or facts.offer is None:
        return finding
    if facts.minimum is not None:
        text = f"Their offer ({facts.offer:,.0f}) is under the least you will accept ({facts.minimum:,.0f})."
    elif facts.maximum is not None:
        text = f"Their price ({facts.offer:,.0f}) is over the most you will pay ({facts.maximum:,.0f})."
    else:
        return finding
    return finding.model_copy(update={"explanation": f"{text} {finding.explanation}"})


def critique(
    runtime: Runtime,
    text: str | bytes,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    target: float | None = None,
    offer: float | None = None,
    currency: str | None = None,
    engine: str | None = None,
) -> Critique:
    """Critique a deal described (or pasted) by the user."""
    text = read_user_text(text)
    if not text.strip():
        raise InputError(
            "Describe the deal first: what they offered, the terms, and what they said "
            "(for example: “They offered $66k; my minimum is $72k and they want an answer today.”)."
        )
    facts = parse_facts(
        text, minimum=minimum, offer=offer, maximum=maximum, target=target, currency=currency
    )
    notices = list(facts.notes)
    for notice in (language_notice(text), injection_notice(text)):
        if notice:
            notices.append(notice)
    chosen = runtime.engine_for(engine)
    reading = runtime.get_detector().read(text, facts)
    offline = reading.findings
    findings = offline
    answered_by = "offline"
    if chosen == "llm":
        from assistant.engines.llm import LLMUnavailable, extract_findings

        try:
            # The code's own findings are a floor: a model can add signals, never remove
            # one, so text that talks a model out of a warning sign changes nothing. The
            # classifier's mere guess (made when nothing else is found) yields to a model
            # that found something; it stays when the model found nothing either.
            findings = (extract_findings(runtime, text, facts) + reading.found) or offline
            answered_by = "llm"
        except LLMUnavailable as error:
            notices.append(
                f"The LLM engine did not answer ({error}); the offline engine answered instead."
            )
    if reading.guess and findings is offline:
        notices.append(_guess_notice(runtime, reading.guess))
    fallback = next((f for f in offline if f.signal == "below_minimum"), None)
    findings = enforce_numbers(verified_findings(findings, text, runtime.rulebook), facts, fallback)
    findings = [_with_numbers(f, facts) for f in findings]
    decision = decide({f.signal for f in findings}, facts)
    result = narrate(
        runtime.rulebook,
        findings,
        facts,
        decision.verdict,
        decision.reason,
        decision.rule_id,
        decision.confidence,
        answered_by,
        notices,
    )
    if answered_by == "llm":
        from assistant.engines.llm import phrase_critique

        result = phrase_critique(runtime, text, result)
    return result


def _guess_notice(runtime: Runtime, guess: Finding) -> str:
    """Said plainly, because the verdict rests on it: no sentence stated a warning sign, the
    classifier only leans towards one."""
    return (
        "Nothing in the text states a warning sign outright; the closest reading is "
        f"“{runtime.rulebook.get(guess.signal).title}” (confidence {guess.score:.2f}), from "
        f"“{guess.evidence}”. Check it against what you know of the deal."
    )
