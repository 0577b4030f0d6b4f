"""Checks applied to every output before anyone sees it: evidence is verbatim, rule ids
exist, the numbers' verdict stands, and drafts leak nothing and burn no bridge."""

from __future__ import annotations

import re

from assistant.facts import find_amounts, offer_misses_limit
from assistant.rules import Rulebook
from assistant.schemas import CheckResult, DealFacts, Finding

_WS = re.compile(r"\s+")


def locate_verbatim(quote: str, text: str) -> str | None:
    """The exact slice of text that quote stands for (tolerating case and spacing), or None."""
    quote = quote.strip().strip("\"'“”‘’")
    if not quote:
        return None
    if quote in text:
        return quote
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text, flags=re.IGNORECASE)
    return match.group(0) if match else None


def verified_findings(findings: list[Finding], text: str, rulebook: Rulebook) -> list[Finding]:
    """Keep findings whose signal and rule exist and whose evidence is the user's own words."""
    kept: dict[str, Finding] = {}
    signal_ids = {rule.id for rule in rulebook.signals}
    for finding in findings:
        if finding.signal not in signal_ids or finding.rule_id not in rulebook.rules:
            continue
        evidence = locate_verbatim(finding.evidence, text)
        if evidence is None:
            continue
        current = kept.get(finding.signal)
        if current is None or finding.score > current.score:
            kept[finding.signal] = finding.model_copy(update={"evidence": evidence})
    return list(kept.values())


def enforce_numbers(
    findings: list[Finding], facts: DealFacts, fallback: Finding | None
) -> list[Finding]:
    """An offer that misses the user's limit is below_minimum whatever a model said, and an
    offer that meets it is not."""
    misses = offer_misses_limit(facts)
    others = [f for f in findings if f.signal != "below_minimum"]
    current = [f for f in findings if f.signal == "below_minimum"]
    if misses is True:
        return others + (current or ([fallback] if fallback else []))
    if misses is False:
        return others
    return findings


_PUSH_TO_ACCEPT = re.compile(
    r"\b(accept (it|this|the (deal|offer))|sign (it|now|today|the contract)|go ahead|take the (deal|offer)|"
    r"(excellent|great|good|fair) (deal|offer))\b",
    re.IGNORECASE,
)


def contradicts_verdict(text: str, verdict: str) -> bool:
    """Model phrasing that pushes the user to accept when the policy said otherwise."""
    return verdict != "accept" and bool(_PUSH_TO_ACCEPT.search(text))


# ---------------------------------------------------------------- drafts
HOSTILE = re.compile(
    r"\b(idiot|idiots|stupid|moron|crook|crooks|scam|scammer|scammers|liar|liars|lying|cheat|"
    r"cheats|cheating|rip[- ]?off|ripoff|thie(f|ves)|pathetic|disgrace(ful)?|incompetent|"
    r"ridiculous|insulting|joke|clown|garbage|trash|shame on you|how dare|greedy|dishonest|"
    r"you people|waste of (my )?time|regret|you'?ll be sorry|lawyer|sue|court|review(s)? online|"
    r"bad review|expose|report you|never again|good luck with that|yeah,? right|obviously you|"
    r"clearly you|as if|hell|damn|screw|f\*+|shit)\b",
    re.IGNORECASE,
)
RIVAL_OFFER = re.compile(
    r"\b(other|another|competing|better|rival|second|higher|lower) (offer|quote|bid|proposal)s?\b|"
    r"\bcompetitors?\b|\belsewhere\b|\bother (supplier|vendor|company|dealer|dealership|candidate|"
    r"buyer|landlord|firm|client)s?\b",
    re.IGNORECASE,
)
DEADLINE_WORDS = re.compile(
    r"\b(by|before|until|no later than) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tomorrow|tonight|the end of|end of|next week|\d)|\bdeadline\b|\bwithin \d+",
    re.IGNORECASE,
)


def _numbers(text: str) -> set[float]:
    return {money.amount for money, _, _ in find_amounts(text)} | {
        float(n) for n in re.findall(r"\b\d+(?:\.\d+)?\b", text) if float(n) >= 2
    }


def draft_leaks(body: str, situation: str, facts: DealFacts) -> list[CheckResult]:
    """The guard's own checks on a draft: leaks, invented facts, burnt bridges."""
    results: list[CheckResult] = []
    private = {v for v in (facts.minimum, facts.maximum, facts.target) if v is not None}
    leaked = sorted(private & _numbers(body))
    results.append(
        CheckResult(
            id="no_leak",
            passed=not leaked and not RIVAL_OFFER.search(body),
            detail="mentions your limit or your alternatives"
            if leaked or RIVAL_OFFER.search(body)
            else "",
        )
    )
    invented = sorted(_numbers(body) - _numbers(situation))
    deadline = DEADLINE_WORDS.search(body) and not DEADLINE_WORDS.search(situation)
    results.append(
        CheckResult(
            id="no_fabrication",
            passed=not invented and not deadline,
            detail=("invents numbers " + ", ".join(f"{n:g}" for n in invented))
            if invented
            else ("invents a deadline" if deadline else ""),
        )
    )
    hostile = HOSTILE.search(body)
    results.append(
        CheckResult(
            id="neutral_tone",
            passed=hostile is None and "!!" not in body,
            detail=f"burns the bridge (“{hostile.group(0)}”)" if hostile else "",
        )
    )
    return results
