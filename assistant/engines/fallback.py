"""The one wrapper between a task and its engine: retries when a failure is transient,
the offline engine when the chosen one still fails, and the notice that says so.

Every method answers with `Answered`: the value, the engine that gave it, and the notice
when that is not the engine the user chose.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from assistant.engines.protocol import DraftText, Engine, EngineUnavailable, Phrasing
from assistant.schemas import (
    Coaching,
    Critique,
    DealFacts,
    EngineName,
    ExitRequest,
    Notice,
    NoticeCode,
    Reading,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Answered(Generic[T]):
    value: T
    engine: EngineName
    notice: Notice | None = None


def retrying(
    call: Callable[[], T],
    retries: int,
    backoff_s: float,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """call(), tried again up to `retries` times while it fails transiently, with
    exponential backoff and jitter between tries."""
    for attempt in range(max(0, retries) + 1):
        try:
            return call()
        except EngineUnavailable as error:
            if not error.transient or attempt >= retries:
                raise
            if backoff_s > 0:
                sleep(backoff_s * 2**attempt * (1 + random.random() / 2))
    raise AssertionError("unreachable: the last attempt returns or raises")


# What the user is told, per step, when the chosen engine did not answer. Rehearsal lines
# say nothing: the scripted line simply plays.
_NOTICES: dict[str, tuple[NoticeCode, str]] = {
    "extract": ("engine_fallback", "The {label} did not answer ({error}); the offline engine answered instead."),
    "phrase": ("phrasing_fallback", "Phrasing fell back to the rulebook ({error})."),
    "draft": ("engine_fallback", "The {label} did not answer ({error}); the offline engine drafted instead."),
    "coach": ("engine_fallback", "The {label} did not answer ({error}); the offline coach scored this reply."),
    "answer": ("engine_fallback", "The {label} stopped answering ({error}); the offline engine answers:"),
}  # fmt: skip


class WithFallback:
    """`primary` with retries, and `fallback` (the offline engine) behind it."""

    def __init__(
        self,
        primary: Engine,
        fallback: Engine,
        *,
        retries: int = 0,
        backoff_s: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self._retries = retries
        self._backoff_s = backoff_s
        self._sleep = sleep

    @property
    def name(self) -> EngineName:
        return self.primary.name

    def _notice(self, step: str, error: EngineUnavailable) -> Notice | None:
        if step not in _NOTICES:
            return None
        code, template = _NOTICES[step]
        return Notice(code=code, text=template.format(label=self.primary.label, error=error))

    def _run(self, step: str, call: Callable[[Engine], T]) -> Answered[T]:
        if self.primary is self.fallback:
            return Answered(call(self.primary), self.primary.name)
        try:
            value = retrying(
                lambda: call(self.primary), self._retries, self._backoff_s, self._sleep
            )
            return Answered(value, self.primary.name)
        except EngineUnavailable as error:
            return Answered(call(self.fallback), self.fallback.name, self._notice(step, error))

    def extract(self, text: str, facts: DealFacts) -> Answered[Reading]:
        return self._run("extract", lambda engine: engine.extract(text, facts))

    def phrase(self, text: str, critique: Critique) -> Answered[Phrasing | None]:
        return self._run("phrase", lambda engine: engine.phrase(text, critique))

    def draft(
        self, request: ExitRequest, counterparty: str | None, sender: str | None
    ) -> Answered[list[DraftText]]:
        return self._run("draft", lambda engine: engine.draft(request, counterparty, sender))

    def coach(self, tactic: str, counterparty: str, reply: str) -> Answered[Coaching]:
        return self._run("coach", lambda engine: engine.coach(tactic, counterparty, reply))

    def play_counterparty(
        self, brief: str, tactic: str, history: str, scripted: str
    ) -> Answered[str]:
        return self._run(
            "counterparty",
            lambda engine: engine.play_counterparty(brief, tactic, history, scripted),
        )

    def answer(self, question: str, critique: Critique, facts: DealFacts) -> AnswerStream:
        return AnswerStream(self, question, critique, facts)


class AnswerStream:
    """A chat answer in pieces. A failure before the first piece is retried like any call;
    a failure midway keeps what was said, then the offline engine answers after a notice.
    `engine` and `notice` are final once the stream is exhausted."""

    def __init__(
        self, wrapper: WithFallback, question: str, critique: Critique, facts: DealFacts
    ) -> None:
        self._wrapper = wrapper
        self._args = (question, critique, facts)
        self.engine: EngineName = wrapper.primary.name
        self.notice: Notice | None = None

    @property
    def from_a_model(self) -> bool:
        """The words now arriving are a model's, not the offline engine's own."""
        return self._wrapper.primary is not self._wrapper.fallback and self.notice is None

    def __iter__(self) -> Iterator[str]:
        wrapper = self._wrapper
        if wrapper.primary is wrapper.fallback:
            yield from wrapper.primary.answer(*self._args)
            return

        def first_piece() -> tuple[str | None, Iterator[str]]:
            pieces = iter(wrapper.primary.answer(*self._args))
            return next(pieces, None), pieces

        try:
            # Until the first piece nothing was said: retried like any call.
            first, rest = retrying(
                first_piece, wrapper._retries, wrapper._backoff_s, wrapper._sleep
            )
            if first is not None:
                yield first
            yield from rest
            return
        except EngineUnavailable as error:  # before the first piece, or midway
            failure = error
        self.engine = wrapper.fallback.name
        self.notice = wrapper._notice("answer", failure)
        yield from wrapper.fallback.answer(*self._args)
