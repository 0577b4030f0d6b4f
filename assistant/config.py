"""Settings: one object read from the environment and an optional `.env`; where data lives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
PROMPTS_DIR = PROJECT_ROOT / "prompts"
EVALS_DIR = PROJECT_ROOT / "evals"


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "walkaway"


def _default_model_dir() -> Path:
    # Chroma's own cache layout, so a model fetched by Chroma (or built by us) serves both.
    return Path.home() / ".cache" / "chroma" / "onnx_models" / "all-MiniLM-L6-v2" / "onnx"


class Settings(BaseSettings):
    """Every knob of Walkaway. Environment variables are `WALKAWAY_<NAME>`."""

    model_config = SettingsConfigDict(
        env_prefix="WALKAWAY_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    engine: Literal["offline", "llm", "local"] = Field(
        default="offline",
        description="Which engine answers: offline (no key), llm (an OpenAI-compatible "
        "server) or local (a GGUF model served on loopback by llama.cpp).",
    )
    model: str = Field(default="gpt-4o-mini", description="Chat model name for the LLM engine.")
    base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("WALKAWAY_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, Azure).",
    )
    api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("WALKAWAY_API_KEY", "OPENAI_API_KEY"),
        description="API key for the LLM engine and OpenAI embeddings; never logged.",
    )
    timeout_s: float = Field(default=30.0, description="Seconds before an LLM call times out.")
    screen_long_texts: bool = Field(
        default=False,
        description="Screen a text over 20,000 characters and read closely only its likeliest "
        "sentences (under 2 s for 200,000 characters, some signs missed) instead of reading "
        "every sentence closely (about 6.5 s) (assistant/screening.py).",
    )
    max_retries: int = Field(default=2, description="Retries on 429, 5xx and timeouts.")
    retry_backoff_s: float = Field(
        default=1.0, description="First wait between retries (doubles each time)."
    )
    local_gguf: Path | None = Field(
        default=None,
        description="GGUF file for the local engine (default: the packaged SmolLM2-135M).",
    )
    local_port: int = Field(
        default=8766, ge=1, le=65535, description="Loopback port of the local model server."
    )
    local_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Threads for the local model (1 stays fast on a busy 2-core machine).",
    )
    local_context: int = Field(default=4096, ge=512, description="Context size of the local model.")
    mcp_sampling: bool = Field(
        default=True,
        description="Under `walkaway mcp`, run model steps on the host's model when it samples.",
    )
    redact: bool = Field(
        default=False,
        description="Mask names, emails, phones and amounts before text goes to the LLM.",
    )
    embedder: Literal["minilm", "openai"] = Field(
        default="minilm", description="minilm (local ONNX, no network) or openai."
    )
    minilm_precision: Literal["int8", "fp32"] = Field(
        default="int8",
        description="Local model weights: int8 (twice as fast, same eval figures) or fp32.",
    )
    openai_embedding_model: str = Field(
        default="text-embedding-3-small", description="Embedding model when embedder=openai."
    )
    model_dir: Path = Field(
        default_factory=_default_model_dir,
        description="Folder of the local all-MiniLM-L6-v2 ONNX model (Chroma's cache layout).",
    )
    data_dir: Path = Field(
        default_factory=_default_data_dir, description="Where the store and saved deals live."
    )
    store_path: Path | None = Field(
        default=None, description="Embedded Chroma folder (default: DATA_DIR/chroma)."
    )
    chroma_url: str | None = Field(
        default=None, description="Chroma server URL (http://host:port); overrides store_path."
    )

    @property
    def chroma_path(self) -> Path:
        return self.store_path or self.data_dir / "chroma"

    @property
    def deals_db(self) -> Path:
        return self.data_dir / "deals.sqlite3"

    @property
    def has_llm(self) -> bool:
        return self.api_key is not None or self.base_url is not None

    def key_value(self) -> str | None:
        return self.api_key.get_secret_value() if self.api_key else None


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and `.env`, with explicit overrides on top."""
    clean = {name: value for name, value in overrides.items() if value is not None}
    return Settings(**clean)
