"""The LLM engine: LangChain runnables over any OpenAI-compatible chat model.

Each call is retriever → prompt (prompts/) → chat model → structured output, retried
on 429, 5xx, connection errors and time-outs with exponential backoff. When the
model still fails, LLMUnavailable is raised and the caller answers offline with a
notice. Whatever the model returns is data for code: the guards check it and the
policy decides.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.errors import WalkawayError
from assistant.privacy import mask_secrets
from assistant.prompts import checked_inputs, load_prompt
from assistant.runtime import Runtime
from assistant.schemas import Coaching, Critique, DealFacts, ExitRequest, Finding

log = logging.getLogger(__name__)


class LLMUnavailable(WalkawayError):
    """The model did not give a usable answer after retries."""


def make_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI for OpenAI or any compatible server; retries are ours, not the client's."""
    from langchain_openai import ChatOpenAI

    if not settings.has_llm:
        raise LLMUnavailable("no API key or base URL is configured")
    return ChatOpenAI(
        model=settings.model,
        api_key=settings.api_key or "not-needed",  # local servers accept any key
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=0,
        temperature=0.2,
    )


def _transient_errors() -> tuple[type[BaseException], ...]:
    import openai

    return (
        openai.RateLimitError,
        openai.APITimeoutError,
        openai.APIConnectionError,
        openai.InternalServerError,
        TimeoutError,
    )


def _with_retry(runtime: Runtime, runnable: Runnable) -> Runnable:
    backoff = runtime.settings.retry_backoff_s
    return runnable.with_retry(
        retry_if_exception_type=_transient_errors(),
        stop_after_attempt=1 + max(0, runtime.settings.max_retries),
        wait_exponential_jitter=backoff > 0,
        exponential_jitter_params={
            "initial": backoff,
            "max": 10 * max(backoff, 0.1),
            "jitter": backoff / 2,
        },
    )


# The inputs that carry the user's words (the rest is rulebook text and settings).
_PRIVATE_INPUTS = {
    "text",
    "situation",
    "question",
    "reply",
    "counterparty",
    "facts",
    "findings",
    "history",
}


def _invoke(runtime: Runtime, name: str, schema: type[BaseModel], inputs: dict[str, Any]) -> Any:
    """prompt → model → structured output, with retries; errors become LLMUnavailable."""
    if runtime.settings.redact:
        from assistant.redaction import Redactor

        redactor = Redactor()
        masked = {
            k: redactor.mask(v) if k in _PRIVATE_INPUTS and isinstance(v, str) else v
            for k, v in inputs.items()
        }
        answer = _invoke_raw(runtime, name, schema, masked)
        return schema.model_validate(redactor.unmask(answer.model_dump()))
    return _invoke_raw(runtime, name, schema, inputs)


def invoke_structured(
    runtime: Runtime, name: str, schema: type[BaseModel], inputs: dict[str, Any]
) -> Any:
    """A prompt file run through the chat model into a schema (used by the eval's LLM judge)."""
    return _invoke(runtime, name, schema, inputs)


def _invoke_raw(
    runtime: Runtime, name: str, schema: type[BaseModel], inputs: dict[str, Any]
) -> Any:
    prompt = load_prompt(name)
    model = runtime.get_chat_model()
    chain = prompt | model.with_structured_output(schema, method="function_calling")
    try:
        result = _with_retry(runtime, chain).invoke(checked_inputs(name, inputs))
    except LLMUnavailable:
        raise
    except Exception as error:  # every provider failure ends in the offline engine
        reason = mask_secrets(f"{type(error).__name__}: {error}", runtime.settings.key_value())
        log.warning("LLM call %s failed: %s", name, reason)
        raise LLMUnavailable(_short(error)) from None
    if result is None:
        raise LLMUnavailable("the model returned no structured answer")
    return result if isinstance(result, schema) else schema.model_validate(result)


def _short(error: Exception) -> str:
    import openai

    if isinstance(error, openai.RateLimitError):
        return "the provider is rate-limiting (429)"
    if isinstance(error, openai.APITimeoutError | TimeoutError):
        return "the provider timed out"
    if isinstance(error, openai.APIConnectionError):
        return "the provider could not be reached"
    if isinstance(error, openai.APIStatusError):
        return f"the provider answered with an error ({error.status_code})"
    return "the model's answer did not fit the expected format"


def _context(runtime: Runtime, query: str, kinds: list[str] | None = None, k: int = 6) -> str:
    try:
        hits = runtime.get_retriever().search(query, k=k, kinds=kinds)
    except Exception as error:  # a store that went away costs the context, not the answer
        log.warning("retrieval failed, answering without context: %s", type(error).__name__)
        hits = []
    return "\n".join(
        f"[{', '.join(h.rule_ids) or 'source'}] {h.section}: {h.text[:400]}" for h in hits
    )


# ------------------------------------------------------------------ critique
class _ExtractedFinding(BaseModel):
    signal: str = Field(description="One of the signal ids listed.")
    evidence: str = Field(description="A verbatim quote from the deal text.")
    explanation: str = Field(description="One sentence: why this quote shows the signal.")


class _Extraction(BaseModel):
    findings: list[_ExtractedFinding] = Field(default_factory=list)


