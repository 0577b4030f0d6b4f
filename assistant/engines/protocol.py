"""The engine seam: the model steps every engine implements, and how one says it failed.

An engine reads a deal, phrases a critique, drafts an exit, coaches a reply, plays the
counterparty and answers in chat. Everything else (the facts, the verdict, the guards,
the floors under a model's answers) is code the tasks share, whichever engine answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Protocol

from pydantic import AfterValidator, BaseModel, Field

from assistant.errors import WalkawayError
from assistant.schemas import Coaching, Critique, DealFacts, EngineName, ExitRequest, Reading


class EngineUnavailable(WalkawayError):
    """The engine gave no usable answer. `transient` failures (rate limits, time-outs,
    dropped connections, 5xx) are worth retrying; the others are not."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.transient = transient


def cut(limit: int) -> AfterValidator:
    """Applied when a model's answer is read: a string is cut at `limit` characters, a list
    at `limit` items. The prompts' schemas give the bounds, but a model may ignore them
    (4 x 1 MB of next steps): nothing longer goes on to the guard, the screen or the store."""
    return AfterValidator(lambda value: value[:limit])


Line = Annotated[str, cut(600)]


class Phrasing(BaseModel):
    """A model's wording of a decided critique: checked by the guard before it is used."""

    summary: Annotated[str, cut(1200)]
    next_steps: Annotated[list[Line], cut(6)] = Field(default_factory=list)


class DraftText(BaseModel):
    subject: Annotated[str, cut(200)] | None = None
    body: Annotated[str, cut(4000)]


class Engine(Protocol):
    """One implementation per way of answering (offline, any OpenAI-compatible model)."""

    name: EngineName  # the engine id results carry
    label: str  # how notices name it ("offline engine", "LLM engine")

    def extract(self, text: str, facts: DealFacts) -> Reading:
        """The signals the text shows, each quoted verbatim and tied to a known rule."""
        ...

    def phrase(self, text: str, critique: Critique) -> Phrasing | None:
        """Wording for a critique whose verdict is already decided; None keeps the rulebook's."""
        ...

    def draft(
        self, request: ExitRequest, counterparty: str | None, sender: str | None
    ) -> list[DraftText]:
        """Exit message candidates, best first; the task guards them and keeps what passes."""
        ...

    def coach(self, tactic: str, counterparty: str, reply: str) -> Coaching:
        """The rehearsal coach's reading of one reply (it never sees the counterparty's brief)."""
        ...

    def play_counterparty(self, brief: str, tactic: str, history: str, scripted: str) -> str:
        """The counterparty's next line; `scripted` is the line the rehearsal's script has."""
        ...

    def answer(self, question: str, critique: Critique, facts: DealFacts) -> Iterator[str]:
        """A chat answer about the deal, in pieces, grounded in the critique's rules."""
        ...
