"""Chat about one deal: facts collected as they come up, answers grounded in the rules,
everything saved locally so the deal can be resumed, exported as a memo, or deleted."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import BaseModel

from assistant.critique import critique
from assistant.deals import Deal, DealStore
from assistant.errors import InputError
from assistant.facts import parse_facts
from assistant.render import VERDICT_LABEL
from assistant.runtime import Runtime
from assistant.schemas import Critique, DealFacts, ExitRequest
from assistant.textinput import read_user_text

MAX_MESSAGE_CHARS = 20_000


class ChatReply(BaseModel):
    deal_id: str
    answer: str
    critique: Critique
    engine: str


def merge_facts(current: DealFacts, message: str) -> DealFacts:
    """Numbers the new message states replace the old ones; the rest is kept."""
    found = parse_facts(message)
    updates = {
        name: getattr(found, name)
        for name in ("minimum", "maximum", "target", "offer", "currency", "deadline")
        if getattr(found, name) is not None
    }
    return current.model_copy(update=updates | {"notes": found.notes})


def deal_text(deal: Deal) -> str:
    """Everything the user said about the deal, the evidence for the critique."""
    return "\n".join(m.content for m in deal.messages if m.role == "user")


def offline_answer(runtime: Runtime, question: str, result: Critique) -> str:
    from assistant.critique import VERDICT_WORDS

    word = VERDICT_WORDS[result.verdict]
    summary = result.summary.removeprefix(f"{word}.").strip()
    lines = [f"**{word}** (confidence {result.confidence:.0%}). {summary}"]
    if result.findings:
        lines.append("")
        lines += [
            f"- {runtime.rulebook.get(f.rule_id).title} [{f.rule_id}]: “{f.evidence}”"
            for f in result.findings
        ]
    lines.append("")
    lines += [f"{i}. {step}" for i, step in enumerate(result.next_steps[:3], 1)]
    try:
        hit = next(iter(runtime.get_retriever().search(question, k=1)), None)
    except Exception:  # the store is optional for an answer
        hit = None
    if hit and hit.rule_ids and hit.score > 0.3:
        lines.append(f"\nFrom the playbook [{hit.rule_ids[0]}]: {hit.text.splitlines()[0][:300]}")
    for notice in result.notices:
        lines.append(f"\n_Note: {notice}_")
    return "\n".join(lines)


def chat_stream(
    runtime: Runtime,
    deals: DealStore,
    deal_id: str,
    message: str | bytes,
    engine: str | None = None,
) -> Iterator[str]:
    """Yield the answer in pieces; the user's message is saved first, the answer last."""
    text = read_user_text(message, limit=MAX_MESSAGE_CHARS).strip()
    if not text:
        raise InputError("Type a message about the deal first.")
    deals.add_message(deal_id, "user", text)
    deal = deals.get(deal_id)
    facts = merge_facts(deal.facts, text)
    deals.save_facts(deal_id, facts)
    numbers = {k: getattr(facts, k) for k in ("minimum", "maximum", "target", "offer")}
    result = critique(runtime, deal_text(deal), engine=engine, currency=facts.currency, **numbers)
    deals.save_critique(deal_id, result)
    pieces: list[str] = []
    answered = "offline"
    if runtime.engine_for(engine) == "llm":
        from assistant.engines.llm import LLMUnavailable, stream_answer

        context = "\n".join(f"[{c.rule_id}] {c.title}: {c.quote}" for c in result.citations)
        inputs = {
            "context": context,
            "facts": json.dumps(facts.model_dump(exclude={"notes"}, exclude_none=True)),
            "verdict": f"{result.verdict}: {result.summary}",
            "question": text,
        }
        try:
            for piece in stream_answer(runtime, inputs):
                pieces.append(piece)
                yield piece
            answered = "llm"
        except LLMUnavailable as error:
            note = (
                f"\n\n_The LLM engine stopped answering ({error}); the offline engine answers:_\n\n"
            )
            pieces.append(note)
            yield note
    if answered == "offline":
        answer = offline_answer(runtime, text, result)
        pieces.append(answer)
        yield answer
    deals.add_message(deal_id, "assistant", "".join(pieces), engine=answered)


def chat_turn(
    runtime: Runtime,
    deals: DealStore,
    deal_id: str,
    message: str | bytes,
    engine: str | None = None,
) -> ChatReply:
    answer = "".join(chat_stream(runtime, deals, deal_id, message, engine))
    deal = deals.get(deal_id)
    assert deal.critique is not None
    return ChatReply(
        deal_id=deal_id,
        answer=answer,
        critique=deal.critique,
        engine=deal.messages[-1].engine or "offline",
    )


def memo(runtime: Runtime, deal: Deal) -> str:
    """A one-page walk-away memo in Markdown: facts, findings, verdict, a draft."""
    from assistant.exits import draft_exit

    lines = [
        f"# Walk-away memo: {deal.title}",
        "",
        f"_Updated {deal.updated}. Prepared by Walkaway; nothing here was sent anywhere._",
        "",
    ]
    facts = deal.facts
    lines += ["## The deal", "", "| | |", "| --- | --- |"]
    for label, value in (
        ("Your walk-away point", facts.minimum if facts.minimum is not None else facts.maximum),
        ("Your target", facts.target), ("Their offer", facts.offer),
        ("Currency", facts.currency), ("Deadline", facts.deadline),
    ):  # fmt: skip
        shown = f"{value:,.0f}" if isinstance(value, float) else (value or "not given")
        lines.append(f"| {label} | {shown} |")
    result = deal.critique
    if result is None:
        lines += ["", "No critique yet: describe the deal in the chat first."]
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"## Verdict: {VERDICT_LABEL[result.verdict]} ({result.confidence:.0%})",
        "",
        result.summary,
        "",
    ]
    lines += ["## Findings", ""]
    for finding in result.findings:
        rule = runtime.rulebook.get(finding.rule_id)
        lines.append(
            f"- **{rule.title}** [{rule.id}]: “{finding.evidence}”  \n  Source ({rule.section}): “{rule.quotes[0]}”"
        )
    if not result.findings:
        lines.append("- No warning sign found.")
    lines += ["", "## Next steps", ""] + [f"{i}. {s}" for i, s in enumerate(result.next_steps, 1)]
    if result.verdict in ("walk_away", "pause"):
        try:
            draft = deal.draft or draft_exit(
                runtime, ExitRequest(situation=deal_text(deal)[:4000] or deal.title, channel="email", tone="warm"),
                engine="offline",
            ).drafts[0].text  # fmt: skip
            lines += ["", "## A draft exit email", "", "```text", draft, "```"]
        except InputError:
            pass
    return "\n".join(lines) + "\n"