def extract_findings(runtime: Runtime, text: str, facts: DealFacts) -> list[Finding]:
    signals = runtime.rulebook.signals
    signal_list = "\n".join(f"- {rule.id}: {rule.title}. {rule.quotes[0]}" for rule in signals)
    extraction = _invoke(
        runtime,
        "extract",
        _Extraction,
        {
            "signal_list": signal_list,
            "context": _context(runtime, text, kinds=["signal"]),
            "text": text,
        },
    )
    known = {rule.id for rule in signals}
    return [
        Finding(signal=item.signal, evidence=item.evidence, rule_id=item.signal,  # type: ignore[arg-type]
                explanation=item.explanation[:400], score=0.9)
        for item in extraction.findings
        if item.signal in known
    ]  # fmt: skip


class _Narration(BaseModel):
    summary: str
    next_steps: list[str] = Field(default_factory=list)


def phrase_critique(runtime: Runtime, text: str, critique: Critique) -> Critique:
    """Let the model phrase the summary and steps; the verdict and findings stay as decided."""
    findings = "\n".join(f"- {f.signal}: “{f.evidence}”" for f in critique.findings) or "- none"
    try:
        narration = _invoke(
            runtime,
            "narrate",
            _Narration,
            {"verdict": critique.verdict, "reason": critique.summary, "findings": findings,
             "context": "\n".join(f"[{c.rule_id}] {c.quote}" for c in critique.citations), "text": text},
        )  # fmt: skip
    except LLMUnavailable as error:
        return critique.model_copy(
            update={
                "notices": [*critique.notices, f"Phrasing fell back to the rulebook ({error})."]
            }
        )
    from assistant.critique import VERDICT_WORDS
    from assistant.guards import HOSTILE, contradicts_verdict

    def acceptable(line: str) -> bool:
        return (
            bool(line.strip())
            and not HOSTILE.search(line)
            and not contradicts_verdict(line, critique.verdict)
        )

    steps = [step.strip() for step in narration.next_steps if acceptable(step)][:4]
    summary = narration.summary.strip()
    if not acceptable(summary):
        return critique
    summary = f"{VERDICT_WORDS[critique.verdict]}. {summary[:800]}"
    return critique.model_copy(
        update={"summary": summary, "next_steps": steps or critique.next_steps}
    )


# ---------------------------------------------------------------------- exit
class _Draft(BaseModel):
    subject: str | None = None
    body: str


class _Drafts(BaseModel):
    drafts: list[_Draft] = Field(default_factory=list)


def llm_exit_bodies(
    runtime: Runtime, request: ExitRequest, name: str | None
) -> list[tuple[str | None, str]]:
    phrases = "\n".join(f"- {rule.quotes[0]}" for rule in runtime.rulebook.of_kind("exit_phrase"))
    result = _invoke(
        runtime,
        "exit",
        _Drafts,
        {"phrases": phrases, "channel": request.channel, "tone": request.tone,
         "counterparty": name or "(no name given)", "variants": request.variants,
         "situation": request.situation},
    )  # fmt: skip
    return [
        (draft.subject if request.channel == "email" else None, draft.body.strip())
        for draft in result.drafts
        if draft.body.strip()
    ]


# --------------------------------------------------------------------- coach
class _Coaching(BaseModel):
    failed: list[str] = Field(default_factory=list)
    feedback: list[str] = Field(default_factory=list)
    better_reply: str = ""


def llm_coach(runtime: Runtime, tactic: str, counterparty: str, reply: str) -> Coaching:
    from assistant.rules import load_taxonomy

    rubric = load_taxonomy().rehearsal_rubric
    result = _invoke(
        runtime,
        "coach",
        _Coaching,
        {"tactic": tactic, "rubric": "\n".join(f"- {k}: {v}" for k, v in rubric.items()),
         "counterparty": counterparty, "reply": reply},
    )  # fmt: skip
    failed = [item for item in dict.fromkeys(result.failed) if item in rubric]
    rule_ids = sorted(
        {rule for item in failed for rule in runtime.rulebook.rubric_rules("rehearsal", item)}
    )
    from assistant.rehearsal import BETTER_REPLIES

    return Coaching(
        good=not failed,
        failed=failed,  # type: ignore[arg-type]
        feedback=[line for line in result.feedback if line.strip()][:5] or ["Good reply."],
        rule_ids=rule_ids or ["strategic_confident_polite"],
        better_reply=result.better_reply.strip() or BETTER_REPLIES[tactic],
        engine="llm",
    )


def counterparty_reply(runtime: Runtime, brief: str, tactic: str, history: str) -> str:
    """The counterparty's next line (it sees only its scenario, its tactic and the dialogue)."""
    prompt = load_prompt("counterparty")
    chain = prompt | runtime.get_chat_model() | RunnableLambda(lambda message: message.content)
    try:
        line = _with_retry(runtime, chain).invoke(
            checked_inputs("counterparty", {"brief": brief, "tactic": tactic, "history": history})
        )
    except Exception as error:
        raise LLMUnavailable(_short(error)) from None
    return str(line).strip()[:600]


def stream_answer(runtime: Runtime, inputs: dict[str, Any]) -> Iterator[str]:
    """Stream a chat answer token by token (prompts/chat.md)."""
    chain = load_prompt("chat") | runtime.get_chat_model()
    try:
        for chunk in chain.stream(checked_inputs("chat", inputs)):
            if chunk.content:
                yield str(chunk.content)
    except Exception as error:
        raise LLMUnavailable(_short(error)) from None
