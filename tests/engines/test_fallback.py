"""The one wrapper between a task and its engine: retries, fallback and the notice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.engines.fallback import WithFallback, retrying
from assistant.engines.protocol import DraftText, EngineUnavailable, Phrasing
from assistant.schemas import Coaching, Critique, DealFacts, ExitRequest, Reading

FACTS = DealFacts()


class ScriptedEngine:
    """An engine whose every step fails `failures` times (transiently or not), then answers."""

    label = "scripted engine"

    def __init__(self, name: str = "llm", failures: int = 0, transient: bool = True) -> None:
        self.name = name
        self.failures = failures
        self.transient = transient
        self.calls = 0

    def _step(self) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise EngineUnavailable(f"failure {self.calls}", transient=self.transient)

    def extract(self, text: str, facts: DealFacts) -> Reading:
        self._step()
        return Reading()

    def phrase(self, text: str, critique: Critique) -> Phrasing | None:
        self._step()
        return Phrasing(summary=f"{self.name} words")

    def draft(self, request: ExitRequest, counterparty, sender) -> list[DraftText]:  # noqa: ANN001
        self._step()
        return [DraftText(body=f"{self.name} draft")]

    def coach(self, tactic: str, counterparty: str, reply: str) -> Coaching:
        self._step()
        return Coaching(
            good=True, failed=[], feedback=[], rule_ids=[], better_reply="", engine="offline"
        )

    def play_counterparty(self, brief: str, tactic: str, history: str, scripted: str) -> str:
        self._step()
        return f"{self.name} line"

    def answer(self, question: str, critique: Critique, facts: DealFacts) -> Iterator[str]:
        self._step()
        yield f"{self.name} answers. "
        yield "Done."


class BreaksMidway(ScriptedEngine):
    def answer(self, question: str, critique: Critique, facts: DealFacts) -> Iterator[str]:
        self.calls += 1
        yield "First part. "
        raise EngineUnavailable("the provider timed out", transient=True)


def wrapped(primary, retries: int = 2, sleeps: list[float] | None = None) -> WithFallback:
    recorded = sleeps if sleeps is not None else []
    return WithFallback(
        primary,
        ScriptedEngine(name="offline"),
        retries=retries,
        backoff_s=1.0,
        sleep=recorded.append,
    )


def test_a_transient_failure_is_retried_and_then_answered_by_the_chosen_engine():
    primary = ScriptedEngine(failures=2)
    answered = wrapped(primary).phrase("deal", None)  # type: ignore[arg-type]
    assert answered.engine == "llm" and answered.notice is None
    assert answered.value is not None and answered.value.summary == "llm words"
    assert primary.calls == 3


def test_waits_between_retries_grow_and_are_never_real_sleeps_in_tests():
    sleeps: list[float] = []
    wrapped(ScriptedEngine(failures=3), retries=3, sleeps=sleeps).extract("deal", FACTS)
    assert len(sleeps) == 3
    assert 1.0 <= sleeps[0] <= 1.5 and 2.0 <= sleeps[1] <= 3.0 and 4.0 <= sleeps[2] <= 6.0


def test_a_failure_that_is_not_transient_falls_back_at_once_with_a_notice():
    primary = ScriptedEngine(failures=1, transient=False)
    answered = wrapped(primary).draft(ExitRequest(situation="No."), None, None)
    assert primary.calls == 1
    assert answered.engine == "offline" and answered.value[0].body == "offline draft"
    assert answered.notice is not None and answered.notice.code == "engine_fallback"
    assert "scripted engine did not answer (failure 1)" in answered.notice.text


def test_when_retries_run_out_the_offline_engine_answers():
    primary = ScriptedEngine(failures=10)
    answered = wrapped(primary, retries=2).extract("deal", FACTS)
    assert primary.calls == 3 and answered.engine == "offline"
    assert answered.notice is not None and "offline engine answered instead" in answered.notice.text


def test_phrasing_that_fails_says_the_rulebook_wording_stands():
    answered = wrapped(ScriptedEngine(failures=9, transient=False)).phrase("d", None)  # type: ignore[arg-type]
    assert answered.notice is not None and answered.notice.code == "phrasing_fallback"


def test_a_counterparty_that_fails_plays_the_scripted_line_without_a_notice():
    answered = wrapped(ScriptedEngine(failures=9, transient=False)).play_counterparty(
        "brief", "false_urgency", "(start)", "scripted"
    )
    assert answered.value == "offline line" and answered.notice is None


def test_the_offline_engine_chosen_directly_is_asked_once_and_told_nothing():
    offline = ScriptedEngine(name="offline", failures=0)
    chooser = WithFallback(offline, offline, retries=5)
    answered = chooser.extract("deal", FACTS)
    assert offline.calls == 1 and answered.engine == "offline" and answered.notice is None


def test_a_stream_that_fails_before_its_first_piece_is_retried():
    primary = ScriptedEngine(failures=1)
    stream = wrapped(primary).answer("q", None, FACTS)  # type: ignore[arg-type]
    assert "".join(stream) == "llm answers. Done." and stream.engine == "llm"
    assert primary.calls == 2 and stream.notice is None


def test_a_stream_that_breaks_midway_keeps_what_was_said_and_the_offline_engine_goes_on():
    primary = BreaksMidway()
    stream = wrapped(primary).answer("q", None, FACTS)  # type: ignore[arg-type]
    pieces = list(stream)
    assert pieces[0] == "First part. " and "".join(pieces[1:]) == "offline answers. Done."
    assert primary.calls == 1  # what was said is not said twice
    assert stream.engine == "offline"
    assert stream.notice is not None and "stopped answering (the provider timed out)" in (
        stream.notice.text
    )


def test_retrying_returns_the_first_answer_and_raises_the_last_failure():
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 2:
            raise EngineUnavailable("busy", transient=True)
        return "ok"

    assert retrying(flaky, retries=3, backoff_s=0) == "ok" and len(attempts) == 2

    def broken() -> str:
        raise EngineUnavailable("down", transient=True)

    with pytest.raises(EngineUnavailable, match="down"):
        retrying(broken, retries=1, backoff_s=0)
