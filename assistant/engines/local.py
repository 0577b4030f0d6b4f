"""The local engine: the LLM engine's steps on a GGUF model that llama.cpp serves on
loopback (assistant/local_model.py). No key, no network; the packaged SmolLM2-135M by
default, any GGUF file the user has through WALKAWAY_LOCAL_GGUF."""

from __future__ import annotations

import threading

from langchain_core.language_models import BaseChatModel

from assistant.engines.llm import LLMEngine, StructuredMethod
from assistant.local_model import ensure_server
from assistant.schemas import EngineName

# Small models loop on free text; a repeat penalty, temperature 0 and a token cap keep
# them deterministic and short (measured with SmolLM2-135M: schema-valid answers).
REPEAT_PENALTY = 1.15
MAX_TOKENS = 400

_MODELS: dict[str, BaseChatModel] = {}
_LOCK = threading.Lock()


class LocalEngine(LLMEngine):
    name: EngineName = "local"
    label = "local model"
    structured_method: StructuredMethod = "json_schema"  # the server turns it into a grammar
    context_hits = 2  # short prompts and answers: every token costs on two CPU cores
    compact = True

    def chat_model(self) -> BaseChatModel:
        from langchain_openai import ChatOpenAI

        settings = self.runtime.settings
        server = ensure_server(settings)
        with _LOCK:
            model = _MODELS.get(server.openai_url)
            if model is None:
                model = ChatOpenAI(
                    model=server.model_name,
                    base_url=server.openai_url,
                    api_key="local",  # the server checks none; the client needs a value
                    timeout=max(settings.timeout_s, 120.0),
                    max_retries=0,
                    temperature=0,
                    max_tokens=MAX_TOKENS,
                    extra_body={"repeat_penalty": REPEAT_PENALTY},
                )
                _MODELS[server.openai_url] = model
        return model
