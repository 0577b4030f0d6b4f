"""The examiner's deterministic checks of exit drafts: independent of the product's guards.

These lexicons are written separately from assistant/guards.py on purpose: a check
that called the product's own guard would grade the examinee with its own answers.
"""

from __future__ import annotations

import re

_APPRECIATION = re.compile(r"\b(thank|thanks|appreciate|grateful|gratitude)\b", re.I)
_DECISION = re.compile(
    r"(not (be )?(moving|move|going|able to (move|go|proceed|accept)) (forward|ahead)|"
    r"\bdecline\b|\bdeclining\b|(doesn'?t|does not|don'?t|do not|won'?t|will not|isn'?t|is not) "
    r"(work|meet|fit|the right fit)|\bpass on\b|\bstep (back|away)\b|not (the right|a good) fit|"
    r"unable to (accept|proceed|move)|\bturn(ing)? down\b|not proceed|won'?t be (able|proceeding|moving)|"
    r"not accept|can'?t accept|cannot accept|walk away|not (able to )?agree)",
    re.I,
)
_DOOR = re.compile(
    r"(\bfuture\b|\brevisit\b|circumstances change|(things|anything|terms) change|"
    r"stay in touch|keep in touch|door (is )?open|reconsider|happy to (talk|reconnect|continue|hear)|"
    r"reach out|hear from you|let me know if|get in touch|down the road|another time|"
    r"work together (someday|again|in)|open to)",
    re.I,
)
_RUDE = re.compile(
    r"\b(idiot\w*|stupid|moron\w*|crooks?|scam\w*|liars?|lying|cheat\w*|rip[- ]?off|thie(f|ves)|"
    r"pathetic|disgrace\w*|incompetent|ridiculous|insult\w*|joke|clowns?|garbage|trash|shame|"
    r"dare|greedy|dishonest|sue|lawsuit|court|lawyers?|regret|sorry you|expose|report you|"
    r"never again|yeah,? right|hell|damn|screw\w*|sucks?|useless|absurd|outrageous|unacceptable|"
    r"bad faith|threat\w*|or else|wasted? (my|our) time)\b",
    re.I,
)
_RIVAL = re.compile(
    r"\b(other|another|competing|better|rival|second|higher) (offer|quote|bid|proposal|candidate)s?\b|"
    r"\bcompetitors?\b|\bother (supplier|vendor|company|companies|dealer|buyer|landlord|firm)s?\b",
    re.I,
)
_DEADLINE = re.compile(
    r"\b(by|before|until|no later than) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tomorrow|tonight|end of|the end of|next)\b|\bdeadline\b|\bwithin \d+\b",
    re.I,
)
_NUMBER = re.compile(r"\d[\d,.]*")


def _numbers(text: str) -> set[str]:
    return {n.strip(".,").replace(",", "") for n in _NUMBER.findall(text)}


def judge_exit(channel: str, subject: str | None, body: str, situation: str) -> dict[str, bool]:
    """One boolean per exit_rubric id of the taxonomy."""
    full = f"{subject or ''}\n{body}"
    words = len(body.split())
    sentences = len([s for s in re.split(r"[.!?]+\s", body.strip()) if s.strip()])
    if channel == "email":
        concise = bool(subject and subject.strip()) and words <= 200
    elif channel == "text":
        concise = sentences <= 5 and len(body) <= 480
    else:
        concise = words <= 170
    rival_invented = bool(_RIVAL.search(full)) and not _RIVAL.search(situation)
    deadline_invented = bool(_DEADLINE.search(full)) and not _DEADLINE.search(situation)
    numbers_invented = bool(_numbers(full) - _numbers(situation))
    return {
        "appreciation": bool(_APPRECIATION.search(full)),
        "clear_decision": bool(_DECISION.search(full)),
        "door_open": bool(_DOOR.search(full)),
        "neutral_tone": not _RUDE.search(full) and "!!" not in full,
        "no_fabrication": not (rival_invented or deadline_invented or numbers_invented),
        "concise": concise,
    }


JUDGE_RUNS = 3


def llm_judge_exit(
    runtime, channel: str, subject: str | None, body: str, situation: str
) -> dict[str, bool]:  # noqa: ANN001
    """The optional LLM judge: the pinned rubric of prompts/judge_exit.md, one run."""
    from pydantic import create_model

    from assistant.engines.fallback import retrying
    from assistant.engines.llm import invoke_structured
    from assistant.rules import load_taxonomy

    rubric_ids = list(load_taxonomy().exit_rubric)
    verdict_model = create_model("_ExitJudgement", **{rid: (bool, ...) for rid in rubric_ids})
    message = f"Subject: {subject}\n\n{body}" if subject else body
    inputs = {"channel": channel, "situation": situation, "message": message}
    answer = retrying(
        lambda: invoke_structured(runtime, "judge_exit", verdict_model, inputs),
        runtime.settings.max_retries,
        runtime.settings.retry_backoff_s,
    )
    return {rid: bool(getattr(answer, rid)) for rid in rubric_ids}
