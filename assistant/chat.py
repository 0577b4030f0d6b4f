"""Chat about one deal: facts collected as they come up, answers grounded in the rules,
everything saved locally so the deal can be resumed, exported as a memo, or deleted."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from assistant.critique import critique
from assistant.deals import Deal, DealStore
from assistant.engines import select_engine
from assistant.engines.fallback import AnswerStream
from assistant.engines.protocol import Engine
from assistant.errors import InputError
from assistant.facts import AmountReader, parse_facts
from assistant.guards import guard_stream
from assistant.intents import is_evidence, read_intent
from assistant.render import VERDICT_LABEL
from assistant.runtime import Runtime
from assistant.schemas import Critique, DealFacts, ExitRequest
from assistant.stance import learned_stance
from assistant.textinput import read_user_text

MAX_MESSAGE_CHARS = 20_000


class ChatReply(BaseModel):
    deal_id: str
    answer: str
    critique: Critique
    engine: str


def merge_facts(current: DealFacts, message: str, reader: AmountReader | None = None) -> DealFacts:
    """Numbers the new message states replace the old ones; the rest is kept."""
    found = parse_facts(message, reader=reader)
    updates = {
        name: getattr(found, name)
        for name in ("minimum", "maximum", "target", "offer", "currency", "deadline")
        if getattr(found, name) is not None
    }
    earlier = current.earlier_offers
    if current.offer is not None and updates.get("offer", current.offer) != current.offer:
        earlier = [*earlier, current.offer]  # the timeline of their offers
    return current.model_copy(update=updates | {"notes": found.notes, "earlier_offers": earlier})


def deal_text(deal: Deal) -> str:
    """Everything the user said about the deal, the evidence for the critique (a what-if's
    number is a question, not the offer)."""
    return "\n".join(
        m.content for m in deal.messages if m.role == "user" and is_evidence(m.content)
    )


def critique_deal(runtime: Runtime, deal: Deal, engine: str | Engine | None = None) -> Critique:
    """The deal's critique from everything the user said and the sheet's numbers; the
    alternatives typed in the sheet join the leverage the text showed, and their earlier
    offers stay with the facts (the timeline the panel shows)."""
    facts = deal.facts
    numbers = {k: getattr(facts, k) for k in ("minimum", "maximum", "target", "offer")}
    result = critique(runtime, deal_text(deal), engine=engine, currency=facts.currency, **numbers)
    known = result.leverage.alternatives
    extra = [a for a in facts.alternatives if a not in known]
    leverage = result.leverage.model_copy(update={"alternatives": known + extra})
    timeline = result.facts.model_copy(update={"earlier_offers": facts.earlier_offers})
    return result.model_copy(update={"leverage": leverage, "facts": timeline})


def chat_stream(
    runtime: Runtime,
    deals: DealStore,
    deal_id: str,
    message: str | bytes,
    engine: str | Engine | None = None,
) -> Iterator[str]:
    """Yield the answer in pieces; the user's message is saved first, the answer last."""
    text = read_user_text(message, limit=MAX_MESSAGE_CHARS).strip()
    if not text:
        raise InputError("Type a message about the deal first.")
    intent = read_intent(text)
    deals.add_message(deal_id, "user", text)
    deals.title_from_first_message(deal_id, text)
    deal = deals.get(deal_id)
    before = deal.facts
    facts = merge_facts(before, text, runtime.get_tagger()) if is_evidence(text) else before
    deals.save_facts(deal_id, facts)
    numbers = {k: getattr(facts, k) for k in ("minimum", "maximum", "target", "offer")}
    result = critique_deal(runtime, deal.model_copy(update={"facts": facts}), engine)
    deals.save_critique(deal_id, result)
    if intent.kind == "draft":
        yield from _draft_in_chat(runtime, deals, deal_id, deal_text(deal) or text, engine)
        return
    answered = result
    pieces: list[str] = []
    if intent.kind == "what_if":
        # The verdict for their number, the deal left as it is.
        answered = critique(runtime, deal_text(deal), engine=engine, currency=facts.currency,
                            **(numbers | {"offer": intent.amount}))  # fmt: skip
    elif before.offer is not None and facts.offer is not None and facts.offer != before.offer:
        pieces.append(
            f"Noted: their offer is now {facts.offer:,.0f} (it was {before.offer:,.0f}).\n\n"
        )
        yield pieces[-1]
    # narrate, then guard: the answer streams a checked sentence at a time
    stream = select_engine(runtime, engine).answer(text, answered, facts)
    secrets = [runtime.settings.key_value()]
    learned = learned_stance(runtime.get_heads_tagger())
    limits = [v for v in (facts.minimum, facts.maximum, facts.target) if v is not None]

    def private() -> list[float]:  # the offline engine's own notices may name a limit
        return limits if stream.from_a_model else []

    def offline_answer() -> Iterator[str]:
        return runtime.offline.answer(text, answered, facts)

    guarded = guard_stream(
        _with_notice(stream), answered.verdict, secrets, learned, private, offline_answer
    )
    for piece in guarded:
        pieces.append(piece)
        yield piece
    deals.add_message(deal_id, "assistant", "".join(pieces), engine=stream.engine)


def _draft_in_chat(
    runtime: Runtime, deals: DealStore, deal_id: str, situation: str, engine: str | Engine | None
) -> Iterator[str]:
    """An exit draft from the deal as told so far, checked like any draft, kept with it."""
    from assistant.exits import draft_exit

    drafted = draft_exit(runtime, ExitRequest(situation=situation[:5000], channel="email"), engine)
    draft = drafted.drafts[0]
    text = "\n\n".join(
        part
        for part in (
            "Here is a draft (nothing is sent; copy it if it works for you):",
            f"Subject: {draft.subject}" if draft.subject else "",
            draft.body,
        )
        if part
    )
    deals.save_draft(deal_id, draft.body)
    deals.add_message(deal_id, "assistant", text, engine=draft.engine)
    yield text


def _with_notice(stream: AnswerStream) -> Iterator[str]:
    """The answer's pieces, with the fallback notice set where the engines changed hands."""
    told = False
    for piece in stream:
        if stream.notice is not None and not told:
            told = True
            yield f"\n\n_{stream.notice.text}_\n\n"
        yield piece


def chat_turn(
    runtime: Runtime,
    deals: DealStore,
    deal_id: str,
    message: str | bytes,
    engine: str | Engine | None = None,
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
