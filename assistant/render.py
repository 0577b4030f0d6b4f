"""Plain-text renderings of results, for the terminal and the memo."""

from __future__ import annotations

from assistant.schemas import Coaching, Critique, DealFacts, ExitResult

VERDICT_LABEL = {
    "walk_away": "WALK AWAY",
    "pause": "PAUSE",
    "negotiate": "NEGOTIATE",
    "accept": "ACCEPT",
}


def critique_text(result: Critique) -> str:
    lines = [
        f"Verdict: {VERDICT_LABEL[result.verdict]} (confidence {result.confidence:.0%}, {result.engine} engine)",
        result.summary,
    ]
    if result.findings:
        lines.append("\nWarning signs and leverage:")
        for finding in result.findings:
            # The rule id is shown only where it is not the signal's own id.
            rule = f" [{finding.rule_id}]" if finding.rule_id != finding.signal else ""
            lines.append(f"- {finding.signal}{rule}: “{finding.evidence}”")
            lines.append(f"    {finding.explanation}")
    else:
        lines.append("\nNo warning sign found in what you wrote.")
    lines.append("\nNext steps:")
    lines += [f"{i}. {step}" for i, step in enumerate(result.next_steps, 1)]
    for notice in result.notices:
        lines.append(f"\nNote: {notice}")
    return "\n".join(lines)


def exit_text(result: ExitResult) -> str:
    blocks = []
    for index, draft in enumerate(result.drafts, 1):
        checks = " ".join(f"[{'ok' if c.passed else 'FAIL'} {c.id}]" for c in draft.checks)
        blocks.append(
            f"--- Draft {index} ({draft.channel}, {draft.tone}, {draft.engine}) {checks}\n{draft.text}"
        )
    blocks += [f"Note: {notice}" for notice in result.notices]
    return "\n\n".join(blocks)


def coaching_text(result: Coaching) -> str:
    head = "Good reply." if result.good else "Needs work: " + ", ".join(result.failed)
    lines = [f"Coach ({result.engine}): {head}"]
    lines += [f"- {item}" for item in result.feedback]
    if not result.good:
        lines.append(f"Try: {result.better_reply}")
    lines += [f"Note: {notice}" for notice in result.notices]
    return "\n".join(lines)


def gaps(facts: DealFacts) -> list[str]:
    """Where their offer stands against the user's walk-away point and target, in words
    (for the user's eyes only: never in a draft)."""
    if facts.offer is None:
        return []
    paying = facts.pays
    lines = []
    if facts.earlier_offers:
        steps = " → ".join(f"{v:,.0f}" for v in [*facts.earlier_offers, facts.offer])
        lines.append(f"Their offers so far: {steps}.")
    for name, value in (("walk-away point", facts.limit), ("target", facts.target)):
        if value is None:
            continue
        # Positive: the offer is on the good side of the number.
        margin = (value - facts.offer) if paying else (facts.offer - value)
        if margin == 0:
            lines.append(f"Their offer is exactly your {name} ({value:,.0f}).")
        else:
            side = "inside" if margin > 0 else "short of"
            lines.append(f"Their offer is {abs(margin):,.0f} {side} your {name} ({value:,.0f}).")
    return lines
