"""The Chroma store: an embedded persistent client or a server, one collection per embedder."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, cast

import chromadb
import numpy as np
from chromadb.api.types import Metadata, Where
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.embeddings import embedder_name
from assistant.errors import WalkawayError

log = logging.getLogger(__name__)

COLLECTION_PREFIX = "walkaway"
_BATCH = 256


class StoreUnavailable(WalkawayError):
    """The store could not be opened or reached."""


def make_client(settings: Settings) -> chromadb.ClientAPI:
    """An HTTP client when a server URL is configured, else an embedded persistent one."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            from urllib.parse import urlparse

            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as error:
        where = settings.chroma_url or settings.chroma_path
        raise StoreUnavailable(f"Cannot open the knowledge store at {where}: {error}") from error


@contextmanager
def file_lock(path: Path | None) -> Iterator[None]:
    """An exclusive lock on a file, across processes; no lock when path is None."""
    if path is None:
        yield
        return
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # blocks until the other process is done
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def collection_name(embedder_name: str) -> str:
    # Chroma names: 3-512 chars of [a-zA-Z0-9._-], starting and ending alphanumeric.
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", embedder_name).strip("-._")
    return f"{COLLECTION_PREFIX}-{safe}"


class KnowledgeStore:
    """The chunks of the knowledge base and their vectors, for one embedder."""

    def __init__(
        self,
        client: chromadb.ClientAPI,
        embedder: Embeddings,
        name: str | None = None,
        lock_path: Path | None = None,
    ):
        self.lock_path = lock_path
        self.embedder = embedder
        self.embedder_name: str = embedder_name(embedder)
        self.name = name or collection_name(self.embedder_name)
        try:
            self.vectorstore = Chroma(
                client=client,
                collection_name=self.name,
                embedding_function=embedder,
                collection_metadata={"embedder": self.embedder_name},
                collection_configuration={"hnsw": {"space": "cosine"}},
            )
            self.collection = self.vectorstore._collection
        except Exception as error:
            raise StoreUnavailable(f"Cannot open collection {self.name}: {error}") from error
        stored = (self.collection.metadata or {}).get("embedder")
        if stored and stored != self.embedder_name:
            raise StoreUnavailable(
                f"Collection {self.name} holds vectors of {stored}, not {self.embedder_name}."
            )

    def count(self) -> int:
        return self.collection.count()

    def write_lock(self) -> AbstractContextManager[None]:
        """Serialise writers across processes sharing an embedded store (a server needs none)."""
        return file_lock(self.lock_path)

    def file_hashes(self) -> dict[str, str]:
        """Each stored source file and the content hash its chunks came from."""
        heads = self.collection.get(where={"head": True}, include=["metadatas"])
        return {str(meta["source"]): str(meta["file_hash"]) for meta in heads["metadatas"] or []}

    def embed_centroids(self, parts: list[list[str]]) -> list[list[float]]:
        """One unit vector per item: the normalised mean of its parts' vectors."""
        flat = [text for item in parts for text in item]
        vectors = np.asarray(self.embedder.embed_documents(flat), dtype=np.float32)
        out: list[list[float]] = []
        start = 0
        for item in parts:
            mean = vectors[start : start + len(item)].mean(axis=0)
            out.append((mean / max(float(np.linalg.norm(mean)), 1e-12)).tolist())
            start += len(item)
        return out

    def upsert(
        self,
        ids: list[str],
        texts: list[str],
        embed_parts: list[list[str]],
        metadatas: list[dict[str, Any]],
    ) -> None:
        for start in range(0, len(ids), _BATCH):
            stop = start + _BATCH
            vectors = self.embed_centroids(embed_parts[start:stop])
            self.collection.upsert(
                ids=ids[start:stop],
                embeddings=np.asarray(vectors, dtype=np.float32),
                documents=texts[start:stop],
                metadatas=cast(list[Metadata], metadatas[start:stop]),
            )

    def delete_source(self, source: str) -> None:
        self.collection.delete(where={"source": source})

    def delete_stale(self, source: str, current_hash: str) -> None:
        """Drop a source's chunks left over from an earlier version of the file."""
        stale = cast(Where, {"$and": [{"source": source}, {"file_hash": {"$ne": current_hash}}]})
        self.collection.delete(where=stale)

    def delete_sources(self, sources: Iterable[str]) -> None:
        for source in sources:
            self.delete_source(source)


def open_store(
    settings: Settings,
    embedder: Embeddings | None = None,
    client: chromadb.ClientAPI | None = None,
) -> KnowledgeStore:
    """The store the settings describe, with the configured (or given) embedder."""
    if embedder is None:
        from assistant.embeddings import make_embedder

        embedder = make_embedder(settings)
    lock = None if settings.chroma_url else settings.chroma_path / "walkaway-write.lock"
    # Two processes creating the same embedded store at once race on its SQLite schema.
    with file_lock(lock):
        return KnowledgeStore(client or make_client(settings), embedder, lock_path=lock)
