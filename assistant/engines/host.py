"""The host engine: the model steps run on the chat host's own model, through MCP
sampling (`sampling/createMessage`), when the host that runs `walkaway mcp` offers it.

No key is needed and the user's deal goes only where their host already sends it. The
steps, the guards, the floors and the verdict policy are the LLM engine's and the code's:
only the model differs. The host returns text, so a structured step asks for one JSON
object matching the step's schema (given in the prompt, and in the request's metadata for
hosts that can constrain decoding with it) and reads it leniently.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, ConfigDict

from assistant.engines.llm import LLMEngine, _unavailable
from assistant.engines.protocol import EngineUnavailable
from assistant.prompts import checked_inputs, load_prompt
from assistant.schemas import EngineName

if TYPE_CHECKING:
    from assistant.runtime import Runtime

# system prompt, user text, token cap, JSON schema or None -> (text, the model's name)
Sample = Callable[[str, str, int, dict[str, Any] | None], tuple[str, str]]

MAX_TOKENS = 800
_JSON_OBJECT = re.compile(r"\{.*\}", re.S)


def _split(messages: list[BaseMessage]) -> tuple[str, str]:
    """A sampling request has one system prompt and the conversation: (system, the rest)."""
    system = "\n\n".join(str(m.content) for m in messages if isinstance(m, SystemMessage))
    rest = "\n\n".join(str(m.content) for m in messages if not isinstance(m, SystemMessage))
    return system, rest


class HostChatModel(BaseChatModel):
    """A LangChain chat model whose every call is a sampling request to the MCP host."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    sample: Any  # Sample

    @property
    def _llm_type(self) -> str:
        return "mcp-host-sampling"

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        system, user = _split(messages)
        text, model = self.sample(system, user, MAX_TOKENS, None)
        message = AIMessage(content=text, response_metadata={"model_name": model})
        return ChatResult(generations=[ChatGeneration(message=message)])


class HostEngine(LLMEngine):
    """The LLM engine's steps on the MCP host's model."""

    name: EngineName = "host"
    label = "host's model"
    compact = True  # hosts' models vary; short prompts and bounds suit every one

    def __init__(self, runtime: Runtime, sample: Sample) -> None:
        super().__init__(runtime)
        self._sample = sample
        self._lock = threading.Lock()
        self.models: list[str] = []  # the names the host reported, for the badge

    def _record(
        self, system: str, user: str, tokens: int, schema: dict[str, Any] | None
    ) -> tuple[str, str]:
        text, model = self._sample(system, user, tokens, schema)
        with self._lock:
            if model not in self.models:
                self.models.append(model)
        return text, model

    def chat_model(self) -> BaseChatModel:
        return HostChatModel(sample=self._record)

    def _structured(
        self,
        name: str,
        schema: type[BaseModel],
        json_schema: dict[str, Any],
        inputs: dict[str, Any],
    ) -> Any:
        try:
            messages = load_prompt(name).format_messages(**checked_inputs(name, inputs))
            system, user = _split(messages)
            system += (
                "\n\nAnswer with one JSON object only, no other text, matching this JSON "
                f"schema:\n{json.dumps(json_schema)}"
            )
            text, _ = self._record(system, user, MAX_TOKENS, json_schema)
        except Exception as error:
            raise _unavailable(self.runtime, name, error) from None
        found = _JSON_OBJECT.search(text)
        if found is None:
            raise EngineUnavailable("the host's model did not answer with JSON")
        try:
            return schema.model_validate(json.loads(found.group(0)))
        except ValueError:
            raise EngineUnavailable(
                "the host's model's JSON did not fit the expected format"
            ) from None
