"""Graceful exit messages built on the source's exit steps and phrases.

Every draft thanks, states the decision without confrontation and leaves the door
open. The guard then checks it leaks nothing (the user's limit, their alternatives),
invents nothing (offers, numbers, deadlines) and burns no bridge, whatever was asked.
"""

from __future__ import annotations

import re

from assistant.errors import InputError
from assistant.facts import parse_facts
from assistant.guards import HOSTILE, draft_leaks
from assistant.runtime import Runtime
from assistant.schemas import CheckResult, DealFacts, ExitDraft, ExitRequest, ExitResult
from assistant.textinput import read_user_text

EXIT_RULES = [
    "exit_step_remain_calm",
    "exit_step_say_not_working",
    "exit_step_leave_room",
    "tip_express_appreciation",
    "tip_neutral_language",
    "phrase_terms_dont_align",
    "phrase_keep_communication_open",
]

# Variants of each step, by tone; the first of each is the source's own phrasing.
THANKS = {
    "warm": [
        "Thank you so much for your time and for the offer.",
        "I really appreciate the time you've put into this, and the offer itself.",
        "Thank you for the thought and effort you've put into this proposal.",
    ],
    "firm": [
        "Thank you for your time and for the offer.",
        "I appreciate the time you've given this.",
        "Thanks for putting the proposal together.",
    ],
    "formal": [
        "Thank you for your time and for the proposal you have put forward.",
        "I appreciate the time and effort you have invested in these discussions.",
        "Please accept my thanks for your time and for the offer.",
    ],
}
DECISION = {
    "warm": [
        "I've thought it over carefully, and unfortunately the current terms don't meet my needs at this time, so I won't be moving forward.",
        "I really respect what you've proposed, but I believe this isn't the right fit at the moment, so I'm going to step back.",
        "After careful thought, I've decided not to move forward: the terms as they stand don't work for me.",
    ],
    "firm": [
        "The current terms don't meet my needs, so I won't be moving forward.",
        "I've decided not to proceed: the terms as they stand don't work for me.",
        "This isn't the right fit at the moment, so I'm going to decline.",
    ],
    "formal": [
        "Having considered it carefully, I must let you know that the current terms do not meet our needs at this time, and we will not be proceeding.",
        "After careful consideration, we have decided not to move forward, as the proposal does not meet our requirements at present.",
        "I regret that the terms as they stand do not work for us, and we must respectfully decline.",
    ],
}
DOOR = {
    "warm": [
        "I'd love to revisit this conversation in the future if circumstances change.",
        "If things change on your side, please let me know. I'd be glad to talk again.",
        "I hope we can stay in touch, and I'd be happy to reconsider if the terms change.",
    ],
    "firm": [
        "If the terms change, let me know.",
        "Let me know if circumstances change.",
        "If that changes, I'm open to talking again.",
    ],
    "formal": [
        "Should circumstances change, I would welcome the opportunity to revisit this conversation.",
        "We would be glad to reconsider should the terms change in the future.",
        "Please do not hesitate to get in touch should the situation change.",
    ],
}
SUBJECT = {
    "warm": [
        "Thank you, and my decision",
        "Thanks for your offer",
        "Following up on our conversation",
    ],
    "firm": ["My decision on your offer", "Re: your offer", "Decision on the proposal"],
    "formal": [
        "Regarding your proposal",
        "Our decision on the proposal",
        "Thank you for your proposal",
    ],
}
SIGN_OFF = {"warm": "Warm regards,", "firm": "Best,", "formal": "Kind regards,"}

_HOSTILE_REQUEST = re.compile(
    r"\b(tell (them|him|her) (off|they|he|she)|insult|burn|rude|nasty|threaten|shame|make (them|him|her) feel|"
    r"sarcas\w*|let (them|him|her) have it|give (them|him|her) a piece|crooks?|scam\w*|liars?|idiots?)\b",
    re.I,
)
_INVENTION_REQUEST = re.compile(
    r"\b(say|tell|pretend|claim|mention|make up|bluff|imply)\b.{0,40}\b(other|another|competing|better|rival) "
    r"(offer|quote|bid|job)|\b(invent|make up|fake)\b.{0,20}\b(offer|deadline|number|quote)",
    re.I,
)
_NAME = re.compile(r"^[\w .,'’\-&()]{1,80}$", re.UNICODE)


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.split())
    if not name:
        return None
    if not _NAME.match(name):
        raise InputError("The counterparty name has characters a name should not have.")
    return name


