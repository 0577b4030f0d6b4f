"""Deal critique: extract → decide → narrate → guard, the same road on every engine."""

from __future__ import annotations

import math

from assistant.engines import select_engine
from assistant.engines.protocol import Engine
from assistant.errors import InputError
from assistant.facts import may_hold_a_limit, parse_facts, unplaced_spans
from assistant.guards import enforce_numbers, guard_critique, verified_findings
from assistant.narration import VERDICT_WORDS, narrate
from assistant.overlap import side_by_side
from assistant.policy import decide
from assistant.rules import Rulebook
from assistant.runtime import Runtime
from assistant.schemas import Critique, DealFacts, Finding, Notice
from assistant.screening import is_long, screening_notice
from assistant.stance import learned_stance
from assistant.textinput import injection_notice, language_notice, read_user_text


def _with_numbers(finding: Finding, facts: DealFacts, rulebook: Rulebook) -> Finding:
    """Say below_minimum in the user's own numbers, the way round that fits their side."""
    if finding.signal != "below_minimum" or facts.offer is None or facts.limit is None:
        return finding
    explanation = finding.explanation
    if facts.pays:
        text = (
            f"Their price ({facts.offer:,.0f}) is over the most you will pay ({facts.limit:,.0f})."
        )
        # the rule's title speaks to a seller ("below your minimum"); the numbers said it
        explanation = explanation.removeprefix(f"{rulebook.get(finding.signal).title}. ")
    else:
        text = f"Their offer ({facts.offer:,.0f}) is under the least you will accept ({facts.limit:,.0f})."
    return finding.model_copy(update={"explanation": f"{text} {explanation}"})


def _check_amount(name: str, value: float | None) -> None:
    """Every surface (command line, plugin, chat, UI) comes through here: a limit or offer
    that is not a number of zero or more would compare as nonsense (NaN is never below a
    floor), so it is refused, as the MCP server's schema refuses it."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"The {name} must be a number, not {value!r}.")
    if not math.isfinite(value) or value < 0:
        raise InputError(
            f"The {name} must be a finite amount of zero or more, not {value!r}. "
            "Give it as a plain number, for example 72000."
        )


def critique(
    runtime: Runtime,
    text: str | bytes,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    target: float | None = None,
    offer: float | None = None,
    currency: str | None = None,
    engine: str | Engine | None = None,
) -> Critique:
    """Critique a deal described (or pasted) by the user."""
    amounts = {"minimum": minimum, "maximum": maximum, "target": target, "offer": offer}
    for name, value in amounts.items():
        _check_amount(name, value)
    text = read_user_text(text)
    if not text.strip():
        raise InputError(
            "Describe the deal first: what they offered, the terms, and what they said "
            "(for example: “They offered $66k; my minimum is $72k and they want an answer today.”)."
        )
    chosen = select_engine(runtime, engine)
    # extract: the numbers in code, the signals by the engine on top of the offline floor
    # The notices are read while the amounts' roles are.
    facts, told = side_by_side(
        lambda: parse_facts(
            text,
            minimum=minimum,
            offer=offer,
            maximum=maximum,
            target=target,
            currency=currency,
            reader=runtime.get_tagger(),
            screened=runtime.settings.screen_long_texts,
        ),
        lambda: [n for n in (language_notice(text), injection_notice(text)) if n],
        worth_it=is_long(text),
    )
    notices: list[Notice] = [*facts.notes, *told]
    floor = runtime.offline.extract(text, facts)
    if floor.screening is not None:
        notices.append(screening_notice(floor.screening))
    extracted = chosen.extract(text, facts)
    # The code's own findings are a floor: a model can add signals, never remove one, so
    # text that talks a model out of a warning sign changes nothing.
    reading = extracted.value.with_floor(floor)
    if extracted.notice:
        notices.append(extracted.notice)
    numeric = next((f for f in floor.findings if f.signal == "below_minimum"), None)
    findings = enforce_numbers(
        verified_findings(reading.findings, text, runtime.rulebook), facts, numeric
    )
    possible = reading.possible
    # A number of the offer's order the fact reader placed nowhere may be the user's limit.
    unplaced = unplaced_spans(text, facts)
    if facts.offer is not None and facts.limit is None and not unplaced:
        # Read from words alone, "the offer is under your limit" with the offer known and no
        # limit anywhere was wrong for 12 of 19 dev and read blind cases, each a confident
        # walk-away (twenty-third session): without a number it is a question.
        unsure = [f for f in findings if f.signal == "below_minimum"]
        findings = [f for f in findings if f.signal != "below_minimum"]
        possible = [*possible, *(f for f in unsure if f.signal not in {p.signal for p in possible})]
    if possible:
        notices.append(_possible_notice(runtime, possible))
    findings = [_with_numbers(f, facts, runtime.rulebook) for f in findings]
    # decide: code only
    decision = decide(
        {f.signal for f in findings},
        facts,
        satisfied=reading.satisfied is not None,
        # A possible sign, or a number that may be the user's limit unread, is a doubt: an
        # offer with nothing wrong is accepted only without one. One the role head all but
        # rules out as a limit ("last year it was 45") is none.
        doubtful=bool(possible) or may_hold_a_limit(text, unplaced, runtime.get_tagger()),
    )
    if not findings and decision.verdict != "accept":
        notices.append(_tell_me_more())
    # narrate: the rulebook's wording, then the engine's if it has any
    result = narrate(runtime.rulebook, findings, facts, decision, extracted.engine, notices)
    result = result.model_copy(update={"possible": possible})
    phrased = chosen.phrase(text, result) if extracted.engine == chosen.name else None
    if phrased is not None and phrased.notice:
        result = result.model_copy(update={"notices": [*result.notices, phrased.notice]})
    phrasing = phrased.value if phrased is not None else None
    # guard: last, on everything the user will see
    return guard_critique(
        result,
        phrasing.summary if phrasing else None,
        phrasing.next_steps if phrasing else [],
        text,
        VERDICT_WORDS[decision.verdict],
        secrets=[runtime.settings.key_value()],
        learned=learned_stance(runtime.get_heads_tagger()) if phrasing else None,
    )


def _tell_me_more() -> Notice:
    """Nothing to go on either way (gibberish, small talk, a deal told without its terms)."""
    return Notice(
        code="not_enough_to_accept",
        text="Nothing here reads as a warning sign, and nothing yet shows the deal meets your "
        "needs. Tell me about the deal: what they offer, your own limit, and what they said.",
    )


def _possible_notice(runtime: Runtime, possible: list[Finding]) -> Notice:
    """Said as a question, because the verdict does not rest on these: the reader leans
    towards them without being sure."""
    signs = "; ".join(
        f"“{runtime.rulebook.get(f.signal).title}” (probability {f.score:.2f}) in “{f.evidence}”"
        for f in sorted(possible, key=lambda f: -f.score)
    )
    return Notice(
        code="possible_signs",
        text=f"Possible signs, not counted in the verdict: {signs}. Is that what happened? "
        "If so, say it in your own words and ask again.",
    )
