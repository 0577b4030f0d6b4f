"""The engines behind one interface (protocol.py), and the one function that chooses the
engine for every surface: the CLI, the UI, the MCP server and the LangChain tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.engines.fallback import WithFallback
    from assistant.engines.protocol import Engine
    from assistant.runtime import Runtime

DEFAULT_ENGINE = "offline"


def _llm(runtime: Runtime) -> Engine:
    from assistant.engines.llm import LLMEngine  # LangChain's OpenAI client loads only here

    return LLMEngine(runtime)


def _local(runtime: Runtime) -> Engine:
    from assistant.engines.local import LocalEngine

    return LocalEngine(runtime)


def _offline(runtime: Runtime) -> Engine:
    return runtime.offline


def _local_available(runtime: Runtime) -> bool:
    from assistant.local_model import available

    return available(runtime.settings)


@dataclass(frozen=True)
class EngineChoice:
    build: Callable[[Runtime], Engine]
    title: str  # how a picker names it
    available: Callable[[Runtime], bool]  # whether it can answer at all on this set-up


ENGINES: dict[str, EngineChoice] = {
    "offline": EngineChoice(_offline, "Offline (no key, no network)", lambda runtime: True),
    "llm": EngineChoice(_llm, "LLM", lambda runtime: runtime.has_chat_model),
    "local": EngineChoice(_local, "Local model (llama.cpp, no key)", _local_available),
}


def available_engines(runtime: Runtime) -> list[str]:
    """The engines a picker offers: those that can answer on this set-up."""
    return [name for name, choice in ENGINES.items() if choice.available(runtime)]


def choose_engine(
    argument: str | None = None, session: str | None = None, settings: Settings | None = None
) -> str:
    """The engine's name: the explicit argument, then the session's choice (the UI's
    switch), then WALKAWAY_ENGINE, then the default. Offline is the default even when a key
    is set: a deal leaves the machine only when the user asks for a model."""
    name = argument or session or (settings.engine if settings else None) or DEFAULT_ENGINE
    if name not in ENGINES:
        raise InputError(f"Unknown engine {name!r}; choose one of: {', '.join(ENGINES)}.")
    return name


def select_engine(
    runtime: Runtime, argument: str | Engine | None = None, session: str | None = None
) -> WithFallback:
    """The chosen engine with retries, and the offline engine behind it. The argument may
    be an engine itself: the MCP server passes the host's model when the host samples."""
    from assistant.engines.fallback import WithFallback

    if argument is None or isinstance(argument, str):
        primary = ENGINES[choose_engine(argument, session, runtime.settings)].build(runtime)
    else:
        primary = argument
    settings = runtime.settings
    return WithFallback(
        primary,
        runtime.offline,
        retries=settings.max_retries,
        backoff_s=settings.retry_backoff_s,
    )