def _compose(
    request: ExitRequest, variant: int, name: str | None, sender: str | None
) -> tuple[str | None, str]:
    tone, channel = request.tone, request.channel
    pick = lambda options: options[variant % len(options)]  # noqa: E731
    thanks, decision, door = pick(THANKS[tone]), pick(DECISION[tone]), pick(DOOR[tone])
    if channel == "text":
        greeting = f"Hi {name}, " if name else ""
        return None, f"{greeting}{thanks} {decision} {door}".strip()
    if channel == "phone":
        opener = f"Hi {name}, " if name else "Hi, "
        lines = [
            f"{opener}thanks for taking my call.",
            thanks,
            decision,
            door,
            "(Then pause and listen. If they press, repeat calmly that the current terms don't work for you.)",
        ]
        return None, "\n".join(lines)
    greeting = {"warm": "Hi", "firm": "Hello", "formal": "Dear"}[tone]
    salutation = f"{greeting} {name}," if name else f"{greeting},"
    closing = SIGN_OFF[tone] + (f"\n{sender}" if sender else "")
    body = f"{salutation}\n\n{thanks} {decision}\n\n{door}\n\n{closing}"
    return pick(SUBJECT[tone]), body


def _checks(
    channel: str, subject: str | None, body: str, situation: str, facts: DealFacts
) -> list[CheckResult]:
    checks = draft_leaks(f"{subject or ''}\n{body}", situation, facts)
    if channel == "email":
        ok = bool(subject) and len(body.split()) <= 200
        checks.append(
            CheckResult(
                id="concise",
                passed=ok,
                detail="" if ok else "needs a subject and at most 200 words",
            )
        )
    elif channel == "text":
        ok = len(body) <= 480
        checks.append(
            CheckResult(id="concise", passed=ok, detail="" if ok else "too long for a text")
        )
    else:
        ok = len(body.split()) <= 170
        checks.append(
            CheckResult(id="concise", passed=ok, detail="" if ok else "too long to say aloud")
        )
    return checks


def draft_exit(runtime: Runtime, request: ExitRequest, engine: str | None = None) -> ExitResult:
    """Draft request.variants exit messages; every one has passed the guard."""
    situation = read_user_text(request.situation).strip()
    if not situation:
        raise InputError(
            "Describe the situation first (what was offered and why it does not work)."
        )
    name = _clean_name(request.counterparty)
    sender = _clean_name(request.sender)
    notices: list[str] = []
    if _HOSTILE_REQUEST.search(situation) or HOSTILE.search(situation):
        notices.append(
            "You asked for a harsher message. Walkaway keeps exits calm and neutral, because an "
            "aggressive exit burns the bridge (rule tip_neutral_language): the drafts stay courteous."
        )
    if _INVENTION_REQUEST.search(situation):
        notices.append(
            "Walkaway does not invent offers, numbers or deadlines you did not give "
            "(rule no_fabrication): the drafts leave them out."
        )
    facts = parse_facts(situation)  # once: every draft is checked against the same facts
    drafts: list[ExitDraft] = []

    def guarded(subject: str | None, body: str, answered_by: str) -> str | None:
        """Keep the draft if every check passes; otherwise say why it was withheld."""
        checks = _checks(request.channel, subject, body, situation, facts)
        if not all(check.passed for check in checks):
            return "; ".join(c.detail for c in checks if not c.passed)
        drafts.append(
            ExitDraft(channel=request.channel, tone=request.tone, subject=subject, body=body,
                      checks=checks, rule_ids=EXIT_RULES, engine=answered_by)  # type: ignore[arg-type]
        )  # fmt: skip
        return None

    if runtime.engine_for(engine) == "llm":
        from assistant.engines.llm import LLMUnavailable, llm_exit_bodies

        try:
            for subject, body in llm_exit_bodies(runtime, request, name):
                withheld = guarded(subject, body, "llm")
                if withheld:
                    notices.append(f"A model draft was withheld by the guard ({withheld}).")
        except LLMUnavailable as error:
            notices.append(
                f"The LLM engine did not answer ({error}); the offline engine drafted instead."
            )
    variant = 0
    while len(drafts) < request.variants and variant < request.variants + 6:
        guarded(*_compose(request, variant, name, sender), "offline")
        variant += 1
    if not drafts:
        raise InputError("No draft passed the checks; try a shorter situation or another channel.")
    return ExitResult(drafts=drafts[: request.variants], notices=notices)
