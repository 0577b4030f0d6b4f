"""Graceful exit messages built on the source's exit steps and phrases.

Every draft thanks, states the decision without confrontation and leaves the door
open. The guard then checks it leaks nothing (the user's limit, their alternatives),
invents nothing (offers, numbers, deadlines) and burns no bridge, whatever was asked.
"""

from __future__ import annotations

import re

from assistant.addressee import load_addressee_reader
from assistant.counterpart import read_introduced_name
from assistant.engines import select_engine
from assistant.engines.protocol import DraftText, Engine
from assistant.errors import InputError, WalkawayError
from assistant.facts import parse_facts
from assistant.foreign_specifics import read_titled_name
from assistant.guards import HOSTILE, check_draft
from assistant.languages import detect_language
from assistant.privacy import mask_secrets
from assistant.runtime import Runtime
from assistant.schemas import EngineName, ExitDraft, ExitRequest, ExitResult, Notice
from assistant.specifics import read_counterpart
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
# The degree sign stands in for "º" in Italian and Spanish titles ("M° Ferraresi"); the
# middle dot is Catalan spelling ("Marcel·lí").
_NAME = re.compile(r"^[\w .,'’\-&()°·]{1,80}$", re.UNICODE)
_A_ROLE = re.compile(r"^(?:the|my|our|your|their|his|her|a|an)\s", re.IGNORECASE)


# "Jordan @ Peakline": a person at an organisation, greeted by name.
_AT_ORGANISATION = re.compile(r"^(?P<person>[^@]+?)\s+@\s+[^@]+$")


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.split())
    if not name:
        return None
    at = _AT_ORGANISATION.match(name)
    if at is not None:
        name = at["person"]
    if not _NAME.match(name):
        raise InputError("The counterparty name has characters a name should not have.")
    return name


def _learned_addressee(runtime: Runtime, situation: str, sender: str | None) -> str | None:
    """Whom the learned reader greets, when the tagger it was trained on is here."""
    try:
        reader = load_addressee_reader(runtime.get_heads_tagger())
    except WalkawayError:
        return None
    return reader.addressee(situation, sender) if reader is not None else None


def draft_exit(
    runtime: Runtime, request: ExitRequest, engine: str | Engine | None = None
) -> ExitResult:
    """Draft request.variants exit messages; every one has passed the guard."""
    situation = read_user_text(request.situation).strip()
    if not situation:
        raise InputError(
            "Describe the situation first (what was offered and why it does not work)."
        )
    sender = _clean_name(request.sender)
    # A role in the name field ("the membership team", "my landlord") is no name to greet
    # ("Dear the membership team,"): the situation's name greets them, or none does.
    given = _clean_name(request.counterparty)
    if given is not None and _A_ROLE.match(given):
        given = None
    # A name the user wrote beside a role ("my landlord Mr. Ruiz") greets them when the
    # form's name field was left empty.
    language = detect_language(situation)
    name = (
        given
        or (
            read_counterpart(situation, sender)
            if language == "en"
            else read_titled_name(situation, sender)
        )
        # introduced only in passing: "the caretaker (Brian)", "Lenny from VerminGuard"
        or read_introduced_name(situation, sender, language=language)
        # introduced in a way no grammar knows: "Wilf reckons…", "say thanks to Imogen"
        or _learned_addressee(runtime, situation, sender)
    )
    notices: list[Notice] = []
    if _HOSTILE_REQUEST.search(situation) or HOSTILE.search(situation):
        notices.append(
            Notice(
                code="harsh_request",
                text="You asked for a harsher message. Walkaway keeps exits calm and neutral, "
                "because an aggressive exit burns the bridge (rule tip_neutral_language): the "
                "drafts stay courteous.",
            )
        )
    if _INVENTION_REQUEST.search(situation):
        notices.append(
            Notice(
                code="invention_request",
                text="Walkaway does not invent offers, numbers or deadlines you did not give "
                "(rule no_fabrication): the drafts leave them out.",
            )
        )
    # extract: the facts a draft must not leak or contradict, read once for every draft
    facts = parse_facts(situation)
    # narrate: the engine's drafts, then the offline wording if they fall short
    answered = select_engine(runtime, engine).draft(request, name, sender)
    if answered.notice:
        notices.append(answered.notice)
    drafts: list[ExitDraft] = []
    seen: set[tuple[str | None, str]] = set()
    key = runtime.settings.key_value()

    def keep(candidates: list[DraftText], engine_name: EngineName, tell: bool) -> None:
        # guard: a draft reaches the user only if every check passes
        for candidate in candidates:
            if len(drafts) >= request.variants:
                return
            # A configured key never reaches a draft, whatever a model echoed.
            candidate = DraftText(
                subject=mask_secrets(candidate.subject, key) if candidate.subject else None,
                body=mask_secrets(candidate.body, key),
            )
            if (candidate.subject, candidate.body) in seen:
                continue
            seen.add((candidate.subject, candidate.body))
            checks = check_draft(
                request.channel, candidate.subject, candidate.body, situation, facts,
                names=(name, sender),
            )  # fmt: skip
            if all(check.passed for check in checks):
                drafts.append(
                    ExitDraft(channel=request.channel, tone=request.tone, subject=candidate.subject,
                              body=candidate.body, checks=checks, rule_ids=EXIT_RULES, engine=engine_name)
                )  # fmt: skip
            elif tell:
                reasons = "; ".join(check.detail for check in checks if not check.passed)
                notices.append(
                    Notice(
                        code="draft_withheld",
                        text=f"A draft was withheld by the guard ({reasons}).",
                    )
                )

    keep(answered.value, answered.engine, tell=True)
    if len(drafts) < request.variants:  # the offline wording fills what the guard withheld
        keep(runtime.offline.draft(request, name, sender), runtime.offline.name, tell=False)
    if not drafts:
        raise InputError("No draft passed the checks; try a shorter situation or another channel.")
    return ExitResult(drafts=drafts, notices=notices)
