"""The plugin's operations: validated inputs over the task functions, shared by the MCP
server and the LangChain tools so both expose exactly the same thing."""

from __future__ import annotations

import threading
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.critique import critique
from assistant.engines.protocol import Engine
from assistant.errors import InputError
from assistant.exits import draft_exit
from assistant.languages import Language
from assistant.rehearsal import RehearsalSession
from assistant.runtime import Runtime
from assistant.scenarios import SCENARIOS, TACTICS
from assistant.schemas import ExitRequest

Tactic = Literal[tuple(TACTICS)]  # type: ignore[valid-type]
ScenarioId = Literal[tuple([*SCENARIOS, "custom"])]  # type: ignore[valid-type]
# A finite amount of zero or more: NaN and infinity are refused as such, before the bounds.
Amount = Annotated[float | None, Field(default=None, ge=0, le=1e12, allow_inf_nan=False)]
MAX_SESSIONS = 200


class _ToolInput(BaseModel):
    """A tool's input as a model sends it: unknown arguments and strings for numbers are
    refused, not dropped or coerced (a misspelt `minimun` must not silently vanish)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class SearchInput(_ToolInput):
    query: str = Field(min_length=1, max_length=500, description="What to look for, in your words.")
    k: int = Field(5, ge=1, le=10)


class RuleInput(_ToolInput):
    rule_id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z_]+$")


class CritiqueInput(_ToolInput):
    text: str = Field(
        min_length=1,
        max_length=50_000,
        description="The deal in the user's words, or the other side's message.",
    )
    minimum: Amount = Field(None, ge=0, le=1e12, description="The least the user will accept.")
    maximum: Amount = Field(None, ge=0, le=1e12, description="The most the user will pay.")
    target: Amount = Field(None, ge=0, le=1e12)
    offer: Amount = Field(None, ge=0, le=1e12, description="What the other side offers or asks.")
    currency: str | None = Field(None, max_length=8)


class ExitInput(_ToolInput):
    situation: str = Field(min_length=1, max_length=5000)
    counterparty: str | None = Field(None, max_length=120)
    channel: Literal["email", "text", "phone"] = "email"
    tone: Literal["warm", "firm", "formal"] = "warm"
    variants: int = Field(1, ge=1, le=3)
    language: Language | None = None


class StartRehearsalInput(_ToolInput):
    scenario: ScenarioId = "car_dealer"  # type: ignore[valid-type]
    tactic: Tactic = "false_urgency"  # type: ignore[valid-type]
    brief: str | None = Field(
        None, max_length=500, description="The custom scenario, in a sentence."
    )


class RehearsalReplyInput(_ToolInput):
    session_id: str = Field(min_length=1, max_length=64)
    reply: str = Field(min_length=1, max_length=2000)


class Operations:
    """What the plugin can do, on one runtime; rehearsal sessions live in memory."""

    def __init__(self, runtime: Runtime | None = None) -> None:
        self.runtime = runtime or Runtime()
        self._sessions: dict[str, RehearsalSession] = {}
        self._lock = threading.Lock()

    # The engine is chosen the one way every surface chooses it (assistant.engines):
    # WALKAWAY_ENGINE in the server's environment, else offline. The MCP server passes the
    # host's model instead when the host offers sampling.
    engine: str | None = None

    def search_playbook(self, data: SearchInput) -> list[dict[str, Any]]:
        hits = self.runtime.get_retriever().search(data.query, k=data.k)
        return [
            hit.model_dump(include={"text", "source", "section", "rule_ids", "score"})
            for hit in hits
        ]

    def get_rule(self, data: RuleInput) -> dict[str, Any]:
        try:
            rule = self.runtime.rulebook.get(data.rule_id)
        except KeyError:
            raise InputError(
                f"No rule {data.rule_id!r}; list them with the walkaway://rules resource."
            ) from None
        return rule.model_dump()

    def rule_index(self) -> list[dict[str, str]]:
        return [
            {"id": r.id, "kind": r.kind, "title": r.title}
            for r in self.runtime.rulebook.rules.values()
        ]

    def critique_deal(self, data: CritiqueInput, engine: Engine | None = None) -> dict[str, Any]:
        result = critique(
            self.runtime, data.text, minimum=data.minimum, maximum=data.maximum,
            target=data.target, offer=data.offer, currency=data.currency, engine=engine or self.engine,
        )  # fmt: skip
        return result.model_dump(mode="json")

    def draft_exit_message(self, data: ExitInput, engine: Engine | None = None) -> dict[str, Any]:
        request = ExitRequest(**data.model_dump())
        result = draft_exit(self.runtime, request, engine=engine or self.engine)
        payload = result.model_dump(mode="json")
        payload["sent"] = False  # drafts are returned to the user, never sent anywhere
        return payload

    def start_rehearsal(
        self, data: StartRehearsalInput, engine: Engine | None = None
    ) -> dict[str, Any]:
        if data.scenario == "custom" and not (data.brief or "").strip():
            raise InputError("A custom rehearsal needs a brief: one sentence on the situation.")
        session = RehearsalSession(
            scenario=data.scenario, tactic=data.tactic, custom_brief=data.brief
        )
        session_id = uuid.uuid4().hex[:12]
        with self._lock:
            if len(self._sessions) >= MAX_SESSIONS:
                self._sessions.pop(next(iter(self._sessions)))
            self._sessions[session_id] = session
        return {
            "session_id": session_id,
            "counterparty": session.next_line(self.runtime, engine or self.engine),
        }

    def rehearsal_reply(
        self, data: RehearsalReplyInput, engine: Engine | None = None
    ) -> dict[str, Any]:
        session = self._sessions.get(data.session_id)
        if session is None:
            raise InputError("No rehearsal with that session_id; start one with start_rehearsal.")
        coaching = session.answer(self.runtime, data.reply, engine or self.engine)
        return {
            "coaching": coaching.model_dump(mode="json"),
            "counterparty": session.next_line(self.runtime, engine or self.engine),
            "scorecard": session.scorecard(),
        }
