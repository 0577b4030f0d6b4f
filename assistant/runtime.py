"""The objects every task needs, built lazily once and injectable in tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings, load_settings
from assistant.rules import Rulebook, load_rulebook

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel

    from assistant.detector import SignalDetector
    from assistant.engines.offline import OfflineEngine
    from assistant.retrieval import Retriever
    from assistant.store import KnowledgeStore
    from assistant.tagger import SentenceTagger


@dataclass
class Runtime:
    """Settings plus the rulebook, embedder, store and chat model the tasks use.

    Pass any of them to inject a fake; the rest are built on first use.
    """

    settings: Settings = field(default_factory=load_settings)
    rulebook: Rulebook = field(default_factory=load_rulebook)
    embedder: Embeddings | None = None
    store: KnowledgeStore | None = None
    chat_model: BaseChatModel | None = None
    tagger: SentenceTagger | None = None
    heads_tagger: SentenceTagger | None = None
    _detector: SignalDetector | None = None
    _offline: OfflineEngine | None = None
    _retriever: Retriever | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        # An injected reader serves the heads too, unless they are given their own. One the
        # runtime loads itself never does: the heads load the tagger they were fitted on.
        if self.heads_tagger is None:
            self.heads_tagger = self.tagger

    @classmethod
    def scratch(cls, folder: Path, settings: Settings | None = None, **overrides: Any) -> Runtime:
        """A runtime for a measurement: its data in `folder` (nothing of the user's is read
        or written), no Chroma server, the offline engine unless `overrides` say otherwise."""
        base = settings or load_settings()
        update = {"data_dir": Path(folder), "store_path": None, "chroma_url": None}
        return cls(settings=base.model_copy(update={**update, "engine": "offline", **overrides}))

    def get_embedder(self) -> Embeddings:
        with self._lock:
            if self.embedder is None:
                from assistant.embeddings import make_embedder

                self.embedder = make_embedder(self.settings)
            return self.embedder

    def get_store(self) -> KnowledgeStore:
        with self._lock:
            if self.store is None:
                from assistant.ingest import ingest
                from assistant.store import open_store

                self.store = open_store(self.settings, self.get_embedder())
                # Idempotent and quick when nothing changed; keeps the index in step with
                # knowledge/ after an update.
                ingest(None, self.store, self.rulebook)
            return self.store

    def get_retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                from assistant.retrieval import Retriever

                self._retriever = Retriever(self.get_store())
            return self._retriever

    def get_tagger(self) -> SentenceTagger:
        """The fine-tuned local reader; it needs the published MiniLM weights whatever
        embedder the store uses."""
        with self._lock:
            if self.tagger is None:
                from assistant.tagger import load_tagger

                self.tagger = load_tagger(
                    Path(self.settings.model_dir), self.settings.minilm_precision
                )
            return self.tagger

    def get_heads_tagger(self) -> SentenceTagger:
        """The tagger whose vectors the learned heads (stance, coach, carry) were fitted on:
        the one kept beside them (assistant/data/heads/), else the reader of deals. An
        injected reader with no heads' tagger injected serves both."""
        with self._lock:
            if self.heads_tagger is None:
                from assistant.tagger import load_heads_tagger

                self.heads_tagger = load_heads_tagger(
                    Path(self.settings.model_dir), self.settings.minilm_precision
                )
            return self.heads_tagger

    def get_detector(self) -> SignalDetector:
        with self._lock:
            if self._detector is None:
                from assistant.detector import SignalDetector
                from assistant.lexical import load_lexical_reader
                from assistant.screening import load_screen

                self._detector = SignalDetector(
                    self.rulebook,
                    self.get_tagger(),
                    load_lexical_reader(),
                    load_screen() if self.settings.screen_long_texts else None,
                )
            return self._detector

    def get_chat_model(self) -> BaseChatModel:
        with self._lock:
            if self.chat_model is None:
                from assistant.engines.llm import make_chat_model

                self.chat_model = make_chat_model(self.settings)
            return self.chat_model

    @property
    def has_chat_model(self) -> bool:
        """A chat model was given, or one is configured (a key or a base URL)."""
        return self.chat_model is not None or self.settings.has_llm

    @property
    def offline(self) -> OfflineEngine:
        """The offline engine: the default, the fallback, and the floor under a model."""
        with self._lock:
            if self._offline is None:
                from assistant.engines.offline import OfflineEngine

                self._offline = OfflineEngine(self)
            return self._offline
